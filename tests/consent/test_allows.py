"""Whether a target may run for a person now: what a tag manager asks before loading."""

from __future__ import annotations

import pytest

from mamori.consent import Collected, allows, give, refuse
from mamori.errors import ValidationError
from mamori.register import Actor, Register

WEB = Collected(method="web_form", language="en")
M1 = Actor.subject("m1")


def may(shop: Register, target: str) -> bool:
    with shop.engine.connect() as connection:
        return allows(connection, shop.policy, "m1", target)


def test_a_consent_target_needs_consent(shop: Register) -> None:
    assert not may(shop, "newsletter")
    with shop.session() as session:
        give(session, M1, "m1", ["newsletter"], WEB)
    assert may(shop, "newsletter")


def test_an_opt_out_provision_runs_until_refused(shop: Register) -> None:
    assert may(shop, "provision:listing")
    with shop.session() as session:
        refuse(session, M1, "m1", ["provision:listing"], WEB)
    assert not may(shop, "provision:listing")


def test_a_module_stops_when_its_cookies_are_refused(shop: Register) -> None:
    with shop.session() as session:
        give(session, M1, "m1", ["module:google_analytics"], WEB)
    assert may(shop, "module:google_analytics")
    with shop.session() as session:
        refuse(session, M1, "m1", ["cookies:analytics"], WEB)
    assert not may(shop, "module:google_analytics")


def test_an_unknown_target_is_named(shop: Register) -> None:
    with pytest.raises(ValidationError):
        may(shop, "module:nothing")
