"""What a person is told about themself: the disclosure package (APPI Arts. 32-33, GDPR Art. 15)
and the export of what they provided (GDPR Art. 20).

    package = disclosure_package(session, Actor.subject("u1"), "u1", locale="ja")
    package.to_json()          # machine-readable; the only place, with to_html, values show
    package.to_html()          # a page in the person's language
    portability_export(session, Actor.subject("u1"), "u1", "csv")

The values are read through the register as the person ("self", audited), or by the staff
answering their request ("request", the request id in every audit event); everything else comes
from the policy and the records kept beside the register: provision and receipt records, the
consent ledger and the audit log. Staff compile it for a person through `fulfil_request`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from mamori.audit import AuditEvent, AuditLog
from mamori.consent import ConsentEvent, ConsentStatus, history, status
from mamori.crypto import Personal
from mamori.errors import AccessDeniedError, ValidationError
from mamori.policy import Policy
from mamori.provision import (
    ProvisionRecord,
    ReceiptRecord,
    SharingFacts,
    receipts_of,
    records_of,
    sharing_for,
)
from mamori.register import REQUEST, SELF, Actor, RegisterSession

__all__ = [
    "PORTABILITY_FORMATS",
    "AccessEntry",
    "DisclosurePackage",
    "ItemEntry",
    "disclosure_package",
    "portability_export",
]

PORTABILITY_FORMATS: tuple[str, ...] = ("json", "csv")
PortabilityFormat = Literal["json", "csv"]
_AUDIT_PAGE = 10_000


@dataclass(frozen=True)
class ItemEntry:
    """One item the person has: its value and what the policy says of it."""

    key: str
    label: dict[str, str]
    value: Personal[str] = field(repr=False)
    category: str
    source: str
    provider: dict[str, str] | None
    retention: dict[str, Any] | None
    purposes: tuple[str, ...]
    """Keys of the purposes that use the item."""
    provisions: tuple[str, ...]
    """Keys of the declared provisions that hand it to third parties."""
    recipients: tuple[str, ...]
    """Keys of the policy's recipients of those provisions."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value.reveal(),
            "category": self.category,
            "source": self.source,
            "provider": self.provider,
            "retention": self.retention,
            "purposes": list(self.purposes),
            "provisions": list(self.provisions),
            "recipients": list(self.recipients),
        }


@dataclass(frozen=True)
class AccessEntry:
    """One access to the person's data from the audit log: who by kind and role (the person
    themself is `self`), never another person's id."""

    time: datetime
    who: str
    """`self`, or the actor kind and role (`staff:support`, `application:application`...)."""
    action: str
    purpose: str | None
    items: tuple[str, ...]
    outcome: str

    @classmethod
    def of(cls, event: AuditEvent, subject_id: str) -> AccessEntry:
        kind = event.actor_kind.value
        if kind == "subject" and event.actor_id == subject_id:
            who = "self"
        else:
            who = f"{kind}:{event.role}" if event.role and event.role != kind else kind
        return cls(
            event.time, who, event.action, event.purpose, event.item_keys, event.outcome.value
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "time": self.time.isoformat(),
            "who": self.who,
            "action": self.action,
            "purpose": self.purpose,
            "items": list(self.items),
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class DisclosurePackage:
    """Everything held about one person and what was done with it. Values print as
    <redacted>: only `to_json`, `to_html` and `to_dict` reveal them."""

    subject_id: str
    subject_kind: str
    generated_at: datetime
    locale: str
    policy: Policy = field(repr=False)
    items: tuple[ItemEntry, ...]
    provision_records: tuple[ProvisionRecord, ...]
    receipt_records: tuple[ReceiptRecord, ...]
    consent_status: tuple[ConsentStatus, ...]
    consent_history: tuple[ConsentEvent, ...]
    sharing: SharingFacts
    access_history: tuple[AccessEntry, ...]
    suspended: tuple[str, ...] = ()
    """Purposes (or `*`, `provision:<key>`) whose use the person stopped."""

    def purposes(self) -> dict[str, Any]:
        """The policy's purposes that use the person's items: label, legal basis, items."""
        held = {item.key for item in self.items}
        return {
            key: {
                "label": purpose.label,
                "legal_basis": purpose.legal_basis,
                "direct_marketing": purpose.direct_marketing,
                "items": [item for item in purpose.items if item in held],
            }
            for key, purpose in self.policy.purposes.items()
            if held & set(purpose.items)
        }

    def recipients(self) -> dict[str, Any]:
        """The policy's recipients of provisions covering the person's items."""
        wanted = {key for item in self.items for key in item.recipients}
        return {
            key: {"name": recipient.name, "country": recipient.country}
            for key, recipient in self.policy.recipients.items()
            if key in wanted
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO 8601, texts per locale as the policy gives them."""
        return {
            "subject_id": self.subject_id,
            "subject_kind": self.subject_kind,
            "generated_at": self.generated_at.isoformat(),
            "locale": self.locale,
            "policy": {"name": self.policy.name, "version": self.policy.version},
            "items": [item.to_dict() for item in self.items],
            "purposes": self.purposes(),
            "recipients": self.recipients(),
            "provision_records": [
                self._anonymous(record.to_dict()) for record in self.provision_records
            ],
            "receipt_records": [
                self._anonymous(record.to_dict()) for record in self.receipt_records
            ],
            "consent": {
                "status": [_plain(entry) for entry in self.consent_status],
                "history": [self._anonymous(_plain(event)) for event in self.consent_history],
            },
            "sharing": self.sharing.to_dict(),
            "suspended": list(self.suspended),
            "access_history": [entry.to_dict() for entry in self.access_history],
        }

    def _anonymous(self, record: dict[str, Any]) -> dict[str, Any]:
        """A record without the id of whoever made it, unless the person: staff ids are
        other people's data; kind is enough for the person to know."""
        actor = record.pop("actor", None)
        kind = actor["kind"] if actor else record.pop("actor_kind", None)
        actor_id = actor["id"] if actor else record.pop("actor_id", None)
        record["actor"] = {"kind": kind, "self": kind == "subject" and actor_id == self.subject_id}
        return record

    def to_json(self) -> str:
        """The package as JSON (UTF-8 text, keys in a stable order)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_html(self, locale: str | None = None) -> str:
        """The package as a simple HTML page in `locale` (the package's when None)."""
        from mamori.rights._package_html import render

        return render(self, _locale(self.policy, locale or self.locale))


def _reader(subject_id: str, request: tuple[Actor, str] | None) -> tuple[Actor, str, str | None]:
    """Who reads the person's data, for which purpose: the person (`self`), or the staff
    answering their request (`request`, the request named in every audit event)."""
    if request is None:
        return Actor.subject(subject_id), SELF, None
    actor, request_id = request
    return actor, REQUEST, request_id


def disclosure_package(
    session: RegisterSession, actor: Actor, subject_id: str, *, locale: str | None = None
) -> DisclosurePackage:
    """The person's own package, for the person (`Actor.subject(subject_id)`). Staff compile
    one through the request workflow (`fulfil_request`), never directly."""
    _require_self(actor, subject_id, "disclosure")
    return compile_package(session, subject_id, locale=locale)


def portability_export(
    session: RegisterSession,
    actor: Actor,
    subject_id: str,
    form: str = "json",
    *,
    items: Iterable[str] | None = None,
) -> bytes:
    """What the person provided (items whose policy source is `person`), as JSON or CSV
    (GDPR Art. 20); the person's own, or through `fulfil_request`."""
    _require_self(actor, subject_id, "portability")
    return export_provided(session, subject_id, form, items=items)


def compile_package(
    session: RegisterSession,
    subject_id: str,
    *,
    locale: str | None = None,
    items: Iterable[str] | None = None,
    request: tuple[Actor, str] | None = None,
) -> DisclosurePackage:
    """The package, read as the person, or by staff answering `request` (actor, request id):
    for this package and `fulfil_request`."""
    policy = session.policy
    shown_locale = _locale(policy, locale)
    reader, purpose, request_id = _reader(subject_id, request)
    asked = None if items is None else list(items)
    values = session.read(reader, subject_id, purpose, asked, request_id=request_id)
    info = session.subject_info(reader, subject_id)
    connection = session.connection
    entries = tuple(_item(policy, key, value) for key, value in values.items())
    events = _access_history(session, subject_id)
    return DisclosurePackage(
        subject_id=subject_id,
        subject_kind=info.kind,
        generated_at=datetime.now(UTC),
        locale=shown_locale,
        policy=policy,
        items=entries,
        provision_records=tuple(records_of(connection, subject_id)),
        receipt_records=tuple(receipts_of(connection, subject_id)),
        consent_status=tuple(status(connection, policy, subject_id)),
        consent_history=tuple(history(connection, subject_id)),
        sharing=sharing_for(policy, values),
        access_history=events,
        suspended=tuple(sorted(info.suspended)),
    )


def export_provided(
    session: RegisterSession,
    subject_id: str,
    form: str,
    *,
    items: Iterable[str] | None = None,
    request: tuple[Actor, str] | None = None,
) -> bytes:
    """The export of the items the person provided; for `portability_export` and
    `fulfil_request`."""
    if form not in PORTABILITY_FORMATS:
        raise ValidationError(
            f"a portability export is {' or '.join(PORTABILITY_FORMATS)}, not '{form}'",
            field="form",
        )
    policy = session.policy
    wanted = set(items) if items is not None else None
    provided = [
        key
        for key, item in policy.items.items()
        if item.source == "person" and item.type != "password" and (wanted is None or key in wanted)
    ]
    reader, purpose, request_id = _reader(subject_id, request)
    values = session.read(reader, subject_id, purpose, request_id=request_id)
    exported = {key: values[key].reveal() for key in provided if key in values}
    if form == "json":
        body = {
            "subject_id": subject_id,
            "exported_at": datetime.now(UTC).isoformat(),
            "policy": {"name": policy.name, "version": policy.version},
            "items": exported,
        }
        return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["item", "category", "value"])
    for key, value in exported.items():
        writer.writerow([key, policy.items[key].category, value])
    return out.getvalue().encode("utf-8")


def _require_self(actor: Actor, subject_id: str, what: str) -> None:
    if actor.kind != "subject" or actor.id != subject_id:
        raise AccessDeniedError(
            f"only the person themself takes their {what} directly; staff answer a request "
            "for it with fulfil_request",
            rule="self_only",
        )


def _locale(policy: Policy, locale: str | None) -> str:
    if locale is None:
        return policy.default_locale
    if locale not in policy.locales:
        raise ValidationError(
            f"the policy speaks {', '.join(policy.locales)}, not '{locale}'", field="locale"
        )
    return locale


def _item(policy: Policy, key: str, value: Personal[str]) -> ItemEntry:
    item = policy.items[key]
    provisions = tuple(name for name, p in policy.provisions.items() if key in p.items)
    recipients = tuple(
        dict.fromkeys(r for name in provisions for r in policy.provisions[name].recipients)
    )
    return ItemEntry(
        key=key,
        label=dict(item.label),
        value=value,
        category=item.category,
        source=item.source,
        provider=dict(item.provider) if item.provider else None,
        retention=item.retention.model_dump(mode="json") if item.retention else None,
        purposes=tuple(name for name, p in policy.purposes.items() if key in p.items),
        provisions=provisions,
        recipients=recipients,
    )


def _access_history(session: RegisterSession, subject_id: str) -> tuple[AccessEntry, ...]:
    log = AuditLog()
    found: list[AccessEntry] = []
    offset = 0
    while True:
        page = log.query(
            session.connection, subject_id=subject_id, limit=_AUDIT_PAGE, offset=offset
        )
        found.extend(AccessEntry.of(event, subject_id) for event in page)
        if len(page) < _AUDIT_PAGE:
            return tuple(found)
        offset += _AUDIT_PAGE


def _plain(value: object) -> Any:
    """A dataclass of the ledger as JSON-ready values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        return [_plain(entry) for entry in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
