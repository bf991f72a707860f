"""Activating policy versions through `mamori.versions.activate`, and the register asking the
consent ledger afterwards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import yaml

from mamori.audit import AuditEvent
from mamori.consent import Collected, give, status
from mamori.errors import AccessDeniedError, ConflictError
from mamori.policy import Policy
from mamori.register import Actor, Register
from mamori.versions import (
    activate,
    active_policy,
    history,
    pending_announcements,
    version_order,
)
from tests.versions.conftest import OFFICER, SYSTEM

WEB = Collected(method="web_form", language="en")
M1 = Actor.subject("m1")


def edited(policy: Policy, **changes: object) -> Policy:
    """`policy` with top-level fields replaced, validated again as a file would be."""
    return Policy.model_validate({**policy.model_dump(mode="json"), **changes})


def announced(register: Register) -> dict[tuple[str, str], dict[str, list[str]]]:
    with register.engine.connect() as connection:
        return {(a.subject_id, a.kind): a.changes for a in pending_announcements(connection)}


def versions(register: Register) -> list[str]:
    with register.engine.connect() as connection:
        return [version.version for version in history(connection)]


def activation_events(register: Register) -> list[AuditEvent]:
    with register.engine.connect() as connection:
        found = register.audit.query(connection, limit=10_000)
    return [event for event in found if event.action == "policy.activate"]


def test_the_first_activation_records_the_version_and_announces_nothing(
    shop: Register, v1: Policy
) -> None:
    with shop.session() as session:
        done = activate(session, SYSTEM, v1)
    assert done.created
    assert done.diff is None
    assert (done.version.seq, done.version.version) == (1, "1")
    assert done.version.effective_date.isoformat() == "2026-01-01"
    assert announced(shop) == {}
    assert versions(shop) == ["1"]


def test_activating_the_active_content_again_changes_nothing(shop: Register, v1: Policy) -> None:
    with shop.session() as session:
        first = activate(session, SYSTEM, v1)
    with shop.session() as session:
        again = activate(session, SYSTEM, v1)
    assert not again.created
    assert again.version == first.version
    assert versions(shop) == ["1"]


def test_a_changed_policy_under_the_same_version_is_refused(
    shop: Register, v1: Policy, v2: Policy
) -> None:
    with shop.session() as session:
        activate(session, SYSTEM, v1)
    unbumped = edited(v2, version="1")
    with pytest.raises(ConflictError, match="bump `version`"), shop.session() as session:
        activate(session, SYSTEM, unbumped)
    assert versions(shop) == ["1"]
    assert announced(shop) == {}
    assert activation_events(shop)[-1].rule == "policy_version"


def test_an_older_version_is_refused(shop: Register, v1: Policy, v2: Policy) -> None:
    with shop.session() as session:
        activate(session, SYSTEM, v2)
    with pytest.raises(ConflictError, match="not newer"), shop.session() as session:
        activate(session, SYSTEM, v1)
    assert versions(shop) == ["2"]


def test_another_policy_is_refused(shop: Register, v1: Policy, v2: Policy) -> None:
    with shop.session() as session:
        activate(session, SYSTEM, v1)
    with pytest.raises(ConflictError, match="enforces one policy"), shop.session() as session:
        activate(session, SYSTEM, edited(v2, name="othershop"))
    assert versions(shop) == ["1"]


def test_a_consent_required_change_outdates_earlier_consent_until_given_again(
    shop: Register, open_shop: Callable[[Policy], Register], v1: Policy, v2: Policy
) -> None:
    with shop.session() as session:
        activate(session, SYSTEM, v1)
        give(session, M1, "m1", ["provision:partners"], WEB)
        assert session.read(OFFICER, "m1", "provision:partners")
    with shop.session() as session:
        done = activate(session, SYSTEM, v2)
    assert done.version.classification == "consent_required"
    assert done.renewals == ("provision:partners",)
    assert done.asked_again == 1
    renewed = open_shop(done.policy)
    with renewed.engine.connect() as connection:
        (found,) = status(connection, renewed.policy, "m1", ["provision:partners"])
    assert found.state == "renewal_required"
    with pytest.raises(AccessDeniedError) as refused, renewed.session() as session:
        session.read(OFFICER, "m1", "provision:partners")
    assert refused.value.rule == "consent"
    with renewed.session() as session:
        give(session, M1, "m1", ["provision:partners"], WEB)
        data = session.read(OFFICER, "m1", "provision:partners")
    assert data["postal_code"].reveal() == "1500001"


def test_only_those_who_had_consented_are_asked_again(
    shop: Register, v1: Policy, v2: Policy
) -> None:
    with shop.session() as session:
        activate(session, SYSTEM, v1)
        give(session, M1, "m1", ["provision:partners", "newsletter"], WEB)
    with shop.session() as session:
        activate(session, SYSTEM, v2)
    asked = {subject for subject, kind in announced(shop) if kind == "consent_required"}
    assert asked == {"m1"}
    assert announced(shop)["m1", "consent_required"] == {
        "targets": ["provision:partners"],
        "provisions": ["partners"],
        "items": ["postal_code"],
    }


def test_a_notify_change_is_announced_only_to_the_subjects_it_concerns(
    shop: Register, v1: Policy, v2: Policy
) -> None:
    with shop.session() as session:
        activate(session, SYSTEM, v1)
    with shop.session() as session:
        done = activate(session, SYSTEM, v2)
    # The service starts using the gender, which only members have: the guest is not told.
    told = {subject for subject, kind in announced(shop) if kind == "notify"}
    assert told == {"m1", "m2", "m3"}
    assert done.notified == 3
    assert announced(shop)["m2", "notify"]["items"] == ["gender"]


def test_a_change_to_the_policy_as_a_whole_is_announced_to_everyone(
    shop: Register, v1: Policy
) -> None:
    with shop.session() as session:
        activate(session, SYSTEM, v1)
    wider = edited(v1, version="1.1", legal_exceptions=["by_law", "court_order"])
    with shop.session() as session:
        done = activate(session, SYSTEM, wider)
    assert done.version.classification == "notify"
    assert {subject for subject, _ in announced(shop)} == {"m1", "m2", "m3", "g1"}
    assert done.renewals == ()


def test_an_editorial_change_is_recorded_and_announces_nothing(shop: Register, v1: Policy) -> None:
    with shop.session() as session:
        activate(session, SYSTEM, v1)
    reworded = yaml.safe_load(yaml.safe_dump(v1.model_dump(mode="json")))
    reworded["purposes"]["service"]["label"] = {"en": "To run the shop"}
    with shop.session() as session:
        done = activate(session, SYSTEM, edited(v1, version="1.0.1", purposes=reworded["purposes"]))
    assert done.version.classification == "editorial"
    assert announced(shop) == {}


@pytest.mark.parametrize(
    "actor",
    [Actor.staff("support1", "support"), Actor.application(), Actor.subject("m1")],
    ids=["staff without policy.manage", "application", "subject"],
)
def test_an_actor_without_policy_manage_is_refused_and_nothing_changes(
    shop: Register, v1: Policy, v2: Policy, actor: Actor
) -> None:
    with shop.session() as session:
        activate(session, SYSTEM, v1)
        give(session, M1, "m1", ["provision:partners"], WEB)
    with pytest.raises(AccessDeniedError) as refused, shop.session() as session:
        activate(session, actor, v2)
    assert refused.value.rule == "policy_manage"
    assert versions(shop) == ["1"]
    assert announced(shop) == {}
    with shop.engine.connect() as connection:
        (found,) = status(connection, shop.policy, "m1", ["provision:partners"])
    assert found.state == "given"
    last = activation_events(shop)[-1]
    assert (last.actor_id, last.outcome.value, last.rule) == (actor.id, "refused", "policy_manage")


def test_staff_with_policy_manage_may_activate(shop: Register, v1: Policy, v2: Policy) -> None:
    with shop.session() as session:
        activate(session, OFFICER, v1)
    with shop.session() as session:
        done = activate(session, OFFICER, v2)
    assert (done.version.actor_kind, done.version.actor_id) == ("staff", "officer1")
    events = activation_events(shop)
    assert [(e.outcome.value, e.rule) for e in events] == [
        ("allowed", "first_version"),
        ("allowed", "consent_required"),
    ]


def test_an_activation_rolled_back_with_its_session_leaves_nothing(
    shop: Register, v1: Policy, v2: Policy
) -> None:
    with shop.session() as session:
        activate(session, SYSTEM, v1)
        give(session, M1, "m1", ["provision:partners"], WEB)

    def activate_then_fail() -> None:
        with shop.session() as session:
            activate(session, SYSTEM, v2)
            raise RuntimeError("the caller fails after activating")

    with pytest.raises(RuntimeError):
        activate_then_fail()
    assert versions(shop) == ["1"]
    assert announced(shop) == {}
    with shop.engine.connect() as connection:
        (found,) = status(connection, shop.policy, "m1", ["provision:partners"])
    assert found.state == "given"


def test_consent_given_after_the_activation_time_counts(
    shop: Register, v1: Policy, v2: Policy
) -> None:
    past = datetime.now(UTC) - timedelta(hours=1)
    with shop.session() as session:
        activate(session, SYSTEM, v1, at=past - timedelta(days=1))
        activate(session, SYSTEM, v2, at=past)
        give(session, M1, "m1", ["provision:partners"], WEB)
    with shop.engine.connect() as connection:
        (found,) = status(connection, v2, "m1", ["provision:partners"])
    assert found.state == "given"


def test_history_and_the_active_policy_round_trip(shop: Register, v1: Policy, v2: Policy) -> None:
    with shop.engine.connect() as connection:
        assert active_policy(connection) is None
    with shop.session() as session:
        activate(session, SYSTEM, v1)
    with shop.session() as session:
        activate(session, SYSTEM, v2)
    with shop.engine.connect() as connection:
        rebuilt = active_policy(connection)
        listed = history(connection)
    assert rebuilt is not None
    assert rebuilt.content_hash == v2.content_hash
    assert rebuilt == v2
    assert [(v.seq, v.version, v.classification) for v in listed] == [
        (1, "1", None),
        (2, "2", "consent_required"),
    ]
    summary = listed[1].summary
    assert summary["counts"] == {"editorial": 2, "notify": 1, "consent_required": 1}
    assert summary["consent_affected"] == {"provisions": ["partners"], "items": ["postal_code"]}


@pytest.mark.parametrize(
    ("older", "newer"),
    [("1", "2"), ("1.9", "1.10"), ("2018-10-05", "2019-04-01"), ("1", "1.1"), ("v2", "v10")],
)
def test_version_order_compares_numbers_as_numbers(older: str, newer: str) -> None:
    assert version_order(older) < version_order(newer)
