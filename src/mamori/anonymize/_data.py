"""Input tables: a CSV or Parquet file, a DataFrame, a mapping of columns or an iterable of rows.

Everything becomes text columns, because hierarchies match values as text. Error messages name
columns and line numbers, never a value.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias, cast, overload

import numpy as np
import numpy.typing as npt

from mamori.errors import AnonymizationError

__all__ = [
    "CodedColumn",
    "DataInput",
    "Table",
    "as_objects",
    "codes_of",
    "read_table",
    "text",
]

_BLOCK = 65_536  # lines split at once: bounds the strings alive while reading

DataInput: TypeAlias = (
    "str | os.PathLike[str] | Mapping[str, Sequence[Any]] | Iterable[Mapping[str, Any]] | Any"
)


@dataclass(frozen=True)
class Table:
    """A table of text values, column-wise."""

    header: tuple[str, ...]
    columns: dict[str, Sequence[str]] = field(repr=False)  # values never go to logs
    rows: int
    source: str = "input"
    first_line: int = 0  # line of the first data row in a file; 0 when the rows were given
    lines: tuple[int, ...] | None = field(default=None, repr=False)  # when not consecutive

    def place(self, row: int) -> str:
        """Where row `row` (0-based) comes from, for messages."""
        if self.lines is not None:
            return f"{self.source}:{self.lines[row]}"
        if self.first_line:
            return f"{self.source}:{row + self.first_line}"
        return f"row {row + 1}"

    def require(self, names: Iterable[str], option: str) -> None:
        for name in names:
            if name not in self.columns:
                known = ", ".join(self.header)
                raise AnonymizationError(
                    f"unknown column '{name}' ({option}); the input has: {known}", field=option
                )


def text(value: object) -> str:
    """The text a hierarchy matches: integral floats lose their `.0`, missing values become ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value)


class CodedColumn(Sequence[str]):
    """A column held as integer codes into its distinct values, in order of first appearance.

    Reads like a sequence of strings, but a million rows of a few distinct values cost a few
    megabytes instead of a million string objects.
    """

    __slots__ = ("codes", "values")

    def __init__(self, codes: npt.NDArray[np.int32], values: tuple[str, ...]) -> None:
        self.codes = codes
        self.values = values

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self.values[c] for c in self.codes[index].tolist()]
        return self.values[int(self.codes[index])]

    def __iter__(self) -> Iterator[str]:
        return map(self.values.__getitem__, self.codes.tolist())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def codes_of(values: Sequence[str]) -> tuple[npt.NDArray[np.int64], tuple[str, ...]]:
    """Integer codes of a column's values and the distinct values, in order of appearance."""
    if isinstance(values, CodedColumn):
        return values.codes.astype(np.int64), values.values
    index: dict[str, int] = {}
    for value in dict.fromkeys(values):
        index[value] = len(index)
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    return codes, tuple(index)


def as_objects(values: Sequence[str]) -> npt.NDArray[np.object_]:
    """The column as a numpy object array, for fancy indexing."""
    if isinstance(values, CodedColumn):
        out: npt.NDArray[np.object_] = np.array(values.values, dtype=object)[values.codes]
        return out
    return np.asarray(values, dtype=object)


def read_table(source: DataInput, *, delimiter: str | None = None) -> Table:
    """Read any supported input into a `Table`."""
    if isinstance(source, Table):
        return source
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise AnonymizationError(f"{path}: no such file", field="input")
        if path.suffix.lower() in {".parquet", ".pq"}:
            return _read_parquet(path)
        return _read_csv(path, delimiter)
    if isinstance(source, Mapping):
        return _from_columns(source, "input")
    if hasattr(source, "columns") and hasattr(source, "__getitem__"):
        return _from_frame(source)
    if isinstance(source, Iterable):
        return _from_rows(cast(Iterable[Mapping[str, Any]], source))
    raise AnonymizationError(
        "input must be a CSV or Parquet path, a DataFrame, a mapping of columns or rows",
        field="input",
    )


def _sniff(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path, delimiter: str | None) -> Table:
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise AnonymizationError(
            f"{path}: not UTF-8 text; save it as UTF-8", field="input"
        ) from None
    first = content.split("\n", 1)[0]
    sep = delimiter or _sniff(first)
    if '"' not in content:
        fast = _split_plain(content, sep, path)
        if fast is not None:
            return fast
        # No quoting, but blank lines, CRLF or ragged rows: go line by line.
        lines = content.split("\n")
        header_row = [h.strip() for h in lines[0].rstrip("\r").split(sep)]
        numbered = [(i, line.rstrip("\r")) for i, line in enumerate(lines[1:], start=2)]
        rows = [line.split(sep) for _, line in numbered if line]
        line_numbers = [i for i, line in numbered if line]
    else:
        try:
            reader = csv.reader(io.StringIO(content, newline=""), delimiter=sep)
            header_row = [h.strip() for h in next(reader, [])]
            rows, line_numbers = [], []
            for row in reader:
                if row:
                    rows.append(row)
                    line_numbers.append(reader.line_num)
        except csv.Error as error:
            raise AnonymizationError(
                f"{path}: not a readable CSV file ({error})", field="input"
            ) from None
    if not content.strip() or not header_row:
        raise AnonymizationError(f"{path}: the file is empty; give a header line", field="input")
    _check_header(header_row, str(path))
    width = len(header_row)
    for number, row in zip(line_numbers, rows, strict=True):
        if len(row) != width:
            raise AnonymizationError(
                f"{path}:{number}: {len(row)} fields where the header has {width}",
                field="input",
            )
    columns: dict[str, Sequence[str]] = {}
    if rows:
        for name, values in zip(header_row, zip(*rows, strict=True), strict=True):
            columns[name] = values
    else:
        columns = dict.fromkeys(header_row, ())
    return Table(
        tuple(header_row), columns, len(rows), str(path), first_line=2, lines=tuple(line_numbers)
    )


def _split_plain(content: str, sep: str, path: Path) -> Table | None:
    """Unquoted, regular files (the common case): split in blocks, store columns as codes.

    Returns None when the file has blank lines, carriage returns or ragged rows, which the
    line-by-line reader handles and reports.
    """
    if "\r" in content or "\n\n" in content.rstrip("\n"):
        return None
    head, _, data = content.rstrip("\n").partition("\n")
    header_row = [h.strip() for h in head.split(sep)]
    width = len(header_row)
    if not data or not all(header_row):
        return None
    lines = data.split("\n")
    del data
    if set(map(str.count, lines, itertools.repeat(sep))) != {width - 1}:
        return None
    _check_header(header_row, str(path))
    n = len(lines)
    indexes: list[dict[str, int]] = [{} for _ in range(width)]
    codes = [np.empty(n, dtype=np.int32) for _ in range(width)]
    for start in range(0, n, _BLOCK):
        flat = sep.join(lines[start : start + _BLOCK]).split(sep)
        for j in range(width):
            index = indexes[j]
            # One hash per value: setdefault gives a new value the next code.
            block = [index.setdefault(value, len(index)) for value in flat[j::width]]
            codes[j][start : start + len(block)] = block
    columns: dict[str, Sequence[str]] = {
        name: CodedColumn(codes[j], tuple(indexes[j])) for j, name in enumerate(header_row)
    }
    return Table(tuple(header_row), columns, n, str(path), first_line=2)


def _read_parquet(path: Path) -> Table:
    import polars as pl

    try:
        frame = pl.read_parquet(path)
    except Exception as error:  # polars raises several unrelated types for a bad file
        raise AnonymizationError(
            f"{path}: not a readable Parquet file ({type(error).__name__})", field="input"
        ) from None
    table = _from_frame(frame)
    return Table(table.header, table.columns, table.rows, str(path), first_line=0)


def _check_header(header: Sequence[str], source: str) -> None:
    seen: set[str] = set()
    for name in header:
        if not name:
            raise AnonymizationError(f"{source}: a column has no name in the header", field="input")
        if name in seen:
            raise AnonymizationError(f"{source}: column '{name}' appears twice", field="input")
        seen.add(name)


def _from_columns(columns: Mapping[str, Sequence[Any]], source: str) -> Table:
    header = tuple(str(name) for name in columns)
    _check_header(header, source)
    converted: dict[str, Sequence[str]] = {}
    length: int | None = None
    for name, values in zip(header, columns.values(), strict=True):
        texts = [text(v) for v in values]
        if length is not None and len(texts) != length:
            raise AnonymizationError(
                f"column '{name}' has {len(texts)} values where the others have {length}",
                field="input",
            )
        length = len(texts)
        converted[name] = texts
    return Table(header, converted, length or 0, source)


def _from_frame(frame: Any) -> Table:
    columns: dict[str, Sequence[Any]] = {}
    for name in frame.columns:
        series = frame[name]
        to_list = getattr(series, "to_list", None) or getattr(series, "tolist", None)
        columns[str(name)] = to_list() if to_list is not None else list(series)
    return _from_columns(columns, "DataFrame")


def _from_rows(rows: Iterable[Mapping[str, Any]]) -> Table:
    materialised = list(rows)
    header: dict[str, None] = {}
    for row in materialised:
        if not isinstance(row, Mapping):
            raise AnonymizationError("each row must be a mapping of column to value", field="input")
        for name in row:
            header.setdefault(str(name), None)
    columns = {name: [text(row.get(name)) for row in materialised] for name in header}
    return Table(tuple(header), dict(columns), len(materialised), "rows")
