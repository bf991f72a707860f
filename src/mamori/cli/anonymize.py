"""`mamori anonymize INPUT ...`: a k-anonymous release of a CSV or Parquet file.

Kept thin and light: numpy and the engine are imported inside the command, so that other
commands and `mamori --help` do not pay for them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["anonymize"]

_Callback = Callable[[int, int], None]


def _columns(option: str, value: str | None) -> list[str]:
    if not value:
        return []
    names = [name.strip() for name in value.split(",")]
    if any(not name for name in names):
        from mamori.errors import AnonymizationError

        raise AnonymizationError(f"{option}: an empty column name in '{value}'", field=option)
    return names


def anonymize(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT", help="CSV or Parquet file.")],
    qi: Annotated[str, typer.Option("--qi", help="Quasi-identifiers, comma-separated.")],
    hierarchies: Annotated[
        Path,
        typer.Option(
            "--hierarchies", help="Folder with *_hierarchy_<column>.csv or <column>.csv files."
        ),
    ],
    k: Annotated[int, typer.Option("--k", help="Minimum size of every equivalence class.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output .csv or .parquet.")],
    report: Annotated[Path, typer.Option("--report", help="Report JSON file.")],
    sensitive: Annotated[
        str | None, typer.Option("--sensitive", help="Sensitive columns, comma-separated.")
    ] = None,
    l_diversity: Annotated[
        int | None, typer.Option("--l", help="Distinct l-diversity of the sensitive columns.")
    ] = None,
    t_closeness: Annotated[
        float | None, typer.Option("--t", help="t-closeness (equal distance) of sensitive columns.")
    ] = None,
    suppression: Annotated[
        float, typer.Option("--suppression", help="Share of records that may be suppressed.")
    ] = 0.0,
    metric: Annotated[
        str,
        typer.Option(
            "--metric",
            help="loss, entropy or discernibility (or their -monotonic variants).",
        ),
    ] = "loss",
    keep: Annotated[
        str | None, typer.Option("--keep", help="Other columns to release unchanged.")
    ] = None,
    search: Annotated[str, typer.Option("--search", help="auto, optimal or heuristic.")] = "auto",
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", help="Seconds; the heuristic stops then.")
    ] = None,
    recipient: Annotated[
        str | None, typer.Option("--recipient", help="Who receives it: adds a release record.")
    ] = None,
    purpose: Annotated[str | None, typer.Option("--purpose", help="Why it is released.")] = None,
    terms: Annotated[str | None, typer.Option("--terms", help="Terms of use.")] = None,
) -> None:
    """Generalise quasi-identifiers to the optimal k-anonymous table and write it with a report."""
    from mamori.anonymize import anonymize as run
    from mamori.anonymize import load_hierarchies, read_table, write_all, write_json, write_table

    quasi = _columns("--qi", qi)
    table = read_table(input_path)
    found = load_hierarchies(hierarchies, quasi)
    with _Progress() as progress:
        result = run(
            table,
            quasi_identifiers=quasi,
            hierarchies=found,
            k=k,
            sensitive=_columns("--sensitive", sensitive),
            l_diversity=l_diversity,
            t_closeness=t_closeness,
            suppression_limit=suppression,
            metric=metric,
            keep=_columns("--keep", keep),
            search=search,
            time_limit=time_limit,
            progress=progress,
        )
    document = result.report()
    document["input"] = str(input_path)
    document["output"] = str(output)
    if recipient is not None:
        from mamori.anonymize import release_record

        record = release_record(
            result, kind="k_anonymous", recipient=recipient, purpose=purpose, terms=terms
        )
        document["release_record"] = record.to_dict()
    parquet = output.suffix.lower() in {".parquet", ".pq"}
    delimiter = ";" if not parquet and _uses_semicolons(input_path) else ","
    write_all(
        [
            (
                output,
                write_table(result.columns, result.rows(), parquet=parquet, delimiter=delimiter),
            ),
            (report, write_json(document)),
        ]
    )
    levels = ", ".join(f"{name}={level}" for name, level in result.levels.items())
    typer.echo(
        f"{result.records_out} records written to {output} ({result.suppressed} suppressed); "
        f"levels {levels}; {result.metric.value} {result.value:.6g}"
        + ("" if result.optimal else " (not proven optimal)"),
        err=True,
    )


def _uses_semicolons(path: Path) -> bool:
    """Keep the input's separator for a CSV output (Adult uses semicolons)."""
    if path.suffix.lower() in {".parquet", ".pq"}:
        return False
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        first = handle.readline()
    return first.count(";") > first.count(",")


class _Progress:
    """A Rich progress bar on stderr when it is a terminal; a no-op otherwise."""

    def __enter__(self) -> _Callback | None:
        if not sys.stderr.isatty():
            self._bar = None
            return None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar = Progress(
            TextColumn("searching the lattice"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("candidate nodes"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        task = self._bar.add_task("search", total=None)
        bar = self._bar

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
