"""What happened to the person's data: who read it, who received it, their requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mamori.audit import AuditLog
from mamori.provision import ProvisionRecord, RecordedRecipient, records_of
from mamori.register import Actor, RegisterSession
from mamori.rights import AccessEntry, RightsRequest, requests_of
from mamori.selfservice._mine import subject_of

__all__ = ["Received", "my_requests", "who_read_my_data", "who_received_my_data"]

_AUDIT_PAGE = 1000


@dataclass(frozen=True)
class Received:
    """One provision of the person's data to a third party, as the person is told of it
    (APPI Art. 33(5)): the recipient, the items, when, and on what basis; not who at the
    operator made it, nor the justification written for the supervisory authority."""

    record_id: str
    recipient: RecordedRecipient
    items: tuple[str, ...]
    basis: str
    provision: str | None
    first_provided_at: datetime
    last_provided_at: datetime

    @classmethod
    def of(cls, record: ProvisionRecord) -> Received:
        return cls(
            record.id,
            record.recipient,
            record.items,
            record.basis,
            record.provision,
            record.first_provided_at,
            record.last_provided_at,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "recipient": self.recipient.to_dict(),
            "items": list(self.items),
            "basis": self.basis,
            "provision": self.provision,
            "first_provided_at": self.first_provided_at.isoformat(),
            "last_provided_at": self.last_provided_at.isoformat(),
        }


def who_read_my_data(
    session: RegisterSession, actor: Actor, *, since: datetime | None = None
) -> list[AccessEntry]:
    """Every access to the person's data in the audit log, newest first: who by kind and role,
    never another person's id."""
    subject_id = subject_of(actor)
    log = AuditLog()
    found: list[AccessEntry] = []
    while True:
        page = log.query(
            session.connection,
            subject_id=subject_id,
            since=since,
            limit=_AUDIT_PAGE,
            offset=len(found),
            newest_first=True,
        )
        found.extend(AccessEntry.of(event, subject_id) for event in page)
        if len(page) < _AUDIT_PAGE:
            return found


def who_received_my_data(session: RegisterSession, actor: Actor) -> list[Received]:
    """The provision records that name the person, newest first."""
    records = records_of(session.connection, subject_of(actor))
    return [Received.of(record) for record in reversed(records)]


def my_requests(session: RegisterSession, actor: Actor) -> list[RightsRequest]:
    """The person's requests, newest first, with where each stands."""
    return requests_of(session, actor, subject_of(actor))
