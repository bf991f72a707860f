"""`anonymize()`: what every output guarantees, and clear errors for bad input."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mamori.anonymize import HierarchyTable, IntervalHierarchy, anonymize
from mamori.errors import AnonymizationError

ZIP = HierarchyTable.from_rows(
    [(z, z[:2] + "*", "*") for z in ("130", "131", "140", "141", "150")], source="zip.csv"
)
AGE = IntervalHierarchy((5, 10, 20))


def people(n: int, seed: int) -> list[dict[str, str]]:
    return [
        {
            "zip": ("130", "131", "140", "141", "150")[(i * 7 + seed) % 5],
            "age": str(20 + (i * 13 + seed) % 40),
            "disease": ("flu", "cold", "asthma", "ulcer")[(i * 3 + seed) % 4],
            "name": f"person-{i}",
        }
        for i in range(n)
    ]


def classes(result_rows: list[dict[str, str]], qi: list[str]) -> dict[tuple[str, ...], list[str]]:
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for row in result_rows:
        groups[tuple(row[c] for c in qi)].append(row.get("disease", ""))
    return groups


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(5, 60),
    seed=st.integers(0, 100),
    k=st.integers(2, 5),
    limit=st.sampled_from([0.0, 0.05, 0.2]),
    l_div=st.sampled_from([None, 2]),
    t=st.sampled_from([None, 0.3]),
)
def test_every_output_class_meets_k_l_and_t_within_the_suppression_limit(
    n: int, seed: int, k: int, limit: float, l_div: int | None, t: float | None
) -> None:
    rows = people(n, seed)
    try:
        result = anonymize(
            rows,
            quasi_identifiers=["zip", "age"],
            hierarchies={"zip": ZIP, "age": AGE},
            k=k,
            sensitive=["disease"],
            l_diversity=l_div,
            t_closeness=t,
            suppression_limit=limit,
        )
    except AnonymizationError:
        return  # no generalisation meets the models: nothing released
    out = result.to_dicts()
    assert len(out) == n - result.suppressed
    assert result.suppressed <= math.floor(limit * n)
    everywhere = Counter(r["disease"] for r in rows)
    for members in classes(out, ["zip", "age"]).values():
        assert len(members) >= k
        if l_div is not None:
            assert len(set(members)) >= l_div
        if t is not None:
            here = Counter(members)
            distance = sum(abs(here[v] / len(members) - everywhere[v] / n) for v in everywhere)
            assert distance / 2 <= t + 1e-9


def test_output_holds_only_quasi_identifiers_sensitive_and_kept_columns() -> None:
    result = anonymize(
        people(40, 1),
        quasi_identifiers=["zip", "age"],
        hierarchies={"zip": ZIP, "age": AGE},
        k=3,
        sensitive=["disease"],
    )
    assert result.columns == ("zip", "age", "disease")
    assert "name" not in result.to_dicts()[0]


def test_generalised_values_come_from_the_hierarchy_levels() -> None:
    result = anonymize(
        people(40, 1),
        quasi_identifiers=["zip", "age"],
        hierarchies={"zip": ZIP, "age": AGE},
        k=3,
    )
    labels = {row[result.levels["zip"]] for row in ZIP.rows}
    assert {row["zip"] for row in result.to_dicts()} <= labels


def test_report_gives_levels_suppression_metric_and_risk() -> None:
    result = anonymize(
        people(40, 2),
        quasi_identifiers=["zip", "age"],
        hierarchies={"zip": ZIP, "age": AGE},
        k=4,
        suppression_limit=0.1,
    )
    report = result.report()
    assert report["levels"] == result.levels
    assert report["records"] == {
        "input": 40,
        "output": 40 - result.suppressed,
        "suppressed": result.suppressed,
    }
    risk = report["risk"]
    assert isinstance(risk, dict)
    assert risk["after"]["highest_risk"] <= 1 / 4
    assert risk["before"]["highest_risk"] >= risk["after"]["highest_risk"]


def test_heuristic_search_returns_an_anonymous_result_not_claimed_optimal() -> None:
    result = anonymize(
        people(50, 3),
        quasi_identifiers=["zip", "age"],
        hierarchies={"zip": ZIP, "age": AGE},
        k=5,
        search="heuristic",
        time_limit=2.0,
    )
    assert not result.optimal
    assert all(len(m) >= 5 for m in classes(result.to_dicts(), ["zip", "age"]).values())


def test_hierarchy_specs_are_accepted_in_place_of_objects() -> None:
    result = anonymize(
        people(30, 4),
        quasi_identifiers=["age"],
        hierarchies={"age": {"type": "interval", "widths": [10, 20]}},
        k=5,
    )
    assert result.levels["age"] >= 1


def test_a_value_missing_from_its_hierarchy_names_column_and_row_not_the_value() -> None:
    rows = people(10, 0)
    rows[6]["zip"] = "999"
    with pytest.raises(AnonymizationError) as caught:
        anonymize(rows, quasi_identifiers=["zip"], hierarchies={"zip": ZIP}, k=2)
    assert "'zip'" in caught.value.message
    assert "row 7" in caught.value.message
    assert "zip.csv" in caught.value.message
    assert "999" not in caught.value.message


def test_k_larger_than_the_table_is_refused() -> None:
    with pytest.raises(AnonymizationError, match="larger than the table"):
        anonymize(people(4, 0), quasi_identifiers=["zip"], hierarchies={"zip": ZIP}, k=5)


def test_an_unknown_column_is_named_with_the_known_ones() -> None:
    with pytest.raises(AnonymizationError, match=r"unknown column 'postcode'.*zip, age"):
        anonymize(people(4, 0), quasi_identifiers=["postcode"], hierarchies={}, k=2)


def test_a_quasi_identifier_without_hierarchy_is_refused() -> None:
    with pytest.raises(AnonymizationError, match="no hierarchy for quasi-identifier 'age'"):
        anonymize(people(4, 0), quasi_identifiers=["age"], hierarchies={}, k=2)


def test_l_diversity_without_a_sensitive_column_is_refused() -> None:
    with pytest.raises(AnonymizationError, match="sensitive"):
        anonymize(
            people(9, 0), quasi_identifiers=["zip"], hierarchies={"zip": ZIP}, k=2, l_diversity=2
        )


def test_an_impossible_model_says_so() -> None:
    rows = [{"zip": "130", "disease": "flu"}] * 6
    with pytest.raises(AnonymizationError, match="not even the most general"):
        anonymize(
            rows,
            quasi_identifiers=["zip"],
            hierarchies={"zip": ZIP},
            k=2,
            sensitive=["disease"],
            l_diversity=2,
        )


def test_unknown_metric_lists_the_choices() -> None:
    with pytest.raises(AnonymizationError, match="loss, entropy"):
        anonymize(
            people(9, 0),
            quasi_identifiers=["zip"],
            hierarchies={"zip": ZIP},
            k=2,
            metric="precision",
        )


def test_suppressed_records_are_the_ones_in_small_classes() -> None:
    rows = [{"zip": "130"}] * 5 + [{"zip": "150"}]
    result = anonymize(
        rows, quasi_identifiers=["zip"], hierarchies={"zip": ZIP}, k=5, suppression_limit=0.2
    )
    assert result.levels == {"zip": 0}
    assert result.suppressed == 1
    assert Counter(r["zip"] for r in result.to_dicts()) == {"130": 5}


def test_progress_reports_candidates_done_out_of_total() -> None:
    seen: list[tuple[int, int]] = []
    anonymize(
        people(60, 5),
        quasi_identifiers=["zip", "age"],
        hierarchies={"zip": ZIP, "age": AGE},
        k=4,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen
    assert all(0 < done <= total for done, total in seen)
    assert seen[-1][0] == seen[-1][1]


def test_a_lattice_too_large_to_enumerate_switches_to_the_timed_heuristic() -> None:
    columns = [f"q{i}" for i in range(18)]  # 2**18 = 262,144 nodes
    flags = HierarchyTable.from_rows([("0", "*"), ("1", "*")])
    rows = [{c: str((i >> (j % 6)) & 1) for j, c in enumerate(columns)} for i in range(64)]
    result = anonymize(
        rows,
        quasi_identifiers=columns,
        hierarchies=dict.fromkeys(columns, flags),
        k=4,
        time_limit=2.0,
    )
    assert result.search_mode == "heuristic"
    assert not result.optimal
    assert result.lattice_size == 2**18
    groups = Counter(tuple(r[c] for c in columns) for r in result.to_dicts())
    assert min(groups.values()) >= 4
