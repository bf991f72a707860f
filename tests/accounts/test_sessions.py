"""Sessions: an opaque token, stored as a digest; they end at their lifetime, after the idle
timeout, or when closed."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from mamori.accounts import (
    close_session,
    close_sessions_of,
    open_session,
    prune_expired,
    resolve_session,
)
from mamori.errors import AccessDeniedError, ValidationError
from tests.accounts.conftest import NOW


def _open(engine: Engine, **options: object) -> str:
    with engine.begin() as connection:
        _, token = open_session(
            connection,
            kind="subject",
            principal_id="m1",
            now=NOW,
            **options,  # type: ignore[arg-type]
        )
    return token


def _rule(engine: Engine, token: str, after: timedelta) -> str:
    with engine.begin() as connection, pytest.raises(AccessDeniedError) as refused:
        resolve_session(connection, token, now=NOW + after)
    return refused.value.rule


def test_a_token_resolves_to_its_principal(engine: Engine) -> None:
    with engine.begin() as connection:
        opened, token = open_session(connection, kind="staff", principal_id="st-1", now=NOW)
        found = resolve_session(connection, token, now=NOW + timedelta(minutes=3))
    assert found == opened
    assert (found.kind, found.principal_id) == ("staff", "st-1")
    assert found.expires_at == NOW + timedelta(hours=12)


def test_only_a_digest_of_the_token_is_stored(engine: Engine) -> None:
    token = _open(engine)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT * FROM account_sessions").all()
    stored = repr(rows)
    assert token not in stored
    assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_the_csrf_token_is_the_sessions_own_and_not_the_cookie(engine: Engine) -> None:
    with engine.begin() as connection:
        first, token = open_session(connection, kind="subject", principal_id="m1", now=NOW)
        second, _ = open_session(connection, kind="subject", principal_id="m1", now=NOW)
    assert first.csrf_token != second.csrf_token
    assert first.csrf_token != token


def test_a_session_ends_with_its_lifetime(engine: Engine) -> None:
    token = _open(engine, lifetime=timedelta(hours=1), idle=timedelta(hours=2))
    assert _rule(engine, token, timedelta(hours=1)) == "session_expired"


def test_a_session_unused_for_the_idle_timeout_ends(engine: Engine) -> None:
    token = _open(engine, idle=timedelta(minutes=30))
    assert _rule(engine, token, timedelta(minutes=30)) == "session_expired"


def test_using_a_session_slides_its_idle_timeout(engine: Engine) -> None:
    token = _open(engine, idle=timedelta(minutes=30))
    with engine.begin() as connection:
        resolve_session(connection, token, now=NOW + timedelta(minutes=20))
        resolve_session(connection, token, now=NOW + timedelta(minutes=45))


def test_a_closed_session_opens_nothing(engine: Engine) -> None:
    token = _open(engine)
    with engine.begin() as connection:
        close_session(connection, token, now=NOW)
        close_session(connection, "not a token", now=NOW)  # nothing to close: no error
    assert _rule(engine, token, timedelta(minutes=1)) == "bad_credentials"


def test_an_unknown_token_is_bad_credentials(engine: Engine) -> None:
    _open(engine)
    assert _rule(engine, "made-up", timedelta(0)) == "bad_credentials"


def test_every_session_of_a_principal_is_closed_at_once(engine: Engine) -> None:
    tokens = [_open(engine), _open(engine)]
    with engine.begin() as connection:
        assert close_sessions_of(connection, "subject", "m1", now=NOW) == 2
    assert {_rule(engine, token, timedelta(minutes=1)) for token in tokens} == {"bad_credentials"}


def test_pruning_deletes_only_what_can_open_nothing(engine: Engine) -> None:
    ended = _open(engine, lifetime=timedelta(hours=1))
    live = _open(engine, lifetime=timedelta(hours=12), idle=timedelta(hours=12))
    with engine.begin() as connection:
        assert prune_expired(connection, now=NOW + timedelta(hours=2)) == 1
        resolve_session(connection, live, now=NOW + timedelta(hours=2))
    assert _rule(engine, ended, timedelta(minutes=1)) == "bad_credentials"


def test_a_session_belongs_to_staff_or_a_subject(engine: Engine) -> None:
    with engine.begin() as connection, pytest.raises(ValidationError):
        open_session(connection, kind="robot", principal_id="r1", now=NOW)  # type: ignore[arg-type]
