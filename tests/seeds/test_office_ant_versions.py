"""OA-5 (office-ant): when the policy changes, its date and content are announced.

Must show: each version has an effective date; a change produces a diff and an announcement to
members. The next version is made here from examples/office-ant/policy.yaml: the information
about services starts using the customers' occupation (within the related scope: notify) and
the disclosure fee rises; a later version only rewords a label. On SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from seed_register import EXAMPLES
from tests.registers import Registers
from tests.versions.support import edited

from mamori.policy import Policy, load_policy
from mamori.register import Actor, NewSubject, Register
from mamori.versions import activate, history, pending_announcements

ADMIN = Actor.staff("adm-1", "administrator")
CUSTOMERS = [f"oa{number}" for number in range(4)]


def next_version(document: dict[str, Any]) -> None:
    document["version"] = "2"
    document["effective_date"] = "2023-04-01"
    document["purposes"]["service_information"]["items"].append("occupation")
    document["rights"]["fees"][0]["amount"] = 1500


def reworded(document: dict[str, Any]) -> None:
    document["version"] = "3"
    document["effective_date"] = "2023-10-01"
    document["purposes"]["inquiries"]["label"]["en"] = "To answer your questions"


@pytest.fixture(scope="module")
def v1() -> Policy:
    return load_policy(EXAMPLES / "office-ant" / "policy.yaml")


@pytest.fixture
def register(database_url: str, tmp_path: Path, v1: Policy) -> Iterator[Register]:
    """Four customers under the first version, which the administrator activated."""
    opener = Registers(database_url, tmp_path)
    opened = opener(v1)
    customers = [
        NewSubject(c, "customer", {"full_name": f"Customer {c}", "email": f"{c}@example.jp"})
        for c in CUSTOMERS
    ]
    with opened.session() as session:
        activate(session, ADMIN, v1)
        session.import_subjects(Actor.system("import"), customers, collection_point="registration")
    yield opened
    opener.close()


def test_oa5_each_version_has_its_effective_date(register: Register, v1: Policy) -> None:
    with register.session() as session:
        activate(session, ADMIN, edited(v1, next_version))
    with register.engine.connect() as connection:
        dated = [(v.version, v.effective_date.isoformat()) for v in history(connection)]
    assert dated == [("1", "2022-06-07"), ("2", "2023-04-01")]


def test_oa5_a_change_produces_a_diff_and_an_announcement_to_each_member(
    register: Register, v1: Policy
) -> None:
    with register.session() as session:
        done = activate(session, ADMIN, edited(v1, next_version))
    assert done.diff is not None
    changed = {c.location: c.classification for c in done.diff.changes}
    assert changed["purposes.service_information.items[2]"] == "notify"
    assert changed["rights.fees[0].amount"] == "notify"
    assert done.notified == len(CUSTOMERS)
    assert done.renewals == ()
    with register.engine.connect() as connection:
        told = pending_announcements(connection)
        (stored,) = [v for v in history(connection) if v.version == "2"]
    assert sorted(a.subject_id for a in told) == CUSTOMERS
    assert {(a.kind, a.policy_version, a.version_seq) for a in told} == {("notify", "2", 2)}
    assert told[0].changes["purposes"] == ["service_information"]
    # The content announced is kept with the version: the diff, change by change.
    assert stored.diff is not None
    assert {c["path"] for c in stored.diff["changes"]} >= set(changed)


def test_oa5_a_rewording_is_recorded_but_announced_to_no_one(
    register: Register, v1: Policy
) -> None:
    with register.session() as session:
        activate(session, ADMIN, edited(v1, next_version))
    with register.engine.connect() as connection:
        before = len(pending_announcements(connection))
    v2 = edited(v1, next_version)
    with register.session() as session:
        done = activate(session, ADMIN, edited(v2, reworded))
    assert done.version.classification == "editorial"
    with register.engine.connect() as connection:
        assert len(pending_announcements(connection)) == before
        assert [v.version for v in history(connection)] == ["1", "2", "3"]
