"""The person's registration data: view, correct, delete items or the account, download."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from mamori.accounts import close_sessions_of
from mamori.crypto import Personal
from mamori.errors import AccessDeniedError, ValidationError
from mamori.provision import RecordedRecipient, records_of
from mamori.register import SELF, Actor, RegisterSession
from mamori.rights import PORTABILITY_FORMATS, correction_recipients, disclosure_package

__all__ = [
    "AccountDeletion",
    "Correction",
    "Download",
    "MyData",
    "MyItem",
    "correct",
    "delete_account",
    "delete_items",
    "download",
    "my_data",
    "subject_of",
]


@dataclass(frozen=True)
class MyItem:
    """One item the policy holds for the person, with their value when they gave one."""

    key: str
    label: dict[str, str]
    category: str
    required: bool
    editable: bool
    """The person provides it themself, so they may correct or add it."""
    value: Personal[str] | None = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "category": self.category,
            "required": self.required,
            "editable": self.editable,
            "value": None if self.value is None else self.value.reveal(),
        }


@dataclass(frozen=True)
class MyData:
    subject_id: str
    items: tuple[MyItem, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"subject_id": self.subject_id, "items": [item.to_dict() for item in self.items]}


@dataclass(frozen=True)
class Correction:
    corrected: tuple[str, ...]
    recipients: tuple[RecordedRecipient, ...]
    """Who received an old value and is to be told of the correction (GDPR Art. 19)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "corrected": list(self.corrected),
            "recipients": [recipient.to_dict() for recipient in self.recipients],
        }


@dataclass(frozen=True)
class AccountDeletion:
    subject_id: str
    records_kept: int
    """Provision records naming the person that the law keeps, now without their values."""


@dataclass(frozen=True)
class Download:
    filename: str
    media_type: str
    body: bytes = field(repr=False)


def subject_of(actor: Actor) -> str:
    """The person's own subject id; anyone but a signed-in person is refused."""
    if actor.kind != "subject":
        raise AccessDeniedError(
            "self-service is for the person themself; staff answer a request instead",
            rule="self_only",
        )
    return actor.id


def my_data(session: RegisterSession, actor: Actor) -> MyData:
    """Every item the policy holds for the person's kind, password items aside."""
    subject_id = subject_of(actor)
    kind = session.subject_info(actor, subject_id).kind
    values = session.read(actor, subject_id, SELF)
    items = tuple(
        MyItem(
            key=key,
            label=dict(item.label),
            category=item.category,
            required=item.required,
            editable=item.source == "person",
            value=values.get(key),
        )
        for key, item in session.policy.items.items()
        if item.type != "password"
        and (item.subject_kinds is None or kind in item.subject_kinds)
        and (key in values or item.source == "person")
    )
    return MyData(subject_id, items)


def correct(session: RegisterSession, actor: Actor, values: Mapping[str, object]) -> Correction:
    """Correct or add items; the register validates them as at sign-up."""
    subject_id = subject_of(actor)
    if not values:
        raise ValidationError("name at least one item to correct", field="values")
    session.write(actor, subject_id, SELF, values)
    corrected = tuple(values)
    return Correction(corrected, correction_recipients(session.connection, subject_id, corrected))


def delete_items(session: RegisterSession, actor: Actor, keys: Iterable[str]) -> tuple[str, ...]:
    """Delete voluntary items; a required one is refused (correct it, or delete the account)."""
    subject_id = subject_of(actor)
    deleted = tuple(keys)
    if not deleted:
        raise ValidationError("name at least one item to delete", field="items")
    session.delete_items(actor, subject_id, deleted, SELF)
    return deleted


def delete_account(
    session: RegisterSession, actor: Actor, *, now: datetime | None = None
) -> AccountDeletion:
    """Crypto-shred the person and close their sessions: their values become unreadable in
    every copy of the database; the provision records and the audit log the law keeps stay,
    naming only the subject id."""
    subject_id = subject_of(actor)
    session.erase(actor, subject_id, reason="self_service")
    close_sessions_of(session.connection, "subject", subject_id, now=now or datetime.now(UTC))
    return AccountDeletion(subject_id, len(records_of(session.connection, subject_id)))


def download(
    session: RegisterSession, actor: Actor, form: str, *, locale: str | None = None
) -> Download:
    """Everything held about the person: the whole disclosure package as JSON, or their items
    with purposes and recipients as CSV (GDPR Arts. 15 and 20)."""
    subject_id = subject_of(actor)
    if form not in PORTABILITY_FORMATS:
        raise ValidationError(
            f"download as {' or '.join(PORTABILITY_FORMATS)}, not '{form}'", field="format"
        )
    package = disclosure_package(session, actor, subject_id, locale=locale)
    if form == "json":
        body = package.to_json().encode("utf-8")
        return Download("my-data.json", "application/json", body)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["item", "label", "category", "value", "purposes", "recipients"])
    for entry in package.items:
        writer.writerow(
            [
                entry.key,
                entry.label.get(package.locale) or next(iter(entry.label.values()), ""),
                entry.category,
                entry.value.reveal(),
                " ".join(entry.purposes),
                " ".join(entry.recipients),
            ]
        )
    return Download("my-data.csv", "text/csv; charset=utf-8", out.getvalue().encode("utf-8"))
