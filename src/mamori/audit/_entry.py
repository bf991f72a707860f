"""What an audit event holds: ids, keys and names from the policy, never a personal value.

Every text field must match a narrow pattern: ids (letters, digits, ``_ . : -``) and keys or
names (an identifier, optionally dotted). An e-mail address, a person's name, a sentence or any
non-ASCII text is refused with a `ValidationError` that names the field and never echoes the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from mamori.errors import ValidationError

__all__ = [
    "ID_PATTERN",
    "KEY_PATTERN",
    "Action",
    "ActorKind",
    "AuditEntry",
    "AuditEvent",
    "Outcome",
    "enum_value",
    "from_microseconds",
    "key_tuple",
    "to_microseconds",
]

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127}"
"""Ids of subjects, actors and requests: no spaces, no ``@``, ASCII only, at most 128."""
KEY_PATTERN = r"(?=.{1,128}$)[A-Za-z][A-Za-z0-9_]*(?:[.:/\-][A-Za-z0-9_]+)*"
"""Item keys, purposes, roles, actions and rules: identifiers, optionally dotted."""

_ID = re.compile(ID_PATTERN)
_KEY = re.compile(KEY_PATTERN)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_E = TypeVar("_E", bound=StrEnum)


class ActorKind(StrEnum):
    APPLICATION = "application"
    STAFF = "staff"
    SUBJECT = "subject"
    COMMUNITY_ADMIN = "community_admin"
    SYSTEM = "system"


class Outcome(StrEnum):
    ALLOWED = "allowed"
    REFUSED = "refused"


class Action(StrEnum):
    """Actions Mamori itself records; any other action matching `KEY_PATTERN` is accepted too."""

    READ = "read"
    WRITE = "write"
    CREATE = "create"
    ERASE = "erase"
    PROVIDE = "provide"
    EXPORT = "export"
    RESTRICT = "restrict"


def to_microseconds(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValidationError(
            "audit time must be timezone-aware; pass datetime.now(UTC)", field="time"
        )
    return (moment - _EPOCH) // _MICROSECOND


def from_microseconds(microseconds: int) -> datetime:
    return _EPOCH + timedelta(microseconds=microseconds)


def _refuse(name: str, what: str) -> ValidationError:
    return ValidationError(
        f"audit field '{name}' must be {what}; audit events hold ids and keys, never personal "
        "values (the value is not repeated here)",
        field=name,
    )


# Ids and keys recur (the same actors, purposes, rules, keys): remembering the strings that
# already matched saves a regular expression per field per event. Bounded, and it only ever holds
# strings that matched, which are ids and keys, not values.
_KNOWN_IDS: set[str] = set()
_KNOWN_KEYS: set[str] = set()
_KNOWN_LIMIT = 65_536


def _matches(pattern: re.Pattern[str], known: set[str], value: object) -> bool:
    if not isinstance(value, str):
        return False
    if value in known:
        return True
    if pattern.fullmatch(value) is None:
        return False
    if len(known) >= _KNOWN_LIMIT:
        known.clear()
    known.add(value)
    return True


def _check_id(name: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not _matches(_ID, _KNOWN_IDS, value):
        raise _refuse(name, "an id: ASCII letters, digits and _ . : -, at most 128 characters")


def _check_key(name: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not _matches(_KEY, _KNOWN_KEYS, value):
        raise _refuse(name, "a key such as 'email' or 'address.postal_code' (at most 128)")


def enum_value(kind: type[_E], name: str, value: object) -> _E:
    if isinstance(value, kind):
        return value
    member = kind._value2member_map_.get(value) if isinstance(value, str) else None
    if member is None:
        allowed = ", ".join(item.value for item in kind)
        raise ValidationError(f"audit field '{name}' must be one of: {allowed}", field=name)
    return member  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One access to record, before it has a sequence number.

    ``item_keys`` is stored sorted and without duplicates. ``time`` defaults to the moment of the
    append.
    """

    actor_kind: ActorKind
    actor_id: str
    action: str
    outcome: Outcome
    rule: str
    role: str | None = None
    purpose: str | None = None
    subject_id: str | None = None
    item_keys: tuple[str, ...] = field(default=())
    request_id: str | None = None
    time: datetime | None = None

    def __post_init__(self) -> None:
        if type(self.actor_kind) is not ActorKind:
            object.__setattr__(
                self, "actor_kind", enum_value(ActorKind, "actor_kind", self.actor_kind)
            )
        if type(self.outcome) is not Outcome:
            object.__setattr__(self, "outcome", enum_value(Outcome, "outcome", self.outcome))
        _check_id("actor_id", self.actor_id)
        _check_key("action", self.action)
        _check_key("rule", self.rule)
        _check_key("role", self.role, optional=True)
        _check_key("purpose", self.purpose, optional=True)
        _check_id("subject_id", self.subject_id, optional=True)
        _check_id("request_id", self.request_id, optional=True)
        object.__setattr__(self, "item_keys", _item_keys(self.item_keys))
        if self.time is not None:
            to_microseconds(self.time)


def key_tuple(keys: Iterable[str]) -> tuple[str, ...]:
    """`keys` as a tuple; a lone string (which would iterate as letters) is refused."""
    if isinstance(keys, str | bytes):
        raise ValidationError(
            "audit field 'item_keys' must be a list of keys, not one string", field="item_keys"
        )
    return tuple(keys)


def _item_keys(keys: Iterable[str]) -> tuple[str, ...]:
    unique = set(key_tuple(keys))
    for key in unique:
        _check_key("item_keys", key)
    ordered = tuple(sorted(unique))
    return keys if keys == ordered else ordered


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One recorded event, as read back from the log."""

    seq: int
    time: datetime
    actor_kind: ActorKind
    actor_id: str
    role: str | None
    action: str
    purpose: str | None
    subject_id: str | None
    item_keys: tuple[str, ...]
    outcome: Outcome
    rule: str
    request_id: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "time": self.time.isoformat(),
            "actor_kind": self.actor_kind.value,
            "actor_id": self.actor_id,
            "role": self.role,
            "action": self.action,
            "purpose": self.purpose,
            "subject_id": self.subject_id,
            "item_keys": list(self.item_keys),
            "outcome": self.outcome.value,
            "rule": self.rule,
            "request_id": self.request_id,
        }
