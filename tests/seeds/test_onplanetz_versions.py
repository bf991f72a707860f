"""OP-9 and OP-16 (onplanetz): purposes may change within a reasonably related scope, with
notice; policy changes are announced, and consent is obtained where the law requires it.

Must show: the diff classifies each change as notify-only or consent-required (OP-9);
consent-required changes ask the affected subjects again before the new use starts (OP-16).

The next version is made here from examples/onplanetz/policy.yaml: the provision to third
parties gains the users' gender (a provision gaining an item: consent again, APPI Art. 27(1)),
and the information to users starts using the gender too (its marketing purpose growing within
the related scope: notice, APPI Art. 17(2), 21(3)). On SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from seed_register import EXAMPLES
from tests.registers import Registers
from tests.versions.support import edited

from mamori.consent import Collected, give, status
from mamori.errors import AccessDeniedError
from mamori.policy import Policy, diff_policies, load_policy
from mamori.register import Actor, NewSubject, Register
from mamori.versions import (
    Activation,
    activate,
    active_policy,
    history,
    mark_delivered,
    pending_announcements,
)

OFFICER = Actor.staff("po-1", "privacy_officer")
USERS = [f"op{number}" for number in range(6)]
CONSENTING = USERS[:2]
WEB_JA = Collected(method="web_form", language="ja")
PROVISION = "provision:third_party_offers"


def next_version(document: dict[str, Any]) -> None:
    document["version"] = "2019-04-01"
    document["effective_date"] = "2019-04-01"
    document["provisions"]["third_party_offers"]["items"].append("gender")
    document["purposes"]["information_to_users"]["items"].append("gender")


@pytest.fixture(scope="module")
def v1() -> Policy:
    return load_policy(EXAMPLES / "onplanetz" / "policy.yaml")


@pytest.fixture(scope="module")
def v2(v1: Policy) -> Policy:
    return edited(v1, next_version)


@pytest.fixture
def reopen(database_url: str, tmp_path: Path) -> Iterator[Registers]:
    opener = Registers(database_url, tmp_path)
    yield opener
    opener.close()


@pytest.fixture
def changed(reopen: Registers, v1: Policy, v2: Policy) -> tuple[Register, Activation]:
    """Six users under the 2018 policy, two of whom consented to the provision; then the 2019
    version activated by the privacy officer. The register reopened with it."""
    register = reopen(v1)
    users = [
        NewSubject(
            user,
            "user",
            {"name": f"User {user}", "email": f"{user}@example.jp", "gender": "female"},
        )
        for user in USERS
    ]
    with register.session() as session:
        activate(session, OFFICER, v1)
        session.import_subjects(Actor.system("import"), users, collection_point="service_use")
        for user in CONSENTING:
            give(session, Actor.subject(user), user, [PROVISION], WEB_JA)
        # Under the 2018 policy the provision sends no gender.
        assert "gender" not in session.read(OFFICER, USERS[0], PROVISION)
    with register.session() as session:
        done = activate(session, OFFICER, v2)
    return reopen(done.policy), done


def test_op9_the_diff_classifies_each_change_as_notify_or_consent_required(
    v1: Policy, v2: Policy
) -> None:
    result = diff_policies(v1, v2)
    kinds = {change.location: change.classification for change in result.changes}
    assert kinds["provisions.third_party_offers.items[9]"] == "consent_required"
    assert kinds["purposes.information_to_users.items[9]"] == "notify"
    assert result.consent_affected.provisions == ("third_party_offers",)
    assert result.consent_affected.purposes == ()


def test_op16_those_who_consented_are_asked_again_before_the_new_use_starts(
    changed: tuple[Register, Activation],
) -> None:
    register, done = changed
    assert done.renewals == (PROVISION,)
    assert done.asked_again == len(CONSENTING)
    with register.engine.connect() as connection:
        states = {
            user: status(connection, register.policy, user, [PROVISION])[0].state for user in USERS
        }
        asked = [a for a in pending_announcements(connection) if a.kind == "consent_required"]
    assert states == {
        **dict.fromkeys(USERS, "not_asked"),
        **dict.fromkeys(CONSENTING, "renewal_required"),
    }
    assert sorted(a.subject_id for a in asked) == CONSENTING
    assert asked[0].changes == {
        "targets": [PROVISION],
        "provisions": ["third_party_offers"],
        "items": ["gender"],
    }
    assert {a.policy_version for a in asked} == {"2019-04-01"}


def test_op16_the_provision_stays_refused_until_consent_is_given_again(
    changed: tuple[Register, Activation],
) -> None:
    register, _ = changed
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.read(OFFICER, CONSENTING[0], PROVISION)
    assert refused.value.rule == "consent"
    with register.session() as session:
        (event,) = give(session, Actor.subject(CONSENTING[0]), CONSENTING[0], [PROVISION], WEB_JA)
        sent = session.read(OFFICER, CONSENTING[0], PROVISION)
    assert event.policy_version == "2019-04-01"
    assert sent["gender"].reveal() == "female"
    with pytest.raises(AccessDeniedError), register.session() as session:
        session.read(OFFICER, CONSENTING[1], PROVISION)  # not given again yet


def test_op9_the_related_change_is_announced_to_every_user(
    changed: tuple[Register, Activation],
) -> None:
    register, done = changed
    assert done.notified == len(USERS)
    with register.engine.connect() as connection:
        told = [a for a in pending_announcements(connection) if a.kind == "notify"]
    assert sorted(a.subject_id for a in told) == USERS
    assert told[0].changes == {"purposes": ["information_to_users"], "items": ["gender"]}


def test_op16_the_change_is_kept_with_its_date_and_the_outbox_delivers_it(
    changed: tuple[Register, Activation], v2: Policy
) -> None:
    register, _ = changed
    with register.engine.begin() as connection:
        versions = history(connection)
        assert active_policy(connection) == v2
        batch = pending_announcements(connection, limit=5)
        assert mark_delivered(connection, [a.id for a in batch]) == 5
        left = pending_announcements(connection)
    assert [(v.version, str(v.effective_date), v.classification) for v in versions] == [
        ("2018-10-05", "2018-10-05", None),
        ("2019-04-01", "2019-04-01", "consent_required"),
    ]
    assert versions[1].actor_id == "po-1"
    assert len(left) == len(USERS) + len(CONSENTING) - 5
