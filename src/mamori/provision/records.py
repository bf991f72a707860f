"""APPI Art. 29 provision records and Art. 31 confirmation records: write, extend, list, expire.

A record states the basis (the fact of consent per person, the opt-out with the date of
provision, or the legal exception with its justification and the requester's reference), the
recipient's name, address and representative as the policy named them at the time, who the
persons are (subject ids), the items and the dates. Repeated provision of the same declared
provision to the same recipient may share one bulk record (規則19(2)) whose first and last dates
span the provisions. Retention (規則21): 1 year after the last provision when a contract is the
record, 3 years after the last provision for a bulk record, otherwise 3 years.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, delete, select

from mamori.errors import AccessDeniedError
from mamori.policy import Policy
from mamori.provision._tables import provision_record_subjects, provision_records
from mamori.register import Actor, RegisterSession, has_permission

__all__ = [
    "ProvisionBasisUsed",
    "ProvisionRecord",
    "RecordSubject",
    "RecordedRecipient",
    "expire_records",
    "list_records",
    "record_subjects",
    "records_of",
    "retention_end",
]

ProvisionBasisUsed = Literal["consent", "opt_out", "legal_exception"]
_CHUNK = 500


@dataclass(frozen=True)
class RecordedRecipient:
    """The recipient as recorded: texts by locale ({"*": text} when one text for all)."""

    name: dict[str, str]
    address: dict[str, str] | None = None
    representative: dict[str, str] | None = None
    country: str = "JP"
    key: str | None = None
    """The policy's recipient key; None for a recipient named for this provision only."""
    foreign_route: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "name": self.name,
            "address": self.address,
            "representative": self.representative,
            "country": self.country,
            "foreign_route": self.foreign_route,
        }


@dataclass(frozen=True)
class RecordSubject:
    """One person a record covers, with the consent event that allowed it (if any)."""

    subject_id: str
    consent_event_id: str | None
    first_provided_at: datetime
    last_provided_at: datetime


@dataclass(frozen=True)
class ProvisionRecord:
    id: str
    article: Literal["29", "31"]
    basis: ProvisionBasisUsed
    provision: str | None
    exception: str | None
    justification: str | None = field(repr=False)
    requester_reference: str | None
    recipient: RecordedRecipient
    items: tuple[str, ...]
    confirmation_method: str | None
    contract_reference: str | None
    bulk: bool
    first_provided_at: datetime
    last_provided_at: datetime
    retain_until: datetime
    provided: int
    """How many provisions to persons the record covers (a person provided twice counts twice)."""
    policy_version: str
    actor_kind: str
    actor_id: str
    subjects: tuple[RecordSubject, ...] = ()
    """Filled by `records_of` (that person only) and `list_records(with_subjects=True)`."""

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "article": self.article,
            "basis": self.basis,
            "provision": self.provision,
            "exception": self.exception,
            "justification": self.justification,
            "requester_reference": self.requester_reference,
            "recipient": self.recipient.to_dict(),
            "items": list(self.items),
            "confirmation_method": self.confirmation_method,
            "contract_reference": self.contract_reference,
            "bulk": self.bulk,
            "first_provided_at": self.first_provided_at.isoformat(),
            "last_provided_at": self.last_provided_at.isoformat(),
            "retain_until": self.retain_until.isoformat(),
            "provided": self.provided,
            "policy_version": self.policy_version,
            "actor": {"kind": self.actor_kind, "id": self.actor_id},
            "subjects": [
                {
                    "subject_id": subject.subject_id,
                    "consent_event_id": subject.consent_event_id,
                    "first_provided_at": subject.first_provided_at.isoformat(),
                    "last_provided_at": subject.last_provided_at.isoformat(),
                }
                for subject in self.subjects
            ],
        }


def retention_end(last_provided_at: datetime, *, bulk: bool, contract: bool) -> datetime:
    """The end of the legal retention period (規則21): 1 year after the last provision when a
    contract is the record, 3 years otherwise (for a bulk record, after its last provision;
    `bulk` changes nothing but says which rule applies)."""
    return _years_after(last_provided_at, 1 if contract else 3)


def _years_after(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February, and the year is not a leap year
        return moment.replace(year=moment.year + years, day=28)


# -- reading ----------------------------------------------------------------------------------


def records_of(connection: Connection, subject_id: str) -> list[ProvisionRecord]:
    """The records that cover one person, oldest first, each with that person's entry: what a
    disclosure of provision records (APPI Art. 33(5)) shows, and "who received my data"."""
    join = provision_records.join(
        provision_record_subjects,
        provision_record_subjects.c.record_id == provision_records.c.id,
    )
    rows = connection.execute(
        select(
            provision_records,
            provision_record_subjects.c.subject_id,
            provision_record_subjects.c.consent_event_id,
            provision_record_subjects.c.first_provided_at.label("subject_first"),
            provision_record_subjects.c.last_provided_at.label("subject_last"),
        )
        .select_from(join)
        .where(provision_record_subjects.c.subject_id == subject_id)
        .order_by(provision_records.c.first_provided_at, provision_records.c.id)
    )
    found = []
    for row in rows:
        values = row._mapping
        person = RecordSubject(
            values["subject_id"],
            values["consent_event_id"],
            _aware(values["subject_first"]),
            _aware(values["subject_last"]),
        )
        found.append(_record(values, (person,)))
    return found


def list_records(
    connection: Connection,
    *,
    provision: str | None = None,
    recipient: str | None = None,
    basis: ProvisionBasisUsed | None = None,
    with_subjects: bool = False,
) -> list[ProvisionRecord]:
    """Every record (of one provision, recipient key or basis when given), oldest first; for
    staff reviewing provisions. `with_subjects` loads the persons too."""
    query = select(provision_records).order_by(
        provision_records.c.first_provided_at, provision_records.c.id
    )
    if provision is not None:
        query = query.where(provision_records.c.provision == provision)
    if recipient is not None:
        query = query.where(provision_records.c.recipient_key == recipient)
    if basis is not None:
        query = query.where(provision_records.c.basis == basis)
    records = [_record(row._mapping) for row in connection.execute(query)]
    if not with_subjects:
        return records
    return [_with_subjects(record, record_subjects(connection, record.id)) for record in records]


def record_subjects(connection: Connection, record_id: str) -> list[RecordSubject]:
    """The persons one record covers, by subject id."""
    table = provision_record_subjects
    rows = connection.execute(
        select(
            table.c.subject_id,
            table.c.consent_event_id,
            table.c.first_provided_at,
            table.c.last_provided_at,
        )
        .where(table.c.record_id == record_id)
        .order_by(table.c.subject_id)
    )
    return [RecordSubject(row[0], row[1], _aware(row[2]), _aware(row[3])) for row in rows]


def expire_records(session: RegisterSession, actor: Actor, now: datetime | None = None) -> int:
    """Delete the records whose retention period has ended (one audit event each); return how
    many. For the system (a scheduled job) or staff allowed to run provisions."""
    if not _may_expire(session.policy, actor):
        session.record_event(
            actor, "provision.expire", "provision_records", None, allowed=False, rule="records_role"
        )
        raise AccessDeniedError(
            f"actor {actor.id} has no role with permission provisions.run", rule="records_role"
        )
    moment = now or datetime.now(UTC)
    connection = session.connection
    expired = [
        (str(row.id), str(row.basis))
        for row in connection.execute(
            select(provision_records.c.id, provision_records.c.basis).where(
                provision_records.c.retain_until <= moment
            )
        )
    ]
    ids = [record_id for record_id, _ in expired]
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        connection.execute(
            delete(provision_record_subjects).where(provision_record_subjects.c.record_id.in_(part))
        )
        connection.execute(delete(provision_records).where(provision_records.c.id.in_(part)))
    for _, basis in expired:
        session.record_event(
            actor, "provision.expire", "provision_records", None, rule=f"retention_{basis}"
        )
    return len(expired)


def _may_expire(policy: Policy, actor: Actor) -> bool:
    return has_permission(policy, actor, "provisions.run")


def _with_subjects(record: ProvisionRecord, subjects: Sequence[RecordSubject]) -> ProvisionRecord:
    return replace(record, subjects=tuple(subjects))


def _record(values: Mapping[Any, Any], subjects: Iterable[RecordSubject] = ()) -> ProvisionRecord:
    return ProvisionRecord(
        id=values["id"],
        article=values["article"],
        basis=values["basis"],
        provision=values["provision"],
        exception=values["exception"],
        justification=values["justification"],
        requester_reference=values["requester_reference"],
        recipient=RecordedRecipient(
            name=json.loads(values["recipient_name"]),
            address=_loads(values["recipient_address"]),
            representative=_loads(values["recipient_representative"]),
            country=values["recipient_country"],
            key=values["recipient_key"],
            foreign_route=values["foreign_route"],
        ),
        items=tuple(values["items"].split()),
        confirmation_method=values["confirmation_method"],
        contract_reference=values["contract_reference"],
        bulk=bool(values["bulk"]),
        first_provided_at=_aware(values["first_provided_at"]),
        last_provided_at=_aware(values["last_provided_at"]),
        retain_until=_aware(values["retain_until"]),
        provided=int(values["provided"]),
        policy_version=values["policy_version"],
        actor_kind=values["actor_kind"],
        actor_id=values["actor_id"],
        subjects=tuple(subjects),
    )


def _loads(text: str | None) -> dict[str, str] | None:
    return None if text is None else dict(json.loads(text))


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
