"""Writing releases atomically: every file appears complete, or none does."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO

from mamori.errors import AnonymizationError

__all__ = ["write_all", "write_json", "write_table"]

Writer = Callable[[Path], None]


def write_all(targets: Sequence[tuple[str | os.PathLike[str], Writer]]) -> None:
    """Write each target to a temporary file beside it, then move them all into place.

    If any writer fails, the temporary files are removed and no target is touched.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, writer in targets:
            path = Path(target)
            if not path.parent.is_dir():
                raise AnonymizationError(
                    f"{path.parent}: no such directory for the output {path.name}", field="output"
                )
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            os.close(handle)
            staged.append((Path(name), path))
            writer(Path(name))
        for staging, final in staged:
            os.replace(staging, final)
        staged = []
    finally:
        for staging, _ in staged:
            staging.unlink(missing_ok=True)


def write_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    parquet: bool = False,
    delimiter: str = ",",
) -> Writer:
    def writer(path: Path) -> None:
        if parquet:
            _write_parquet(path, columns, rows)
            return
        with path.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
            out.writerow(columns)
            out.writerows(rows)

    return writer


def _write_parquet(path: Path, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    import polars as pl

    data = list(rows)
    frame = pl.DataFrame(
        {name: [row[i] for row in data] for i, name in enumerate(columns)},
        schema=dict.fromkeys(columns, pl.String),
    )
    frame.write_parquet(path)


def write_json(document: object) -> Writer:
    def writer(path: Path) -> None:
        with path.open("w", encoding="utf-8") as handle:
            _dump(document, handle)

    return writer


def _dump(document: object, handle: IO[str]) -> None:
    json.dump(document, handle, ensure_ascii=False, indent=2, sort_keys=False)
    handle.write("\n")
