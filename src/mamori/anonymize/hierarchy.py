"""Generalisation hierarchies: each value of a quasi-identifier and its generalisations up to `*`.

Two kinds share one interface (`height` and `table_for(values)`):

- `HierarchyTable`, materialised rows such as the CSV files of the ARX tool (`value;gen1;...;*`),
  here;
- hierarchies declared by a small spec (interval widths, prefix lengths, date granularity),
  materialised for the values a table holds: see `mamori.anonymize.declared`.

Every level must nest in the next one (a value's group at level L decides its group at level L+1),
because the lattice search relies on generalisation being monotone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from mamori.errors import AnonymizationError

__all__ = ["TOP", "Hierarchy", "HierarchyTable", "load_hierarchies"]

TOP = "*"


@runtime_checkable
class Hierarchy(Protocol):
    """What the engine needs from a hierarchy."""

    @property
    def height(self) -> int:
        """Number of levels, counting level 0 (the original value) and the top."""
        ...

    def table_for(self, values: Collection[str], *, column: str) -> HierarchyTable:
        """The materialised rows covering `values` (AnonymizationError if one is not covered)."""
        ...


@dataclass(frozen=True)
class HierarchyTable:
    """Materialised hierarchy: one row per original value, then its generalisations."""

    rows: tuple[tuple[str, ...], ...]
    source: str = "<hierarchy>"
    _index: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        _validate_rows(self.rows, self.source, [i + 1 for i in range(len(self.rows))])
        if not self._index:
            self._index.update({row[0]: i for i, row in enumerate(self.rows)})

    @classmethod
    def from_rows(
        cls, rows: Sequence[Sequence[str]], *, source: str = "<hierarchy>"
    ) -> HierarchyTable:
        return cls(tuple(tuple(str(cell) for cell in row) for row in rows), source)

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], *, delimiter: str = ";") -> HierarchyTable:
        """Read a hierarchy file; a malformed line raises AnonymizationError naming file:line."""
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as error:
            raise AnonymizationError(
                f"{source}: cannot read the hierarchy file ({error.strerror}); check the path",
                field="hierarchies",
            ) from None
        except UnicodeDecodeError:
            raise AnonymizationError(
                f"{source}: not UTF-8 text; save the hierarchy as UTF-8", field="hierarchies"
            ) from None
        rows: list[tuple[str, ...]] = []
        lines: list[int] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            rows.append(tuple(cell.strip() for cell in line.split(delimiter)))
            lines.append(number)
        if not rows:
            raise AnonymizationError(
                f"{source}: the hierarchy file is empty; give one line per value: "
                f"value{delimiter}generalisation{delimiter}...{delimiter}*",
                field="hierarchies",
            )
        _validate_rows(rows, source, lines)
        return cls(tuple(rows), source)

    @property
    def height(self) -> int:
        return len(self.rows[0])

    def __len__(self) -> int:
        return len(self.rows)

    def index(self) -> Mapping[str, int]:
        """Original value -> row number."""
        return self._index

    def table_for(self, values: Collection[str], *, column: str) -> HierarchyTable:
        return self


def _validate_rows(rows: Sequence[Sequence[str]], source: str, lines: Sequence[int]) -> None:
    if not rows:
        raise AnonymizationError(f"{source}: the hierarchy has no rows", field="hierarchies")
    width = len(rows[0])
    first_seen: dict[str, int] = {}
    parents: list[dict[str, tuple[str, int]]] = [{} for _ in range(width)]
    for row, line in zip(rows, lines, strict=True):
        if len(row) != width:
            raise AnonymizationError(
                f"{source}:{line}: {len(row)} fields where the first line has {width}; "
                "every line needs the value and the same number of generalisations",
                field="hierarchies",
            )
        if any(cell == "" for cell in row):
            raise AnonymizationError(
                f"{source}:{line}: an empty field; fill in every generalisation (the last is *)",
                field="hierarchies",
            )
        if row[0] in first_seen:
            raise AnonymizationError(
                f"{source}:{line}: the value of this line already has line {first_seen[row[0]]}; "
                "keep one line per value",
                field="hierarchies",
            )
        first_seen[row[0]] = line
        for level in range(1, width - 1):
            seen = parents[level].get(row[level])
            if seen is None:
                parents[level][row[level]] = (row[level + 1], line)
            elif seen[0] != row[level + 1]:
                raise AnonymizationError(
                    f"{source}:{line}: the level-{level} group of this line goes to another "
                    f"level-{level + 1} group than on line {seen[1]}; levels must nest",
                    field="hierarchies",
                )


def load_hierarchies(
    directory: str | os.PathLike[str], columns: Sequence[str], *, delimiter: str = ";"
) -> dict[str, HierarchyTable]:
    """Find one file per column in `directory`: `*_hierarchy_<column>.csv` or `<column>.csv`."""
    folder = Path(directory)
    if not folder.is_dir():
        raise AnonymizationError(
            f"{folder}: no such directory; --hierarchies must name a folder of hierarchy files",
            field="hierarchies",
        )
    found: dict[str, HierarchyTable] = {}
    for column in columns:
        matches = sorted(
            {*folder.glob(f"*_hierarchy_{_glob_escape(column)}.csv")}
            | ({folder / f"{column}.csv"} if (folder / f"{column}.csv").is_file() else set())
        )
        if not matches:
            raise AnonymizationError(
                f"{folder}: no hierarchy for column '{column}'; "
                f"add *_hierarchy_{column}.csv or {column}.csv",
                field=column,
            )
        if len(matches) > 1:
            names = ", ".join(p.name for p in matches)
            raise AnonymizationError(
                f"{folder}: several hierarchies for column '{column}' ({names}); keep one",
                field=column,
            )
        found[column] = HierarchyTable.from_csv(matches[0], delimiter=delimiter)
    return found


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)
