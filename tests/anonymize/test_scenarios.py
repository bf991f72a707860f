"""Seed promises kept by the anonymize engine (to move to tests/seeds/ once the register feeds it).

- OP-8 (onplanetz): statistics by gender, age and service usage go to third parties for
  advertising analysis, made so that no individual can be identified.
- WOX-4 (wox): statistics shown to users or third parties pass the declared minimum group size.
- AZ-6 (aozora): research hand-over without direct identifiers, at the declared k, recorded with
  recipient and terms.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from mamori.anonymize import (
    TOTAL,
    IntervalHierarchy,
    PrefixHierarchy,
    research_export,
    statistics_table,
)


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


def test_op8_statistics_by_gender_age_and_usage_meet_the_minimum_cell_size() -> None:
    release = statistics_table(
        members(800),
        dimensions=["gender", "age", "usage"],
        recode={"age": (IntervalHierarchy((10, 20)), 2)},
        min_cell_size=10,
        recipient="advertising partner",
        purpose="advertising analysis and marketing",
        terms="aggregate use only; no attempt to identify individuals",
    )
    published = [c.count for c in release.cells if c.count is not None]
    assert published
    assert all(count == 0 or count >= 10 for count in published)
    assert release.suppressed > 0  # small cells exist in this data and were withheld
    record = release.record.to_dict()
    assert record["recipient"] == "advertising partner"
    assert record["items"] == ["gender", "age", "usage"]
    assert "member 1" not in str(record)


def test_wox4_statistics_for_third_parties_pass_the_minimum_group_size() -> None:
    release = statistics_table(
        members(300),
        dimensions=["region", "usage"],
        min_cell_size=20,
        recipient="press kit",
        purpose="explaining the service to third parties",
    )
    for cell in release.cells:
        assert cell.count is None or cell.count == 0 or cell.count >= 20
    # A suppressed cell never stands alone in a row or column with a published total.
    by_row = Counter(c.key[0] for c in release.cells if c.count is None and TOTAL not in c.key)
    assert all(n != 1 for n in by_row.values())
    assert release.record.parameters["min_cell_size"] == 20


def test_az6_research_export_has_no_direct_identifiers_and_the_declared_k(tmp_path: Path) -> None:
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
