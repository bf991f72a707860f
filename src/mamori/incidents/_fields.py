"""Checking what an incident is given, field by field, before anything is stored."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime

from mamori.errors import ValidationError
from mamori.incidents.model import GDPR_RISKS, KINDS, TEXT_FIELDS
from mamori.policy import Policy

__all__ = ["EDITABLE", "check_changes", "check_consistent", "check_text"]

EDITABLE: tuple[str, ...] = (
    "kind",
    "occurred_at",
    "learned_at",
    "items",
    "persons_estimate",
    "encrypted",
    "wrongful",
    "gdpr_risk",
    *TEXT_FIELDS,
)
_MAX_TEXT = 4000
# What most often slips a personal value into a description: an e-mail address, a phone or
# card number, a Japanese postal code. Dates (2026-03-01) and counts pass.
_PERSONAL_LOOKING = re.compile(
    r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}|\d{7,}|\d{2,4}-\d{2,4}-\d{3,4}|\b\d{3}-\d{4}\b"
)


def check_text(value: object, name: str) -> str | None:
    """The operator's own words (None clears an optional text); never a person's value, which
    the message does not repeat."""
    if value is None and name != "summary":
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"give the {name} in words (a non-empty text)", field=name)
    if len(value) > _MAX_TEXT:
        raise ValidationError(f"the {name} is longer than {_MAX_TEXT} characters", field=name)
    if _PERSONAL_LOOKING.search(value):
        raise ValidationError(
            f"the {name} seems to hold an e-mail address or a number such as a phone or postal "
            "code; describe the incident without any person's data (subjects are listed by id)",
            field=name,
        )
    return value.strip()


def _moment(value: object, name: str, *, optional: bool) -> datetime | None:
    if value is None and optional:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValidationError(
            f"{name} must be a timezone-aware date and time (e.g. 2026-05-01T09:30+09:00)",
            field=name,
        )
    if value > datetime.now(UTC):
        raise ValidationError(f"{name} is in the future; give when it really was", field=name)
    return value


def _items(policy: Policy, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValidationError("items is a list of the policy's item keys", field="items")
    if not value:
        raise ValidationError(
            "name at least one item concerned (the policy's item keys)", field="items"
        )
    for key in value:
        if not isinstance(key, str) or key not in policy.items:
            shown = key if isinstance(key, str) and len(key) <= 64 else "?"
            raise ValidationError(
                f"'{shown}' is not an item of the policy; use its item keys "
                f"({', '.join(sorted(policy.items))})",
                field="items",
            )
    return tuple(sorted(set(value)))


def _one(policy: Policy, name: str, value: object) -> object:
    if name == "kind":
        if value not in KINDS:
            raise ValidationError(f"kind must be one of {', '.join(KINDS)}", field="kind")
        return value
    if name in ("occurred_at", "learned_at"):
        return _moment(value, name, optional=name == "occurred_at")
    if name == "items":
        return _items(policy, value)
    if name == "persons_estimate":
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise ValidationError(
                "persons_estimate is a count of persons, 0 or more", field="persons_estimate"
            )
        return value
    if name in ("encrypted", "wrongful"):
        if not isinstance(value, bool):
            raise ValidationError(f"{name} is true or false", field=name)
        return value
    if name == "gdpr_risk":
        if value is not None and value not in GDPR_RISKS:
            raise ValidationError(f"gdpr_risk is one of {', '.join(GDPR_RISKS)}", field="gdpr_risk")
        return value
    return check_text(value, name)


def check_changes(policy: Policy, changes: Mapping[str, object]) -> dict[str, object]:
    """Each field checked on its own; an unknown field is refused."""
    checked: dict[str, object] = {}
    for name, value in changes.items():
        if name not in EDITABLE:
            raise ValidationError(
                f"an incident has no field '{name}' to set; use {', '.join(EDITABLE)} "
                "(the status changes with status=)",
                field=name if isinstance(name, str) and len(name) <= 64 else "changes",
            )
        checked[name] = _one(policy, name, value)
    return checked


def check_consistent(fields: Mapping[str, object]) -> None:
    """The rules between fields, on the incident as it would stand."""
    occurred, learned = fields.get("occurred_at"), fields.get("learned_at")
    if isinstance(occurred, datetime) and isinstance(learned, datetime) and learned < occurred:
        raise ValidationError(
            "learned_at is before occurred_at: the operator cannot learn of an incident before "
            "it happened; check both times and their zones",
            field="learned_at",
        )
    if fields.get("gdpr_risk") == "unlikely" and not fields.get("gdpr_risk_reason"):
        raise ValidationError(
            "judging the risk unlikely (no report to the authority, GDPR Art. 33(1)) needs the "
            "reason: give gdpr_risk_reason",
            field="gdpr_risk_reason",
        )
