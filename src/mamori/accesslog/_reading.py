"""`read_log(session, actor, purpose)`: the access log, for a purpose the policy declares.

A purpose reads the fields whose item it uses, and nothing else; the read (or its refusal) is
one audit event naming the purpose and the items, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, select

from mamori.accesslog._declared import declarations
from mamori.accesslog._keys import KeyChain
from mamori.accesslog._log import UNLINKED_AAD
from mamori.accesslog._tables import FIELDS, entries
from mamori.errors import AccessDeniedError, CryptoError, ValidationError
from mamori.policy import Policy
from mamori.register import Actor, RegisterSession

__all__ = ["MAX_LIMIT", "AccessEntry", "read_log"]

MAX_LIMIT = 10_000
_ACTION = "accesslog.read"


@dataclass(frozen=True)
class AccessEntry:
    """One request as the purpose may see it: the fields it may not read are absent."""

    id: int
    at: datetime
    point: str
    subject_id: str | None
    values: dict[str, str] = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "point": self.point,
            "subject_id": self.subject_id,
            **{name: self.values.get(name) for name in FIELDS},
        }


def read_log(
    session: RegisterSession,
    actor: Actor,
    purpose: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    subject_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AccessEntry]:
    """Requests at `since` (inclusive) to `until` (exclusive), oldest first, of every point
    whose items `purpose` uses; only those fields. AccessDeniedError (audited) for a purpose
    the policy does not declare, that uses no access-log item, or that the actor may not use."""
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(f"limit is 1 to {MAX_LIMIT}", field="limit")
    if not isinstance(offset, int) or offset < 0:
        raise ValidationError("offset is 0 or more", field="offset")
    policy = session.policy
    readable = _readable(policy, purpose)
    items = sorted({item for fields in readable.values() for item in fields.values()})
    refusal = _refusal(policy, actor, purpose, readable)
    if refusal is not None:
        rule, message = refusal
        session.record_event(actor, _ACTION, purpose, None, items, allowed=False, rule=rule)
        raise AccessDeniedError(message, rule=rule)
    query = select(entries).where(entries.c.point.in_(list(readable)))
    conditions = []
    if since is not None:
        conditions.append(entries.c.at >= _aware(since))
    if until is not None:
        conditions.append(entries.c.at < _aware(until))
    if subject_id is not None:
        conditions.append(entries.c.subject_id == subject_id)
    if conditions:
        query = query.where(and_(*conditions))
    rows = session.connection.execute(
        query.order_by(entries.c.at, entries.c.id).limit(limit).offset(offset)
    ).all()
    keychain = KeyChain(session.key_wrapper)
    ciphers = keychain.existing(session.connection, {row.key_id for row in rows})
    found = []
    for row in rows:
        cipher = ciphers.get(row.key_id)
        if cipher is None:
            continue  # the subject was erased meanwhile: the row cannot be read any more
        aad = row.subject_id if row.subject_id is not None else UNLINKED_AAD
        values = {}
        for name in readable[row.point]:
            sealed = getattr(row, name)
            if sealed is not None:
                try:
                    values[name] = cipher.decrypt(sealed, subject_id=aad, item_key=name).decode()
                except CryptoError:
                    raise CryptoError(
                        f"access log row {row.id} does not decrypt ({name}): it was altered or "
                        "the key is wrong"
                    ) from None
        found.append(AccessEntry(row.id, _aware(row.at), row.point, row.subject_id, values))
    session.record_event(actor, _ACTION, purpose, subject_id, items, rule="accesslog_read")
    return found


def _readable(policy: Policy, purpose: str) -> dict[str, dict[str, str]]:
    """Per point keeping a log, the fields (and their items) `purpose` uses."""
    used = set(policy.purposes[purpose].items) if purpose in policy.purposes else set()
    readable = {}
    for declared in declarations(policy):
        fields = {name: item for name, item in declared.fields.items() if item in used}
        if fields:
            readable[declared.point] = fields
    return readable


def _refusal(
    policy: Policy, actor: Actor, purpose: str, readable: dict[str, dict[str, str]]
) -> tuple[str, str] | None:
    if purpose not in policy.purposes:
        return "undeclared_purpose", "the policy declares no such purpose"
    if not readable:
        return (
            "purpose_items",
            f"purpose '{purpose}' uses none of the items the access log records",
        )
    if actor.kind == "system":
        return None
    roles = [policy.roles[role] for role in sorted(actor.roles) if role in policy.roles]
    if actor.kind in ("staff", "application") and any(
        purpose in role.purposes and actor.kind in role.actor_kinds for role in roles
    ):
        return None
    return "role_purpose", f"actor {actor.id} has no role that may use '{purpose}'"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
