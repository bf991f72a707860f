"""Statistics releases: counts by declared dimensions, small cells suppressed.

The table is published with its margins (every row, column and higher-dimensional total, and the
grand total). A count below the minimum cell size is suppressed (primary suppression). Then, as
long as some line of the table (the cells along one dimension, with their total) holds exactly one
suppressed cell, another cell of that line is suppressed too (complementary suppression), so that
no total minus the published cells gives a suppressed count away. This is the usual line-by-line
rule; it does not claim to resist an attacker who solves the whole system of totals at once.

Optional differential privacy: discrete Laplace noise of scale 1/epsilon on every interior count
through OpenDP (each person is in one cell, so one person changes the counts by 1 in L1); noisy
counts below zero become zero, and totals are sums of the noisy counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from mamori.anonymize._data import DataInput, codes_of, read_table
from mamori.anonymize.declared import hierarchy_from_spec
from mamori.anonymize.hierarchy import Hierarchy
from mamori.anonymize.records import ReleaseRecord
from mamori.errors import AnonymizationError, ConfigError

__all__ = ["TOTAL", "Cell", "StatisticsRelease", "statistics_table"]

TOTAL = "(total)"
_MAX_CELLS = 2_000_000


@dataclass(frozen=True)
class Cell:
    key: tuple[str, ...]  # one value per dimension; TOTAL where summed over
    count: int | None  # None when suppressed
    suppression: str | None = None  # "primary" or "complementary"

    @property
    def is_total(self) -> bool:
        return TOTAL in self.key


@dataclass(frozen=True)
class StatisticsRelease:
    dimensions: tuple[str, ...]
    cells: tuple[Cell, ...]
    min_cell_size: int
    record: ReleaseRecord

    def count(self, *key: str) -> int | None:
        for cell in self.cells:
            if cell.key == key:
                return cell.count
        raise KeyError(key)

    def to_dicts(self) -> list[dict[str, object]]:
        return [
            {**dict(zip(self.dimensions, c.key, strict=True)), "count": c.count} for c in self.cells
        ]

    @property
    def suppressed(self) -> int:
        return sum(1 for c in self.cells if c.count is None)


def statistics_table(
    data: DataInput,
    *,
    dimensions: Sequence[str],
    min_cell_size: int,
    recipient: str,
    purpose: str,
    terms: str | None = None,
    recode: Mapping[str, tuple[Hierarchy | Mapping[str, object], int]] | None = None,
    categories: Mapping[str, Sequence[str]] | None = None,
    epsilon: float | None = None,
    now: dt.datetime | None = None,
) -> StatisticsRelease:
    """Count records by `dimensions` and release the table with small cells suppressed.

    `recode` maps a dimension to (hierarchy, level), e.g. ages to 10-year bands before counting;
    `categories` lists a dimension's values in order (values absent from the data count 0).
    """
    if isinstance(min_cell_size, bool) or not isinstance(min_cell_size, int) or min_cell_size < 1:
        raise AnonymizationError("min_cell_size must be a whole number >= 1", field="min_cell_size")
    if not dimensions:
        raise AnonymizationError("give at least one dimension", field="dimensions")
    if not recipient or not purpose:
        raise AnonymizationError("a release needs its recipient and purpose", field="recipient")
    if epsilon is not None and not epsilon > 0:
        raise AnonymizationError("epsilon must be > 0", field="epsilon")
    table = read_table(data)
    table.require(dimensions, "dimensions")
    labels: list[list[str]] = []
    codes: list[npt.NDArray[np.int64]] = []
    for name in dimensions:
        value_codes, distinct = codes_of(table.columns[name])
        recoded = _recoded(distinct, name, (recode or {}).get(name))
        declared = list((categories or {}).get(name, sorted(set(recoded))))
        lookup = {v: i for i, v in enumerate(declared)}
        slot = np.array([lookup.get(v, -1) for v in recoded], dtype=np.int64)
        missing = np.flatnonzero(slot < 0)
        if len(missing):
            first = int(np.flatnonzero(np.isin(value_codes, missing))[0])
            raise AnonymizationError(
                f"{table.place(first)}: the value of '{name}' is not among its declared "
                "categories; add it there",
                field=name,
            )
        labels.append(declared)
        codes.append(slot[value_codes] if len(slot) else value_codes)
    shape = tuple(len(v) for v in labels)
    if int(np.prod(shape, dtype=np.float64)) > _MAX_CELLS:
        raise AnonymizationError(
            f"the table would have {int(np.prod(shape, dtype=np.float64))} cells; "
            "recode dimensions into fewer categories",
            field="dimensions",
        )
    flat = np.ravel_multi_index(codes, shape) if table.rows else np.zeros(0, dtype=np.int64)
    counts = np.bincount(flat, minlength=int(np.prod(shape))).reshape(shape).astype(np.int64)
    noise: dict[str, object] | None = None
    if epsilon is not None:
        counts, noise = _laplace(counts, epsilon)
    full = _with_margins(counts)
    primary = (full > 0) & (full < min_cell_size)
    suppressed = _complementary(full, primary.copy())
    cells = []
    for position in np.ndindex(full.shape):
        key = tuple(TOTAL if i == len(labels[d]) else labels[d][i] for d, i in enumerate(position))
        if suppressed[position]:
            kind = "primary" if primary[position] else "complementary"
            cells.append(Cell(key, None, kind))
        else:
            cells.append(Cell(key, int(full[position])))
    published = sum(1 for c in cells if c.count is not None)
    record = ReleaseRecord(
        kind="statistics",
        items=tuple(dimensions),
        records=published,
        recipient=recipient,
        purpose=purpose,
        terms=terms,
        legal_basis="statistics (no link to a person)",
        parameters={
            "min_cell_size": min_cell_size,
            "cells": len(cells),
            "primary_suppressed": int(primary.sum()),
            "complementary_suppressed": int(suppressed.sum() - primary.sum()),
            "recode": {k: {"level": lv} for k, (_, lv) in (recode or {}).items()},
            "noise": noise,
            "source_records": table.rows,
        },
    )
    if now is not None:
        record = replace(record, created_at=now)
    return StatisticsRelease(tuple(dimensions), tuple(cells), min_cell_size, record)


def _recoded(
    values: Sequence[str], name: str, how: tuple[Hierarchy | Mapping[str, object], int] | None
) -> Sequence[str]:
    if how is None:
        return values
    spec, level = how
    hierarchy = hierarchy_from_spec(spec) if isinstance(spec, Mapping) else spec
    if not 0 <= level < hierarchy.height:
        raise AnonymizationError(
            f"level {level} of '{name}' is outside its hierarchy (0..{hierarchy.height - 1})",
            field=name,
        )
    tab = hierarchy.table_for(set(values), column=name)
    index = tab.index()
    try:
        return [tab.rows[index[v]][level] for v in values]
    except KeyError:
        raise AnonymizationError(
            f"a value of '{name}' is not in its hierarchy ({tab.source}); add it there", field=name
        ) from None


def _with_margins(counts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The table extended by one 'total' slot per dimension, filled with the sums."""
    full = np.zeros(tuple(n + 1 for n in counts.shape), dtype=np.int64)
    full[tuple(slice(0, n) for n in counts.shape)] = counts
    for axis, n in enumerate(counts.shape):
        inner: list[slice | int] = [slice(None)] * counts.ndim
        inner[axis] = slice(0, n)
        total: list[slice | int] = [slice(None)] * counts.ndim
        total[axis] = n
        full[tuple(total)] = full[tuple(inner)].sum(axis=axis)
    return full


def _complementary(
    full: npt.NDArray[np.int64], suppressed: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Suppress more cells until no line (along any dimension) has exactly one suppressed cell."""
    changed = True
    while changed:
        changed = False
        for axis in range(full.ndim):
            values = np.moveaxis(full, axis, -1).reshape(-1, full.shape[axis])
            mask = np.moveaxis(suppressed, axis, -1).reshape(-1, full.shape[axis])
            lonely = np.flatnonzero(mask.sum(axis=1) == 1)
            for line in lonely:
                row, taken = values[line], mask[line]
                # Prefer the smallest positive inner cell, then an inner zero, then the total.
                inner = len(row) - 1
                choices = [
                    (0 if row[i] > 0 else 1, 1 if i == inner else 0, int(row[i]), i)
                    for i in range(len(row))
                    if not taken[i]
                ]
                if not choices:
                    continue
                pick = min(choices)[3]
                index = [int(i) for i in np.unravel_index(line, _outer(full, axis))]
                index.insert(axis, pick)
                suppressed[tuple(index)] = True
                changed = True
            if changed:
                break
    return suppressed


def _outer(full: npt.NDArray[np.int64], axis: int) -> tuple[int, ...]:
    return tuple(n for i, n in enumerate(full.shape) if i != axis)


def _laplace(
    counts: npt.NDArray[np.int64], epsilon: float
) -> tuple[npt.NDArray[np.int64], dict[str, object]]:
    try:
        import opendp.prelude as dp
    except ImportError:
        raise ConfigError(
            "differential privacy needs OpenDP: pip install 'mamori[dp]'", field="epsilon"
        ) from None
    dp.enable_features("contrib")
    measurement = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=1.0 / epsilon
    )
    noisy = np.array(measurement([int(c) for c in counts.ravel()]), dtype=np.int64)
    noisy = np.maximum(noisy, 0).reshape(counts.shape)
    return noisy, {
        "mechanism": "discrete Laplace (OpenDP make_laplace)",
        "epsilon": float(measurement.map(1)),  # type: ignore[no-untyped-call]
        "scale": 1.0 / epsilon,
    }
