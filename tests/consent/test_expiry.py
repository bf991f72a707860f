"""Consents about to lapse, for reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mamori.consent import Collected, expiring, give, require_renewal, withdraw
from mamori.errors import ValidationError
from mamori.register import Actor, Register

WEB = Collected(method="web_form", language="en")
START = datetime(2026, 3, 1, tzinfo=UTC)


def given(shop: Register, subject: str, targets: list[str], at: datetime = START) -> None:
    how = Collected(method="web_form", language="en", at=at)
    with shop.session() as session:
        give(session, Actor.subject(subject), subject, targets, how)


def lapsing(shop: Register, within: timedelta, at: datetime) -> list[tuple[str, str]]:
    with shop.engine.connect() as connection:
        return [(x.subject_id, x.target) for x in expiring(connection, shop.policy, within, at=at)]


def test_consents_lapsing_within_the_window_are_listed_soonest_first(shop: Register) -> None:
    given(shop, "m1", ["newsletter", "provision:partners"])  # lapse after 365 and 180 days
    given(shop, "m2", ["provision:partners"], START + timedelta(days=10))
    at = START + timedelta(days=170)
    assert lapsing(shop, timedelta(days=30), at) == [
        ("m1", "provision:partners"),
        ("m2", "provision:partners"),
    ]
    assert lapsing(shop, timedelta(days=5), at) == []


def test_lapsed_withdrawn_and_outdated_consents_are_not_listed(shop: Register) -> None:
    given(shop, "m1", ["provision:partners"])
    given(shop, "m2", ["provision:partners"])
    given(shop, "m3", ["newsletter"])
    with shop.session() as session:
        withdraw(session, Actor.subject("m2"), "m2", ["provision:partners"], WEB)
    with shop.engine.begin() as connection:
        require_renewal(
            connection, ["newsletter"], since=START + timedelta(days=1), policy_version="2"
        )
    at = START + timedelta(days=181)
    assert lapsing(shop, timedelta(days=400), at) == []


def test_a_window_must_be_positive(shop: Register) -> None:
    with pytest.raises(ValidationError), shop.engine.connect() as connection:
        expiring(connection, shop.policy, timedelta(0))
