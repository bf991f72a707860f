"""Hierarchies declared by a small spec, as a policy file will hold them.

Interval widths for numbers (with optional top/bottom coding), prefix lengths for codes such as
postal codes, granularity for dates; `hierarchy_from_spec` builds any of them (or reads a CSV file)
from a mapping. Each is materialised for the values a table holds.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from mamori.anonymize.hierarchy import TOP, Hierarchy, HierarchyTable
from mamori.errors import AnonymizationError

__all__ = ["DateHierarchy", "IntervalHierarchy", "PrefixHierarchy", "hierarchy_from_spec"]


def _number(value: str, column: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if math.isnan(number) or math.isinf(number):
        raise AnonymizationError(
            f"column '{column}': a value is not a number; an interval hierarchy needs numbers",
            field=column,
        )
    return number


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


@dataclass(frozen=True)
class IntervalHierarchy:
    """Numeric ranges of growing width: widths (5, 10, 20) turn 37 into 35-39, 30-39, 20-39, *.

    Each width must be a multiple of the previous one so the ranges nest. Values below `bottom` or
    at or above `top` are coded as `<bottom` / `>=top` on every level but 0 (top/bottom coding).
    """

    widths: tuple[float, ...]
    start: float = 0
    bottom: float | None = None
    top: float | None = None

    def __post_init__(self) -> None:
        if not self.widths or any(w <= 0 for w in self.widths):
            raise AnonymizationError("interval widths must be positive numbers", field="widths")
        for small, large in zip(self.widths, self.widths[1:], strict=False):
            ratio = large / small
            if abs(ratio - round(ratio)) > 1e-9 or ratio < 1:
                raise AnonymizationError(
                    f"interval width {_fmt(large)} is not a multiple of {_fmt(small)}; "
                    "each width must be a multiple of the previous one so ranges nest",
                    field="widths",
                )
        if self.bottom is not None and self.top is not None and self.bottom >= self.top:
            raise AnonymizationError("bottom must be below top", field="bottom")

    @property
    def height(self) -> int:
        return len(self.widths) + 2

    def _label(self, number: float, width: float) -> str:
        if self.bottom is not None and number < self.bottom:
            return f"<{_fmt(self.bottom)}"
        if self.top is not None and number >= self.top:
            return f">={_fmt(self.top)}"
        low = self.start + math.floor((number - self.start) / width) * width
        integral = float(width).is_integer() and float(low).is_integer()
        high = low + width - 1 if integral else low + width
        return f"{_fmt(low)}-{_fmt(high)}"

    def table_for(self, values: Collection[str], *, column: str) -> HierarchyTable:
        coded = {
            f"<{_fmt(self.bottom)}" if self.bottom is not None else None,
            f">={_fmt(self.top)}" if self.top is not None else None,
        }
        rows = []
        for value in sorted(set(values)):
            if value in coded:  # already top/bottom coded, e.g. by anonymously_processed()
                rows.append((value, *(value for _ in self.widths), TOP))
                continue
            number = _number(value, column)
            rows.append((value, *(self._label(number, w) for w in self.widths), TOP))
        return HierarchyTable(tuple(rows), f"interval hierarchy of '{column}'")


@dataclass(frozen=True)
class PrefixHierarchy:
    """Keeps a shrinking prefix, masking the rest: lengths (5, 3) make 1500001 15000**, 150****, *.

    Suits postal codes, phone area codes and other codes whose prefix is coarser.
    """

    lengths: tuple[int, ...]
    mask: str = "*"

    def __post_init__(self) -> None:
        if not self.lengths or any(n < 0 for n in self.lengths):
            raise AnonymizationError("prefix lengths must be whole numbers >= 0", field="lengths")
        if any(a <= b for a, b in zip(self.lengths, self.lengths[1:], strict=False)):
            raise AnonymizationError(
                "prefix lengths must decrease (for example 5, 3, 1)", field="lengths"
            )

    @property
    def height(self) -> int:
        return len(self.lengths) + 2

    def table_for(self, values: Collection[str], *, column: str) -> HierarchyTable:
        rows = []
        for value in sorted(set(values)):
            levels = [value[:n] + self.mask * max(0, len(value) - n) for n in self.lengths]
            rows.append((value, *levels, TOP))
        return HierarchyTable(tuple(rows), f"prefix hierarchy of '{column}'")


_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")
_GRANULARITY = ("month", "quarter", "year", "decade")


@dataclass(frozen=True)
class DateHierarchy:
    """ISO dates coarsened step by step: ("month", "year") make 2024-03-15 2024-03, 2024, *."""

    granularity: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.granularity:
            raise AnonymizationError("give at least one date granularity", field="granularity")
        for unit in self.granularity:
            if unit not in _GRANULARITY:
                raise AnonymizationError(
                    f"unknown date granularity '{unit}'; use {', '.join(_GRANULARITY)}",
                    field="granularity",
                )
        ranks = [_GRANULARITY.index(u) for u in self.granularity]
        if ranks != sorted(set(ranks)):
            raise AnonymizationError(
                "date granularity must go from fine to coarse, e.g. month, year",
                field="granularity",
            )

    @property
    def height(self) -> int:
        return len(self.granularity) + 2

    def table_for(self, values: Collection[str], *, column: str) -> HierarchyTable:
        rows = []
        for value in sorted(set(values)):
            match = _DATE.match(value)
            if match is None:
                raise AnonymizationError(
                    f"column '{column}': a value is not an ISO date (YYYY-MM-DD)", field=column
                )
            year, month = int(match.group(1)), int(match.group(2))
            try:
                dt.date(year, month, int(match.group(3) or 1))
            except ValueError:
                raise AnonymizationError(
                    f"column '{column}': a value is not a valid date", field=column
                ) from None
            labels = {
                "month": f"{year:04d}-{month:02d}",
                "quarter": f"{year:04d}-Q{(month - 1) // 3 + 1}",
                "year": f"{year:04d}",
                "decade": f"{year // 10 * 10:04d}s",
            }
            rows.append((value, *(labels[u] for u in self.granularity), TOP))
        return HierarchyTable(tuple(rows), f"date hierarchy of '{column}'")


def _numbers(spec: Mapping[str, object], key: str) -> tuple[float, ...]:
    raw = spec.get(key)
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise AnonymizationError(f"hierarchy spec needs '{key}': a list of numbers", field=key)
    try:
        return tuple(float(x) for x in raw)
    except (TypeError, ValueError):
        raise AnonymizationError(f"hierarchy spec '{key}' must be numbers", field=key) from None


def _optional_number(spec: Mapping[str, object], key: str) -> float | None:
    raw = spec.get(key)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise AnonymizationError(f"hierarchy spec '{key}' must be a number", field=key)
    return float(raw)


def hierarchy_from_spec(spec: Mapping[str, object]) -> Hierarchy:
    """Build a hierarchy from a small declaration, as a policy file will hold it.

    {"type": "interval", "widths": [5, 10, 20], "bottom": 18, "top": 90}
    {"type": "prefix", "lengths": [5, 3, 1]}
    {"type": "date", "granularity": ["month", "year"]}
    {"type": "csv", "path": "hierarchies/age.csv"}
    """
    kind = spec.get("type")
    if kind == "interval":
        start = _optional_number(spec, "start")
        return IntervalHierarchy(
            _numbers(spec, "widths"),
            start=0 if start is None else start,
            bottom=_optional_number(spec, "bottom"),
            top=_optional_number(spec, "top"),
        )
    if kind == "prefix":
        lengths = _numbers(spec, "lengths")
        if any(not n.is_integer() for n in lengths):
            raise AnonymizationError("prefix lengths must be whole numbers", field="lengths")
        return PrefixHierarchy(tuple(int(n) for n in lengths))
    if kind == "date":
        raw = spec.get("granularity")
        if not isinstance(raw, Sequence) or isinstance(raw, str):
            raise AnonymizationError(
                "hierarchy spec needs 'granularity': a list such as [month, year]",
                field="granularity",
            )
        return DateHierarchy(tuple(str(u) for u in raw))
    if kind == "csv":
        path = spec.get("path")
        if not isinstance(path, str):
            raise AnonymizationError("hierarchy spec needs 'path' to a CSV file", field="path")
        delimiter = spec.get("delimiter", ";")
        return HierarchyTable.from_csv(path, delimiter=str(delimiter))
    raise AnonymizationError(
        f"unknown hierarchy type {kind!r}; use interval, prefix, date or csv", field="type"
    )
