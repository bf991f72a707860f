"""Entrustees (委託先, APPI Art. 25; AZ-3, OP-11): who they are, as the policy declares them,
and the log of how the organization supervises them.

    from mamori.provision import entrustees_of, log_supervision, supervision_log

    with register.session() as session:
        log_supervision(session, Actor.staff("officer-1", "privacy_officer"), "hosting",
                        "audit", "Yearly security review passed", reference="AUD-2026-03")

Art. 25 asks the organization to supervise its entrustees as necessary and appropriate; the PPC
guideline names what that means (selection, a contract, checking how it is kept, approving any
re-entrustment): each is an entry of the log, for declared entrustees only. Entrustment is no
third-party provision (Art. 27(5)(i)): it writes no Art. 29 record.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, insert, select

from mamori.errors import AccessDeniedError, NotFoundError, ValidationError
from mamori.policy import Policy
from mamori.provision._register_tables import supervision_entries
from mamori.provision.receipts import RECORD_KEEPER_PERMISSION, may_keep_records
from mamori.register import Actor, RegisterSession

__all__ = [
    "SUPERVISION_KINDS",
    "EntrusteeFacts",
    "SupervisionEntry",
    "SupervisionKind",
    "entrustees_of",
    "log_supervision",
    "supervision_log",
]

SupervisionKind = Literal[
    "selection", "contract", "audit", "re_entrustment_approval", "incident", "termination"
]
SUPERVISION_KINDS: tuple[SupervisionKind, ...] = (
    "selection",
    "contract",
    "audit",
    "re_entrustment_approval",
    "incident",
    "termination",
)
_ACTION = "supervision.log"


@dataclass(frozen=True)
class EntrusteeFacts:
    """An entrustee as the policy declares it; texts per locale, as in the policy."""

    key: str
    name: dict[str, str]
    task: dict[str, str]
    agreement: dict[str, str]
    address: dict[str, str] | None
    country: str | None
    location: dict[str, str] | None
    supervision: dict[str, str] | None
    items: tuple[str, ...]
    """The items it handles; all the person's items when the policy names none (a host)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "task": self.task,
            "agreement": self.agreement,
            "address": self.address,
            "country": self.country,
            "location": self.location,
            "supervision": self.supervision,
            "items": list(self.items),
        }


@dataclass(frozen=True)
class SupervisionEntry:
    """One act of supervision of an entrustee."""

    id: str
    entrustee: str
    kind: SupervisionKind
    summary: str
    reference: str | None
    at: datetime
    recorded_at: datetime
    actor_kind: str
    actor_id: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entrustee": self.entrustee,
            "kind": self.kind,
            "summary": self.summary,
            "reference": self.reference,
            "at": self.at.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "actor_kind": self.actor_kind,
            "actor_id": self.actor_id,
        }


def entrustees_of(policy: Policy) -> list[EntrusteeFacts]:
    """Every entrustee the policy declares, in its order."""
    return [
        EntrusteeFacts(
            key=key,
            name=dict(entrustee.name),
            task=dict(entrustee.task),
            agreement=dict(entrustee.agreement),
            address=_text(entrustee.address),
            country=entrustee.country,
            location=_text(entrustee.location),
            supervision=_text(entrustee.supervision),
            items=tuple(entrustee.items),
        )
        for key, entrustee in policy.entrustees.items()
    ]


def log_supervision(
    session: RegisterSession,
    actor: Actor,
    entrustee_key: str,
    kind: SupervisionKind,
    summary: str,
    reference: str | None = None,
    at: datetime | None = None,
) -> SupervisionEntry:
    """Add an entry to the supervision log of a declared entrustee.

    Staff with the `provisions.run` permission, or the system (an import), may write it; the
    summary names no person (it is kept in clear). Refusals are audited.
    """
    policy = session.policy
    purpose = f"entrustee:{entrustee_key}"
    if kind not in SUPERVISION_KINDS:
        raise ValidationError(f"kind must be one of {', '.join(SUPERVISION_KINDS)}", field="kind")
    if not isinstance(summary, str) or not summary.strip() or len(summary) > 2000:
        raise ValidationError(
            "summarise what was done, in 1 to 2000 characters (no names)", field="summary"
        )
    if reference is not None and (not isinstance(reference, str) or not 0 < len(reference) <= 200):
        raise ValidationError("reference is 1 to 200 characters", field="reference")
    if not may_keep_records(policy, actor):
        session.record_event(actor, _ACTION, purpose, None, allowed=False, rule="records_keeper")
        raise AccessDeniedError(
            f"actor {actor.id} may not log supervision: it takes the {RECORD_KEEPER_PERMISSION} "
            "permission",
            rule="records_keeper",
        )
    if entrustee_key not in policy.entrustees:
        session.record_event(actor, _ACTION, purpose, None, allowed=False, rule="entrustee_unknown")
        declared = ", ".join(policy.entrustees) or "none"
        raise NotFoundError(
            f"the policy declares no entrustee '{entrustee_key}' (declared: {declared}); "
            "declare it under entrustees first",
            field="entrustee",
        )
    now = datetime.now(UTC)
    entry = SupervisionEntry(
        id=uuid.uuid4().hex,
        entrustee=entrustee_key,
        kind=kind,
        summary=summary.strip(),
        reference=reference,
        at=_aware(at) if at is not None else now,
        recorded_at=now,
        actor_kind=actor.kind,
        actor_id=actor.id,
    )
    session.connection.execute(insert(supervision_entries).values(entry.__dict__))
    session.record_event(actor, _ACTION, purpose, None, rule=f"supervision_{kind}")
    return entry


def supervision_log(
    connection: Connection, entrustee_key: str | None = None
) -> list[SupervisionEntry]:
    """The supervision log, oldest first; one entrustee's when `entrustee_key` is given."""
    query = select(supervision_entries)
    if entrustee_key is not None:
        query = query.where(supervision_entries.c.entrustee == entrustee_key)
    query = query.order_by(supervision_entries.c.at, supervision_entries.c.id)
    entries = []
    for row in connection.execute(query):
        values = dict(row._mapping)
        values["at"] = _aware(values["at"])
        values["recorded_at"] = _aware(values["recorded_at"])
        entries.append(SupervisionEntry(**values))
    return entries


def _text(text: dict[str, str] | None) -> dict[str, str] | None:
    return None if text is None else dict(text)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
