"""OP-8 (onplanetz): statistical data by gender, age and service usage, made so that no
individual can be identified, go to third parties for advertising analysis and marketing.

Must show: released tables meet the declared minimum cell size; the release is recorded. The
release is the policy's own (statistics.ad_market_statistics), read from the register with its
purpose by the statistics staff, on 300 synthetic users.

Test data assumption: the policy counts "usage" by its access_log item; here it holds a usage
level (daily, weekly, ...), as a service would summarise its logs for statistics.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_release import open_seed_register, populate, releases, values_in
from sqlalchemy import Engine

from mamori.anonymize import NOT_GIVEN, TOTAL, run_declared_release
from mamori.errors import AccessDeniedError
from mamori.register import Actor, NewSubject, Register

USERS = 300
ANALYST = Actor.staff("analyst-7", "analyst")
RELEASE = "statistics.ad_market_statistics"


def users(count: int, seed: int = 8) -> tuple[list[NewSubject], dict[str, dict[str, str]]]:
    rng = random.Random(seed)
    collected, usage = [], {}
    for i in range(count):
        values = {
            "name": f"Taro Onplanetz{i:03d}",
            "email": f"user{i:03d}@onplanetz.example",
            "birth_year": str(int(rng.triangular(1945, 2006, 1985))),
            "address": f"Tokyo Shibuya {i}-1-{rng.randint(1, 30)}",
            "organization": rng.choice(["Alpha K.K.", "Beta Inc.", "Gamma LLC"]),
        }
        if rng.random() > 0.04:  # a few leave the voluntary gender out
            values["gender"] = rng.choices(["female", "male", "other"], [46, 46, 8])[0]
        subject = f"op{i:04d}"
        collected.append(NewSubject(subject, "user", values))
        usage[subject] = {
            "access_log": rng.choices(["daily", "weekly", "monthly", "rarely"], [3, 4, 2, 1])[0]
        }
    return collected, usage


@pytest.fixture
def register(engine: Engine, tmp_path: Path) -> Iterator[Register]:
    opened = open_seed_register(engine, "onplanetz", tmp_path)
    collected, usage = users(USERS)
    populate(
        opened,
        collected,
        collection_point="service_use",
        later=usage,
        later_purpose="information_to_users",
    )
    yield opened
    opened.close()


def test_op8_released_tables_meet_the_declared_minimum_cell_size(register: Register) -> None:
    declared = register.policy.statistics["ad_market_statistics"]
    made = run_declared_release(register, register.policy, RELEASE, ANALYST)
    assert made.statistics is not None
    table = made.statistics
    assert table.dimensions == ("gender", "birth_year", "access_log")
    published = [cell.count for cell in table.cells if cell.count is not None]
    assert all(count == 0 or count >= declared.min_cell_size for count in published)
    # 300 people in 3 genders x 7 decades x 4 usage levels: some cells are withheld, some not.
    assert table.suppressed > 0
    assert sum(1 for count in published if count >= declared.min_cell_size) > 10
    assert table.count(TOTAL, TOTAL, TOTAL) == USERS
    ages = {cell.key[1] for cell in table.cells} - {TOTAL}
    assert ages <= {f"{decade}-{decade + 9}" for decade in range(1940, 2010, 10)}
    assert NOT_GIVEN in {cell.key[0] for cell in table.cells}


def test_op8_no_total_gives_a_withheld_cell_away(register: Register) -> None:
    made = run_declared_release(register, register.policy, RELEASE, ANALYST)
    assert made.statistics is not None
    cells = {cell.key: cell.count for cell in made.statistics.cells}
    labels = [sorted({key[axis] for key in cells}) for axis in range(3)]
    for axis in range(3):
        others = [labels[a] for a in range(3) if a != axis]
        for fixed in itertools.product(*others):
            line = []
            for value in labels[axis]:
                key = list(fixed)
                key.insert(axis, value)
                line.append(cells[tuple(key)])
            assert sum(count is None for count in line) != 1


def test_op8_the_release_is_recorded_with_what_when_whom_and_how(register: Register) -> None:
    made = run_declared_release(
        register, register.policy, RELEASE, ANALYST, recipient="Ad Analytics K.K."
    )
    (record,) = releases(register)
    assert record.id == made.record.id
    assert record.kind == "statistics"
    assert record.declared_as == RELEASE
    assert record.recipient == "Ad Analytics K.K."
    assert record.purpose == "statistics"
    assert record.items == ("gender", "birth_year", "access_log")
    assert (record.actor_id, record.actor_role) == ("analyst-7", "analyst")
    assert (record.policy_name, record.policy_version) == ("onplanetz", "2018-10-05")
    parameters = record.parameters
    assert parameters["min_cell_size"] == 10
    assert parameters["subjects_read"] == USERS
    assert parameters["recipient_purposes"] == [
        "広告効果の分析のため",
        "市場分析・マーケティングのため",
    ]
    assert record.records == sum(1 for cell in made.statistics.cells if cell.count is not None)  # type: ignore[union-attr]


def test_op8_nothing_released_or_recorded_names_anyone(register: Register) -> None:
    made = run_declared_release(register, register.policy, RELEASE, ANALYST)
    collected, _ = users(USERS)
    secrets = [str(s.values[key]) for s in collected for key in ("name", "email", "address")]
    released = [",".join(row) for row in made.rows()]
    recorded = [json.dumps(record.to_dict(), ensure_ascii=False) for record in releases(register)]
    assert values_in(released + recorded, secrets) == []
    events = register.audit.query(register.engine, purpose="statistics", limit=1000)
    reads = [event for event in events if event.action == "read"]
    assert len(reads) == USERS  # one audited read per user, of the dimensions only
    assert {event.item_keys for event in reads} == {("access_log", "birth_year", "gender")}


def test_op8_staff_without_the_statistics_role_release_nothing(register: Register) -> None:
    support = Actor.staff("support-1", "support")
    with pytest.raises(AccessDeniedError):
        run_declared_release(register, register.policy, RELEASE, support)
    assert releases(register) == []


def test_op8_cells_match_the_register(register: Register) -> None:
    """The published counts are the true counts: suppression withholds, never alters."""
    made = run_declared_release(register, register.policy, RELEASE, ANALYST)
    collected, usage = users(USERS)
    truth: dict[tuple[str, str, str], int] = {}
    for subject in collected:
        year = int(subject.values["birth_year"])
        key = (
            str(subject.values.get("gender", NOT_GIVEN)),
            f"{year // 10 * 10}-{year // 10 * 10 + 9}",
            usage[subject.subject_id]["access_log"],
        )
        truth[key] = truth.get(key, 0) + 1
    assert made.statistics is not None
    inner = [cell for cell in made.statistics.cells if not cell.is_total and cell.count]
    assert inner
    assert all(truth.get(cell.key, 0) == cell.count for cell in inner)
