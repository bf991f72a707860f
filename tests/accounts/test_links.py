"""Sign-in links: sent through the outbox to a known address only, usable once, for a while."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mamori.accounts import issue_sign_in_link, redeem_sign_in_link
from mamori.errors import AccessDeniedError, ValidationError
from mamori.register import Register
from tests.accounts.conftest import CLIENT, M1_EMAIL, NOW, database_text, events, sent_links

PORTAL = "https://club.example.org/sign-in/link"


def _issue(register: Register, identifier: str = M1_EMAIL, **options: object) -> None:
    options.setdefault("base_url", PORTAL)
    issue_sign_in_link(register, identifier, client=CLIENT, now=NOW, **options)  # type: ignore[arg-type]


def _link_expired(register: Register, token: str, after: timedelta) -> bool:
    with pytest.raises(AccessDeniedError) as refused:
        redeem_sign_in_link(register, token, now=NOW + after)
    return refused.value.rule == "link_expired"


def test_a_link_is_sent_to_the_persons_address_and_signs_them_in(club: Register) -> None:
    _issue(club)
    ((address, token),) = sent_links(club)
    assert address == M1_EMAIL
    assert redeem_sign_in_link(club, token, now=NOW + timedelta(minutes=1)) == "m1"
    assert events(club, "subject.sign_in")[-1].rule == "sign_in_link"


def test_the_message_is_in_the_policys_language_with_the_link(club: Register) -> None:
    _issue(club, lifetime=timedelta(minutes=10))
    with club.engine.connect() as connection:
        kind, locale, params = connection.exec_driver_sql(
            "SELECT kind, locale, params FROM notify_outbox"
        ).one()
    assert (kind, locale) == ("sign_in_link", "ja")
    assert '"link": "sealed:' in params  # until sent; the link is read in the message itself
    assert "token=" not in params
    assert '"minutes": "10"' in params
    assert M1_EMAIL not in params


def test_a_link_works_once(club: Register) -> None:
    _issue(club)
    ((_, token),) = sent_links(club)
    redeem_sign_in_link(club, token, now=NOW)
    assert _link_expired(club, token, timedelta(minutes=1))


def test_a_link_expires(club: Register) -> None:
    _issue(club)
    ((_, token),) = sent_links(club)
    assert _link_expired(club, token, timedelta(minutes=15))


def test_an_unknown_token_is_refused_as_expired(club: Register) -> None:
    assert _link_expired(club, "made-up-token", timedelta(0))


def test_only_a_digest_of_the_token_is_stored(club: Register) -> None:
    _issue(club)
    ((_, token),) = sent_links(club)
    # The outbox kept the link only until it was sent; the link table has its digest.
    with club.engine.connect() as connection:
        stored = repr(connection.exec_driver_sql("SELECT * FROM account_sign_in_links").all())
    assert token not in stored


def test_an_unknown_address_gets_nothing_and_is_told_nothing(club: Register) -> None:
    assert _issue(club, "nobody@example.org") is None
    assert sent_links(club) == []
    assert "nobody@example.org" not in database_text(club)


def test_link_requests_are_throttled_for_known_and_unknown_addresses(club: Register) -> None:
    for identifier in (M1_EMAIL, "nobody@example.org"):
        for _ in range(5):
            _issue(club, identifier)
        with pytest.raises(AccessDeniedError) as refused:
            _issue(club, identifier)
        assert refused.value.rule == "too_many_attempts"
    assert len(sent_links(club)) == 5


def test_the_portal_address_must_be_a_web_address(club: Register) -> None:
    with pytest.raises(ValidationError) as invalid:
        _issue(club, base_url="javascript:alert(1)")
    assert invalid.value.field == "base_url"
