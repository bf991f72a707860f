"""`research_export` on a table given to it: direct identifiers out, the declared k, a record.

The seed scenarios (OP-8, WOX-4, AZ-6) run through the register in tests/seeds/; the statistics
engine has its own tests in test_stats.py.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from mamori.anonymize import IntervalHierarchy, PrefixHierarchy, research_export
from mamori.errors import AnonymizationError


def members(n: int, seed: int = 8) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [
        {
            "member_id": f"u{i:06d}",
            "name": f"member {i}",
            "email": f"member{i}@example.org",
            "gender": rng.choice(["female", "male", "female", "male", "other"]),
            "age": str(rng.randint(16, 85)),
            "usage": rng.choice(["daily", "weekly", "weekly", "monthly", "rarely"]),
            "region": rng.choice(["Tokyo", "Osaka", "Kyoto", "Aomori"]),
            "postcode": f"{rng.randint(100, 999)}{rng.randint(0, 9999):04d}",
            "posts": str(rng.randint(0, 400)),
        }
        for i in range(n)
    ]


def test_a_research_export_drops_direct_identifiers_and_meets_k(tmp_path: Path) -> None:
    gender = tmp_path / "gender.csv"
    gender.write_text("female;*\nmale;*\nother;*\n", encoding="utf-8")
    export = research_export(
        members(500),
        direct_identifiers=["member_id", "name", "email"],
        quasi_identifiers=["gender", "age", "postcode"],
        hierarchies={
            "gender": {"type": "csv", "path": str(gender)},
            "age": IntervalHierarchy((5, 10, 20, 40)),
            "postcode": PrefixHierarchy((3, 1)),
        },
        k=10,
        keep=["posts"],
        suppression_limit=0.02,
        recipient="University research group",
        terms="research use only; results published only in aggregate",
    )
    rows = export.to_dicts()
    assert not {"member_id", "name", "email"} & set(export.columns)
    assert export.removed == ("member_id", "name", "email")
    groups = Counter((r["gender"], r["age"], r["postcode"]) for r in rows)
    assert min(groups.values()) >= 10
    record = export.record.to_dict()
    assert record["kind"] == "research_export"
    assert record["recipient"] == "University research group"
    assert record["terms"] == "research use only; results published only in aggregate"
    parameters = record["parameters"]
    assert isinstance(parameters, dict)
    assert parameters["k"] == 10
    assert parameters["direct_identifiers_removed"] == ["member_id", "name", "email"]


@pytest.mark.parametrize("option", ["quasi_identifiers", "sensitive", "keep"])
def test_a_direct_identifier_cannot_be_released(option: str) -> None:
    chosen = {"quasi_identifiers": ["age"], "sensitive": [], "keep": [], option: ["email"]}
    if option == "quasi_identifiers":
        chosen["quasi_identifiers"] = ["age", "email"]
    with pytest.raises(AnonymizationError, match=f"'email' cannot be released \\({option}\\)"):
        research_export(
            members(20),
            direct_identifiers=["member_id", "name", "email"],
            quasi_identifiers=chosen["quasi_identifiers"],
            sensitive=chosen["sensitive"],
            keep=chosen["keep"],
            hierarchies={"age": IntervalHierarchy((10,))},
            k=2,
            recipient="Lab",
            terms="research only",
        )


def test_a_research_export_needs_recipient_and_terms() -> None:
    with pytest.raises(AnonymizationError, match="recipient and the terms"):
        research_export(
            members(20),
            direct_identifiers=[],
            quasi_identifiers=["age"],
            hierarchies={"age": IntervalHierarchy((10,))},
            k=2,
            recipient="Lab",
            terms=" ",
        )
