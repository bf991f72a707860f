"""onplanetz, OP-13: Google Analytics is an information-gathering module whose provider
receives user information: a consent target naming its provider, consent recorded with a
receipt. OP-7 (the consent part): the declared third-party provision is a consent target, and
the register refuses its reads for a user without consent; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed_register import events, seed_register

from mamori.consent import Collected, consent_targets, give, receipt, withdraw
from mamori.errors import AccessDeniedError
from mamori.register import Actor, Register

USER = Actor.subject("u1")
OFFICER = Actor.staff("o1", "privacy_officer")
WEB = Collected(method="web_form", language="ja")
MODULE = "module:google_analytics"
OFFERS = "provision:third_party_offers"


@pytest.fixture
def register(database_url: str, tmp_path: Path) -> Iterator[Register]:
    with seed_register("onplanetz", database_url, tmp_path) as opened:
        with opened.session() as session:
            session.create_subject(
                USER,
                "u1",
                kind="user",
                collection_point="service_use",
                values={"name": "利用者 一郎", "email": "u1@example.jp"},
            )
        yield opened


def test_op13_google_analytics_is_a_consent_target_with_its_provider(register: Register) -> None:
    target = consent_targets(register.policy)[MODULE]
    assert (target.kind, target.gpc) == ("module", True)
    with register.session() as session:
        (event,) = give(session, USER, "u1", [MODULE], WEB)
    made = receipt(register.policy, event)
    (purpose,) = made["services"][0]["purposes"]
    assert made["consentReceiptID"] == event.id
    assert (purpose["thirdPartyDisclosure"], purpose["thirdPartyName"]) == (True, "Google Inc.")
    assert made["piiControllers"][0]["email"] == "admin@onplanetz.com"


def test_op7_the_declared_provision_is_a_consent_target(register: Register) -> None:
    target = consent_targets(register.policy)[OFFERS]
    assert (target.kind, target.opt_out) == ("provision", False)


def test_op7_no_provision_read_without_consent(register: Register) -> None:
    with pytest.raises(AccessDeniedError) as refused, register.session() as session:
        session.read(OFFICER, "u1", OFFERS)
    assert refused.value.rule == "consent"
    with register.session() as session:
        give(session, USER, "u1", [OFFERS], WEB)
    with register.session() as session:
        assert set(session.read(OFFICER, "u1", OFFERS)) == {"name", "email"}
    with register.session() as session:
        withdraw(session, USER, "u1", [OFFERS], WEB)
    with pytest.raises(AccessDeniedError), register.session() as session:
        session.read(OFFICER, "u1", OFFERS)
    reads = [
        (e.outcome, e.rule)
        for e in events(register, "u1")
        if e.purpose == OFFERS and not e.action.startswith("consent.")
    ]
    assert reads == [
        ("refused", "consent"),
        ("allowed", "provision_consent"),
        ("refused", "consent"),
    ]
