"""Signed-in sessions, for staff in the console and for persons in the portal.

The cookie holds an opaque random token (`secrets.token_urlsafe(32)`); only its SHA-256 is
stored, so a copy of the database opens no session. A session ends at `expires_at` (its
lifetime from sign-in), after `idle` without use, or when closed (sign-out, a password change,
a disabled account). The CSRF token is derived from the cookie token (a one-way hash of it):
it can go in every form without being stored, and reveals nothing of the cookie.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, Row, delete, insert, or_, select, update

from mamori.accounts._common import digest, is_id, moment, stored_moment
from mamori.accounts._tables import sign_in_failures, sign_in_links, web_sessions
from mamori.accounts.throttle import WINDOW
from mamori.errors import AccessDeniedError, ValidationError

__all__ = [
    "SessionKind",
    "SignedIn",
    "close_session",
    "close_sessions_of",
    "open_session",
    "prune_expired",
    "resolve_session",
]

SessionKind = Literal["staff", "subject"]
_KINDS = ("staff", "subject")
_SLIDE_STEP = timedelta(minutes=1)
"""The idle timeout slides at most once a minute: a write per page view would cost more than
the page. A session may so end up to a minute before `idle` has passed since its last use."""


@dataclass(frozen=True)
class SignedIn:
    kind: SessionKind
    principal_id: str
    """The staff account's id, or the person's subject id."""
    session_id: str
    """The session's own id (not its token): to list or close it."""
    csrf_token: str
    """Put it in each form; compare it with `hmac.compare_digest` on each post."""
    expires_at: datetime
    """The end of its lifetime (the idle timeout may end it sooner)."""


def open_session(
    connection: Connection,
    *,
    kind: SessionKind,
    principal_id: str,
    now: datetime,
    lifetime: timedelta = timedelta(hours=12),
    idle: timedelta = timedelta(hours=2),
) -> tuple[SignedIn, str]:
    """A new session after a successful sign-in, and its cookie token, returned this once."""
    at = moment(now)
    if kind not in _KINDS:
        raise ValidationError("a session is of kind staff or subject", field="kind")
    if not is_id(principal_id):
        raise ValidationError("a session belongs to an opaque id", field="principal_id")
    if lifetime <= timedelta(0) or idle <= timedelta(0):
        raise ValidationError("a session's lifetime and idle timeout are positive", field="idle")
    token = secrets.token_urlsafe(32)
    session_id = uuid.uuid4().hex
    expires_at = at + lifetime
    connection.execute(
        insert(web_sessions).values(
            id=session_id,
            token_hash=digest(token),
            kind=kind,
            principal_id=principal_id,
            created_at=at,
            expires_at=expires_at,
            last_seen_at=at,
            idle_seconds=int(idle.total_seconds()),
        )
    )
    return SignedIn(kind, principal_id, session_id, csrf_token(token), expires_at), token


def resolve_session(connection: Connection, token: str, *, now: datetime) -> SignedIn:
    """The live session of a cookie token, its idle timeout slid forward. An unknown or closed
    token raises AccessDeniedError(rule="bad_credentials"); an expired or idle one,
    rule="session_expired"."""
    at = moment(now)
    row = _row(connection, token)
    if row is None or row.closed_at is not None:
        raise AccessDeniedError("not signed in; sign in again", rule="bad_credentials")
    last_seen = stored_moment(row.last_seen_at)
    expires_at = stored_moment(row.expires_at)
    if at >= expires_at or at - last_seen >= timedelta(seconds=row.idle_seconds):
        raise AccessDeniedError("the session has expired; sign in again", rule="session_expired")
    if at - last_seen >= _SLIDE_STEP:
        connection.execute(
            update(web_sessions).where(web_sessions.c.id == row.id).values(last_seen_at=at)
        )
    return SignedIn(row.kind, row.principal_id, row.id, csrf_token(token), expires_at)


def close_session(connection: Connection, token: str, *, now: datetime) -> None:
    """Sign out: the token opens nothing any more (an unknown token: nothing to do)."""
    at = moment(now)
    row = _row(connection, token)
    if row is not None and row.closed_at is None:
        connection.execute(
            update(web_sessions).where(web_sessions.c.id == row.id).values(closed_at=at)
        )


def close_sessions_of(
    connection: Connection, kind: SessionKind, principal_id: str, *, now: datetime
) -> int:
    """Close every open session of one principal (a password change, a disabled account, an
    erased person); returns how many were open."""
    done = connection.execute(
        update(web_sessions)
        .where(
            web_sessions.c.kind == kind,
            web_sessions.c.principal_id == principal_id,
            web_sessions.c.closed_at.is_(None),
        )
        .values(closed_at=moment(now))
    )
    return done.rowcount


def prune_expired(connection: Connection, *, now: datetime) -> int:
    """Delete what can open nothing any more: sessions closed or past their lifetime, sign-in
    links used or expired, failed sign-ins older than the throttling window. Run it now and
    then (a daily job); returns the rows deleted."""
    at = moment(now)
    deleted = 0
    for statement in (
        delete(web_sessions).where(
            or_(web_sessions.c.closed_at.is_not(None), web_sessions.c.expires_at <= at)
        ),
        delete(sign_in_links).where(
            or_(sign_in_links.c.used_at.is_not(None), sign_in_links.c.expires_at <= at)
        ),
        delete(sign_in_failures).where(sign_in_failures.c.failed_at <= at - WINDOW),
    ):
        deleted += connection.execute(statement).rowcount
    return deleted


def csrf_token(token: str) -> str:
    """The session's CSRF token: a one-way hash of its cookie token."""
    raw = hashlib.sha256(b"mamori-csrf\x00" + token.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _row(connection: Connection, token: object) -> Row[Any] | None:
    if not isinstance(token, str) or not token or len(token) > 256:
        return None
    return connection.execute(
        select(web_sessions).where(web_sessions.c.token_hash == digest(token))
    ).first()
