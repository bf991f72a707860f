"""office-ant, OA-4: Google Analytics collects traffic data with cookies, and refusing cookies
stops it: the refusal is recorded (ledger and audit log) and honoured (the module may no longer
load for the customer); on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_register import events, seed_register

from mamori.consent import Collected, allows, consent_targets, give, refuse, status
from mamori.register import Actor, Register

CUSTOMER = Actor.subject("c1")
BANNER = Collected(method="web_form", language="ja")
MODULE = "module:google_analytics"
COOKIES = "cookies:analytics"


@pytest.fixture
def register(database_url: str, tmp_path: Path) -> Iterator[Register]:
    with seed_register("office-ant", database_url, tmp_path) as opened:
        with opened.session() as session:
            session.create_subject(
                CUSTOMER, "c1", kind="customer", collection_point="site_and_app", values={}
            )
        yield opened


def may_load(register: Register) -> bool:
    with register.engine.connect() as connection:
        return allows(connection, register.policy, "c1", MODULE)


def test_oa4_the_module_and_its_cookies_are_consent_targets(register: Register) -> None:
    targets = consent_targets(register.policy)
    assert (targets[MODULE].kind, targets[COOKIES].kind) == ("module", "cookies")
    assert register.policy.modules["google_analytics"].cookies == ["google_analytics"]


def test_oa4_the_module_does_not_load_before_the_customer_agrees(register: Register) -> None:
    assert not may_load(register)
    with register.session() as session:
        give(session, CUSTOMER, "c1", [MODULE, COOKIES], BANNER)
    assert may_load(register)


def test_oa4_refusing_cookies_stops_google_analytics(register: Register) -> None:
    with register.session() as session:
        give(session, CUSTOMER, "c1", [MODULE, COOKIES], BANNER)
    with register.session() as session:
        refuse(session, CUSTOMER, "c1", [COOKIES], BANNER)
    with register.engine.connect() as connection:
        (cookies,) = status(connection, register.policy, "c1", [COOKIES])
    assert cookies.state == "refused"
    assert not may_load(register)
    refusals = [e for e in events(register, "c1") if e.action == "consent.refused"]
    assert [(e.purpose, e.outcome) for e in refusals] == [(COOKIES, "allowed")]
