"""Hierarchies declared on statistics and research releases: shapes and cross-references."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.errors import PolicyError
from mamori.policy import parse_policy, problems_of

ONPLANETZ = (Path(__file__).parents[2] / "examples" / "onplanetz" / "policy.yaml").read_text(
    encoding="utf-8"
)
DECLARED = "      birth_year: {type: interval, widths: [10]}\n"


def with_hierarchy(line: str) -> str:
    assert ONPLANETZ.count(DECLARED) == 1
    return ONPLANETZ.replace(DECLARED, line)


def problems(text: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, source="p.yaml")
    return [str(problem) for problem in problems_of(caught.value)]


def test_the_declared_hierarchy_is_part_of_the_release() -> None:
    release = parse_policy(ONPLANETZ).statistics["ad_market_statistics"]
    spec = release.hierarchies["birth_year"]
    assert (spec.type, spec.widths) == ("interval", [10.0])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("      birth_year: {type: interval}\n", "a hierarchy of type interval needs widths"),
        ("      birth_year: {type: interval, widths: [10, 15]}\n", "not a multiple of 10"),
        ("      birth_year: {type: interval, widths: [0]}\n", "positive numbers"),
        ("      birth_year: {type: interval, widths: [5], bottom: 9, top: 3}\n", "bottom must"),
        ("      birth_year: {type: prefix, lengths: [1, 3]}\n", "lengths must decrease"),
        ("      birth_year: {type: date, granularity: [year, month]}\n", "fine to coarse"),
        (
            "      birth_year: {type: prefix, lengths: [2], widths: [5]}\n",
            "widths do not apply to type prefix",
        ),
        ("      birth_year: {type: bands}\n", "birth_year.type"),
    ],
)
def test_a_malformed_hierarchy_is_refused_at_its_line(line: str, expected: str) -> None:
    found = problems(with_hierarchy(line))
    assert len(found) == 1
    assert expected in found[0]
    assert "statistics.ad_market_statistics.hierarchies.birth_year" in found[0]
    assert found[0].startswith("p.yaml:")


def test_a_hierarchy_must_belong_to_a_dimension_of_its_release() -> None:
    found = problems(with_hierarchy("      job_title: {type: prefix, lengths: [2]}\n"))
    assert len(found) == 1
    assert "'job_title' is not among the dimensions of this release" in found[0]
    assert "add it to statistics.ad_market_statistics.dimensions" in found[0]


def test_a_research_hierarchy_must_belong_to_a_quasi_identifier() -> None:
    aozora = (Path(__file__).parents[2] / "examples" / "aozora" / "policy.yaml").read_text(
        encoding="utf-8"
    )
    declared = "      login_count: {type: interval, widths: [10, 50, 100, 500], top: 1000}\n"
    assert aozora.count(declared) == 1
    text = aozora.replace(
        declared, declared + "      feedback_badges: {type: prefix, lengths: [1]}\n"
    )
    found = problems(text)
    assert len(found) == 1
    assert "'feedback_badges' is not among the quasi identifiers of this release" in found[0]
