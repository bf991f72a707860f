"""API keys: a staff account's credential for the HTTP API.

A key reads `mamori_<key id>_<secret>`: the id finds the row, the secret (43 random url-safe
characters, 256 bits) is checked against its stored SHA-256 with a constant-time comparison.
The secret is shown once, when the key is made; Mamori cannot show it again.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Row, bindparam, insert, select, update

from mamori.accounts._common import (
    MANAGE,
    digest,
    is_id,
    manager_rule,
    moment,
    require_manager,
    stored_moment,
)
from mamori.accounts._tables import api_keys, staff
from mamori.db import Prepared
from mamori.errors import AccessDeniedError, NotFoundError, ValidationError
from mamori.register import Actor, RegisterSession

if TYPE_CHECKING:
    from mamori.accounts.staff import StaffAccount

__all__ = [
    "KEY_PREFIX",
    "ApiKey",
    "authenticate_api_key",
    "create_api_key",
    "list_api_keys",
    "revoke_api_key",
    "revoke_keys_of",
]

KEY_PREFIX = "mamori_"
_LAST_USED_STEP = timedelta(minutes=1)
"""`last_used_at` moves at most once a minute: a write on every API call would cost more than
the call, and the minute is all an operator needs to spot an unused key."""


@dataclass(frozen=True)
class ApiKey:
    id: str
    staff_id: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "staff_id": self.staff_id,
            "label": self.label,
            "created_at": self.created_at.isoformat(),
            "last_used_at": _iso(self.last_used_at),
            "revoked_at": _iso(self.revoked_at),
        }


def create_api_key(
    session: RegisterSession, actor: Actor, staff_id: str, *, label: str, now: datetime
) -> tuple[ApiKey, str]:
    """A new key for an enabled staff account, and its secret token, returned this once."""
    at = moment(now)
    require_manager(session, actor, "api_key.create", staff_id)
    if not isinstance(label, str) or not label.strip() or len(label) > 128:
        raise ValidationError("give the key a label of 1 to 128 characters", field="label")
    connection = session.connection
    owner = connection.execute(select(staff.c.disabled_at).where(staff.c.id == staff_id)).first()
    if owner is None:
        shown = staff_id if is_id(staff_id) else "with that id"
        raise NotFoundError(f"no staff account {shown}", field="staff_id", rule="staff_unknown")
    if owner.disabled_at is not None:
        raise ValidationError(f"staff account {staff_id} is disabled", field="staff_id")
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    connection.execute(
        insert(api_keys).values(
            id=key_id,
            staff_id=staff_id,
            label=label.strip(),
            secret_hash=digest(secret),
            created_at=at,
        )
    )
    session.record_event(
        actor, "api_key.create", MANAGE, None, rule=manager_rule(actor), request_id=key_id
    )
    key = ApiKey(key_id, staff_id, label.strip(), at, None, None)
    return key, f"{KEY_PREFIX}{key_id}_{secret}"


def revoke_api_key(session: RegisterSession, actor: Actor, key_id: str, *, now: datetime) -> None:
    """Revoke a key at once (revoking it again changes nothing). The system, staff with
    `staff.manage`, or the key's own staff member."""
    at = moment(now)
    connection = session.connection
    row = connection.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
    if row is None:
        shown = key_id if is_id(key_id) else "with that id"
        raise NotFoundError(f"no API key {shown}", field="key_id", rule="api_key_unknown")
    if not (actor.kind == "staff" and actor.id == row.staff_id):
        require_manager(session, actor, "api_key.revoke", key_id)
    connection.execute(
        update(api_keys)
        .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
        .values(revoked_at=at)
    )
    rule = "self" if actor.kind == "staff" and actor.id == row.staff_id else manager_rule(actor)
    session.record_event(actor, "api_key.revoke", MANAGE, None, rule=rule, request_id=key_id)


def list_api_keys(connection: Connection, staff_id: str | None = None) -> list[ApiKey]:
    """The keys (revoked ones too) of one staff member, or of all; never their secrets."""
    query = select(api_keys).order_by(api_keys.c.staff_id, api_keys.c.created_at, api_keys.c.id)
    if staff_id is not None:
        query = query.where(api_keys.c.staff_id == staff_id)
    return [_key(row) for row in connection.execute(query)]


# One query for the key and its account, prepared: this runs before every API call, and
# SQLAlchemy's execution machinery cost several times the query.
_KEY_AND_ACCOUNT = Prepared(
    select(api_keys.c.secret_hash, api_keys.c.revoked_at, api_keys.c.last_used_at, *staff.c)
    .join(staff, staff.c.id == api_keys.c.staff_id)
    .where(api_keys.c.id == bindparam("key_id"))
)


def authenticate_api_key(db: Engine | Connection, token: str, *, now: datetime) -> StaffAccount:
    """The enabled staff account whose key this is. A malformed, unknown or revoked key, or one
    of a disabled account, raises AccessDeniedError(rule="bad_credentials"), the same for all.

    With an Engine the key is read without a transaction, and `last_used_at` (moved at most
    once a minute) in a transaction of its own; with a Connection, both in its transaction.
    """
    from mamori.accounts.staff import account_of

    at = moment(now)
    refused = AccessDeniedError(
        "the API key is not valid; check it, or ask for a new one", rule="bad_credentials"
    )
    key_id, secret = _parse(token)
    row: Any = _KEY_AND_ACCOUNT.first(db, {"key_id": key_id})
    # Compared even for an unknown id, so that an unknown and a wrong key take the same time.
    stored = row.secret_hash if row is not None else digest("")
    matches = hmac.compare_digest(stored, digest(secret))
    if row is None or not matches or row.revoked_at is not None or row.disabled_at is not None:
        raise refused
    last = row.last_used_at
    if last is None or at - stored_moment(last) >= _LAST_USED_STEP:
        used = update(api_keys).where(api_keys.c.id == key_id).values(last_used_at=at)
        if isinstance(db, Engine):
            with db.begin() as connection:
                connection.execute(used)
        else:
            db.execute(used)
    return account_of(row)


def revoke_keys_of(connection: Connection, staff_id: str, *, now: datetime) -> int:
    """Revoke every live key of a staff member (when the account is disabled)."""
    done = connection.execute(
        update(api_keys)
        .where(api_keys.c.staff_id == staff_id, api_keys.c.revoked_at.is_(None))
        .values(revoked_at=moment(now))
    )
    return done.rowcount


def _parse(token: object) -> tuple[str, str]:
    if isinstance(token, str) and token.startswith(KEY_PREFIX):
        key_id, separator, secret = token.removeprefix(KEY_PREFIX).partition("_")
        if separator and len(key_id) == 16 and len(secret) >= 32:
            return key_id, secret
    # A malformed token still costs one digest and one comparison, like a wrong one.
    return "", ""


def _key(row: Row[Any]) -> ApiKey:
    return ApiKey(
        row.id,
        row.staff_id,
        row.label,
        stored_moment(row.created_at),
        None if row.last_used_at is None else stored_moment(row.last_used_at),
        None if row.revoked_at is None else stored_moment(row.revoked_at),
    )


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()
