"""The Adult benchmark: Mamori's optimum, and the optima ARX's own regression tests expect.

ARX cannot run here; its test suite (arx-deidentifier/arx, TestAnonymizationKAnonymity and
TestUtilityMetricsLoss) records the optimal transformation and loss ARX found on this same data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.anonymize import anonymize, load_hierarchies
from mamori.anonymize._data import Table, read_table
from mamori.anonymize.hierarchy import HierarchyTable


@pytest.fixture(scope="module")
def adult(adult_dir: Path, adult_columns: list[str]) -> tuple[Table, dict[str, HierarchyTable]]:
    return read_table(adult_dir / "adult.csv"), load_hierarchies(adult_dir, adult_columns)


def test_optimum_for_nine_quasi_identifiers_k5_five_percent_loss(
    adult: tuple[Table, dict[str, HierarchyTable]], adult_columns: list[str]
) -> None:
    table, hierarchies = adult
    result = anonymize(
        table,
        quasi_identifiers=adult_columns,
        hierarchies=hierarchies,
        k=5,
        suppression_limit=0.05,
        metric="loss",
    )
    assert [result.levels[c] for c in adult_columns] == [0, 3, 0, 0, 2, 1, 1, 2, 0]
    assert result.suppressed == 1346
    assert result.value == pytest.approx(0.2419323651, abs=1e-9)
    assert result.optimal
    assert result.risk_after.smallest_class >= 5


@pytest.mark.slow
@pytest.mark.parametrize(
    ("limit", "k", "levels", "loss"),
    [
        (0.04, 5, [1, 0, 1, 1, 3, 2, 2, 0, 1], 255559.85455731067),
        (0.04, 100, [1, 1, 1, 1, 3, 2, 2, 1, 1], 379417.3460570988),
        (0.0, 5, [1, 2, 1, 1, 3, 2, 2, 1, 1], 407289.5388925293),
        (0.0, 100, [0, 4, 1, 1, 3, 2, 2, 1, 1], 453196.8932458743),
    ],
)
def test_monotonic_entropy_optimum_is_the_one_arx_expects(
    adult: tuple[Table, dict[str, HierarchyTable]],
    adult_columns: list[str],
    limit: float,
    k: int,
    levels: list[int],
    loss: float,
) -> None:
    table, hierarchies = adult
    result = anonymize(
        table,
        quasi_identifiers=adult_columns,
        hierarchies=hierarchies,
        k=k,
        suppression_limit=limit,
        metric="entropy-monotonic",
    )
    assert [result.levels[c] for c in adult_columns] == levels
    assert result.value == pytest.approx(loss, rel=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("gs_factor", "levels", "ranked"),
    [
        (0.5, [0, 3, 0, 0, 1, 0, 0, 0], [0.297248193, 0.29678055] + [0.1297659306] * 6),
        (0.0, [0, 0, 0, 0, 0, 0, 0, 0], [0.0] * 8),
        (0.33, [0, 1, 0, 0, 0, 0, 0, 0], [0.2300344804] + [0.1976148796] * 7),
        # Same transformation on the shared files; the values ARX recorded for it come from its
        # own native-country hierarchy (the test below).
        (0.66, [0, 3, 0, 0, 1, 1, 1, 0], None),
    ],
)
def test_ranked_loss_optimum_is_the_one_arx_expects(
    adult: tuple[Table, dict[str, HierarchyTable]],
    adult_columns: list[str],
    gs_factor: float,
    levels: list[int],
    ranked: list[float] | None,
) -> None:
    table, hierarchies = adult
    qi = [c for c in adult_columns if c != "occupation"]
    result = anonymize(
        table,
        quasi_identifiers=qi,
        hierarchies=hierarchies,
        k=5,
        sensitive=["occupation"],
        suppression_limit=1.0,
        metric="loss",
        aggregate="rank",
        gs_factor=gs_factor,
    )
    assert [result.levels[c] for c in qi] == levels
    if ranked is not None:
        assert list(result.score) == ranked


def arx_native_country(adult_dir: Path) -> HierarchyTable:
    """ARX's own adult_hierarchy_native-country.csv: the same as the shared copy except that it
    generalises England to "Europa" (a group of its own), where the shared copy says "Europe"."""
    lines = (adult_dir / "adult_hierarchy_native-country.csv").read_text(encoding="utf-8")
    rows = [line.split(";") for line in lines.splitlines() if line]
    assert ["England", "Europe", "*"] in rows
    return HierarchyTable.from_rows(
        [["England", "Europa", "*"] if row[0] == "England" else row for row in rows]
    )


@pytest.mark.slow
def test_ranked_loss_at_gs_factor_066_is_arx_value_on_arx_own_hierarchy(
    adult: tuple[Table, dict[str, HierarchyTable]], adult_columns: list[str], adult_dir: Path
) -> None:
    # TestUtilityMetricsLoss case 31 (k=5, 100% suppression, gs-factor 0.66). Its level-0
    # attributes read suppressed/n = 0.0643524965, i.e. 1,941 records; the shared hierarchy
    # merges England into Europe, which leaves 1,883 records in classes smaller than 5.
    table, hierarchies = adult
    qi = [c for c in adult_columns if c != "occupation"]
    arx_hierarchies = {**hierarchies, "native-country": arx_native_country(adult_dir)}
    result = anonymize(
        table,
        quasi_identifiers=qi,
        hierarchies=arx_hierarchies,
        k=5,
        sensitive=["occupation"],
        suppression_limit=1.0,
        metric="loss",
        aggregate="rank",
        gs_factor=0.66,
    )
    assert [result.levels[c] for c in qi] == [0, 3, 0, 0, 1, 1, 1, 0]
    assert result.suppressed == 1941
    assert list(result.score) == [
        0.2381886447,
        0.2373814339,
        0.1860658044,
        0.1839097593,
        *[0.0643524965] * 4,
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("limit", "k", "levels", "dm_star"),
    [
        (0.04, 5, [1, 4, 1, 0, 3, 2, 2, 1], 3.11880088e8),
        (0.04, 100, [1, 4, 1, 0, 3, 2, 2, 1], 3.11880088e8),
        (0.0, 5, [1, 4, 1, 1, 3, 2, 2, 1], 4.56853172e8),
        (0.0, 100, [1, 4, 1, 1, 3, 2, 2, 1], 4.56853172e8),
    ],
)
def test_equal_distance_t_closeness_optimum_is_the_one_arx_expects(
    adult: tuple[Table, dict[str, HierarchyTable]],
    adult_columns: list[str],
    limit: float,
    k: int,
    levels: list[int],
    dm_star: float,
) -> None:
    table, hierarchies = adult
    qi = [c for c in adult_columns if c != "occupation"]
    result = anonymize(
        table,
        quasi_identifiers=qi,
        hierarchies=hierarchies,
        k=k,
        sensitive=["occupation"],
        t_closeness=0.2,
        suppression_limit=limit,
        metric="discernibility-monotonic",
    )
    assert [result.levels[c] for c in qi] == levels
    assert result.value == dm_star
