"""Global Privacy Control: `Sec-GPC: 1` refuses the targets it covers (a design choice)."""

from __future__ import annotations

import pytest

from mamori.consent import Collected, give, gpc_requested, history, honour_gpc, status, withdraw
from mamori.errors import AccessDeniedError, NotFoundError, ValidationError
from mamori.register import Actor, Register
from tests.consent.conftest import APP, OFFICER

WEB = Collected(method="web_form", language="en")
INFORMED = Collected(method="web_form", language="en", foreign_information=True)
SIGNAL = Collected(method="gpc", language="en")
M1 = Actor.subject("m1")
COVERED = [
    "provision:partners",
    "provision:abroad",
    "provision:cookie_sync",
    "provision:listing",
    "module:google_analytics",
    "cookies:analytics",
]


@pytest.mark.parametrize(
    ("headers", "wanted"),
    [
        ({"Sec-GPC": "1"}, True),
        ({"sec-gpc": "1"}, True),
        ({"SEC-GPC": "1"}, True),
        ({"Sec-GPC": "0"}, False),
        ({"Sec-GPC": " 1"}, False),
        ({"Sec-GPC": "true"}, False),
        ({"DNT": "1"}, False),
        ({}, False),
    ],
)
def test_only_sec_gpc_exactly_1_is_a_signal(headers: dict[str, str], wanted: bool) -> None:
    assert gpc_requested(headers) is wanted


def states(shop: Register, targets: list[str]) -> dict[str, str]:
    with shop.engine.connect() as connection:
        return {s.target: s.state for s in status(connection, shop.policy, "m1", targets)}


def test_the_signal_refuses_every_covered_target_and_nothing_else(shop: Register) -> None:
    with shop.session() as session:
        events = honour_gpc(session, M1, "m1", SIGNAL)
    assert sorted(event.target for event in events) == sorted(COVERED)
    assert all(e.method == "gpc" and e.gpc and e.decision == "refused" for e in events)
    assert set(states(shop, COVERED).values()) == {"refused"}
    assert states(shop, ["newsletter"]) == {"newsletter": "not_asked"}


def test_a_consent_given_before_the_signal_is_refused(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["provision:partners"], WEB)
    with shop.session() as session:
        honour_gpc(session, M1, "m1", SIGNAL)
    with pytest.raises(AccessDeniedError), shop.session() as session:
        session.read(OFFICER, "m1", "provision:partners")


def test_an_explicit_consent_after_the_signal_counts(shop: Register) -> None:
    with shop.session() as session:
        honour_gpc(session, M1, "m1", SIGNAL)
    with shop.session() as session:
        give(session, M1, "m1", ["provision:partners"], WEB)
    with shop.session() as session:
        again = honour_gpc(session, M1, "m1", SIGNAL)
    assert again == []
    with shop.session() as session:
        assert session.read(OFFICER, "m1", "provision:partners")


def test_what_is_already_refused_or_withdrawn_is_left_alone(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["provision:abroad"], INFORMED)
        withdraw(session, M1, "m1", ["provision:abroad"], WEB)
        honour_gpc(session, M1, "m1", SIGNAL)
    with shop.engine.connect() as connection:
        decisions = [e.decision for e in history(connection, "m1", "provision:abroad")]
    assert decisions == ["given", "withdrawn"]


def test_each_signal_is_audited_even_when_it_refuses_nothing_new(shop: Register) -> None:
    for _ in range(2):
        with shop.session() as session:
            honour_gpc(session, APP, "m1", SIGNAL)
    with shop.engine.connect() as connection:
        signals = [
            e for e in shop.audit.query(connection, subject_id="m1") if e.action == "consent.gpc"
        ]
    assert len(signals) == 2


def test_nobody_signals_for_another_person(shop: Register) -> None:
    with pytest.raises(AccessDeniedError), shop.session() as session:
        honour_gpc(session, Actor.subject("m2"), "m1", SIGNAL)
    with pytest.raises(NotFoundError), shop.session() as session:
        honour_gpc(session, APP, "nobody", SIGNAL)


def test_a_signal_in_a_language_the_policy_lacks_records_nothing(shop: Register) -> None:
    with pytest.raises(ValidationError) as invalid, shop.session() as session:
        honour_gpc(session, M1, "m1", Collected(method="gpc", language="de"))
    assert invalid.value.field == "language"
    with shop.engine.connect() as connection:
        assert history(connection, "m1") == []
