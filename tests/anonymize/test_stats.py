"""Statistics tables: small cells and the cells that would give them away are suppressed."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mamori.anonymize import TOTAL, IntervalHierarchy, StatisticsRelease, statistics_table
from mamori.errors import AnonymizationError, ConfigError


def lines(release: StatisticsRelease) -> list[list[int | None]]:
    """Every line of the table: the cells along one dimension, total included."""
    cells = {c.key: c.count for c in release.cells}
    values = [sorted({c.key[d] for c in release.cells}) for d in range(len(release.dimensions))]
    found = []
    for axis in range(len(values)):
        others = [v for d, v in enumerate(values) if d != axis]
        for fixed in itertools.product(*others):
            line = []
            for value in values[axis]:
                key = list(fixed)
                key.insert(axis, value)
                line.append(cells[tuple(key)])
            found.append(line)
    return found


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from("ab"), st.sampled_from("xyz"), st.sampled_from("pq")),
        min_size=1,
        max_size=80,
    ),
    dims=st.sampled_from([1, 2, 3]),
    minimum=st.integers(2, 6),
)
def test_published_counts_are_true_and_no_line_reveals_a_suppressed_cell(
    rows: list[tuple[str, str, str]], dims: int, minimum: int
) -> None:
    names = ["g", "u", "r"][:dims]
    data = [dict(zip(["g", "u", "r"], r, strict=True)) for r in rows]
    release = statistics_table(
        data, dimensions=names, min_cell_size=minimum, recipient="partner", purpose="stats"
    )
    truth = Counter(tuple(r[:dims]) for r in rows)
    for cell in release.cells:
        if cell.count is None:
            continue
        assert cell.count == 0 or cell.count >= minimum
        expected = sum(
            n
            for key, n in truth.items()
            if all(c in (TOTAL, k) for c, k in zip(cell.key, key, strict=True))
        )
        assert cell.count == expected
    for line in lines(release):
        assert sum(1 for v in line if v is None) != 1


def members(n: int) -> list[dict[str, str]]:
    return [
        {"gender": "FM"[i % 2], "age": str(18 + (i * 7) % 60), "usage": ("low", "high")[i % 3 == 0]}
        for i in range(n)
    ]


def test_recoding_counts_ages_in_bands() -> None:
    release = statistics_table(
        members(100),
        dimensions=["age"],
        min_cell_size=1,
        recipient="r",
        purpose="p",
        recode={"age": (IntervalHierarchy((10,)), 1)},
    )
    assert release.count("10-19") == 100 - sum(1 for m in members(100) if int(m["age"]) >= 20)


def test_declared_categories_show_empty_cells() -> None:
    release = statistics_table(
        members(10),
        dimensions=["gender"],
        min_cell_size=1,
        recipient="r",
        purpose="p",
        categories={"gender": ["F", "M", "other"]},
    )
    assert release.count("other") == 0


def test_a_value_outside_the_declared_categories_names_its_row_not_the_value() -> None:
    with pytest.raises(AnonymizationError) as caught:
        statistics_table(
            members(3),
            dimensions=["gender"],
            min_cell_size=1,
            recipient="r",
            purpose="p",
            categories={"gender": ["F"]},
        )
    assert "row 2" in caught.value.message
    assert "'M'" not in caught.value.message


def test_the_record_says_what_when_to_whom_and_how() -> None:
    at = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
    release = statistics_table(
        members(30),
        dimensions=["gender", "usage"],
        min_cell_size=5,
        recipient="ad agency",
        purpose="advertising analysis",
        terms="no re-identification",
        now=at,
    )
    record = release.record.to_dict()
    assert record["kind"] == "statistics"
    assert record["recipient"] == "ad agency"
    assert record["purpose"] == "advertising analysis"
    assert record["created_at"] == "2025-04-01T00:00:00+00:00"
    assert record["items"] == ["gender", "usage"]
    parameters = record["parameters"]
    assert isinstance(parameters, dict)
    assert parameters["min_cell_size"] == 5


def test_a_release_needs_a_recipient() -> None:
    with pytest.raises(AnonymizationError, match="recipient"):
        statistics_table(
            members(3), dimensions=["gender"], min_cell_size=1, recipient="", purpose="p"
        )


def test_differential_privacy_adds_integer_noise_and_records_epsilon() -> None:
    pytest.importorskip("opendp")
    release = statistics_table(
        members(200),
        dimensions=["gender", "usage"],
        min_cell_size=1,
        recipient="r",
        purpose="p",
        epsilon=1.0,
    )
    assert all(c.count is None or c.count >= 0 for c in release.cells)
    noise = release.record.parameters["noise"]
    assert isinstance(noise, dict)
    assert noise["epsilon"] == pytest.approx(1.0)
    inner = [c.count for c in release.cells if not c.is_total]
    assert release.count(TOTAL, TOTAL) == sum(c for c in inner if c is not None)


def test_without_opendp_noise_asks_for_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "opendp", None)
    monkeypatch.setitem(sys.modules, "opendp.prelude", None)
    with pytest.raises(ConfigError, match=r"mamori\[dp\]"):
        statistics_table(
            members(10),
            dimensions=["gender"],
            min_cell_size=1,
            recipient="r",
            purpose="p",
            epsilon=1.0,
        )
