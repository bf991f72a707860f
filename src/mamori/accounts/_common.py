"""What every accounts module shares: moments in UTC, digests of secrets, audit names."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from mamori.audit import ID_PATTERN
from mamori.errors import AccessDeniedError, ValidationError
from mamori.register import Actor, RegisterSession, has_permission

__all__ = [
    "MANAGE",
    "digest",
    "is_id",
    "manager_rule",
    "moment",
    "require_manager",
    "stored_moment",
]

MANAGE = "staff.manage"
"""The permission that creates and changes staff accounts and their API keys; also the purpose
named in their audit events."""

_ID = re.compile(ID_PATTERN)


def moment(now: datetime, field: str = "now") -> datetime:
    """`now` in UTC; a naive time is refused (which zone would it be?)."""
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise ValidationError(
            f"{field} must be a timezone-aware datetime; pass datetime.now(UTC)", field=field
        )
    return now.astimezone(UTC)


def stored_moment(value: datetime) -> datetime:
    """A moment read back from the database: SQLite gives naive datetimes, all stored in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def digest(secret: str) -> str:
    """The SHA-256 of a random secret, in hex: what is stored instead of the secret. A fast hash
    is enough for 256-bit random tokens (nothing to guess); passwords use argon2id instead."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def is_id(value: object) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def require_manager(session: RegisterSession, actor: Actor, action: str, record: str) -> None:
    """Only the system and staff whose role has `staff.manage` change accounts and keys; a
    refusal is audited (and kept through a rollback by the register)."""
    if has_permission(session.policy, actor, MANAGE):
        return
    session.record_event(
        actor,
        action,
        MANAGE,
        None,
        allowed=False,
        rule="staff_manage",
        request_id=record if is_id(record) else None,
    )
    raise AccessDeniedError(
        f"actor {actor.id} has no role with permission {MANAGE}", rule="staff_manage"
    )


def manager_rule(actor: Actor) -> str:
    """The rule an allowed account change records: who allowed it."""
    return "system" if actor.kind == "system" else MANAGE
