"""Writing a provision's record: a new one, or the extension of the open bulk record."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection, delete, insert, select, update

from mamori.provision._tables import provision_record_subjects, provision_records
from mamori.provision.records import ProvisionBasisUsed, RecordedRecipient, retention_end
from mamori.register import Actor

__all__ = ["RecordDraft", "write_record"]

_CHUNK = 500


@dataclass(frozen=True)
class RecordDraft:
    """What the gate knows before it writes: everything but the id, dates and counts."""

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
    policy_version: str


def write_record(
    connection: Connection,
    draft: RecordDraft,
    actor: Actor,
    subjects: Mapping[str, str | None],
    *,
    at: datetime,
    bulk: bool,
) -> str:
    """Write the record of one provision to `subjects` (id -> consent event id), or extend the
    open bulk record of the same provision, recipient and items; return the record's id."""
    open_id = _open_bulk(connection, draft) if bulk else None
    if open_id is None:
        record_id = uuid.uuid4().hex
        connection.execute(
            insert(provision_records).values(
                id=record_id,
                **_draft_row(draft),
                bulk=bulk,
                first_provided_at=at,
                last_provided_at=at,
                retain_until=retention_end(
                    at, bulk=bulk, contract=draft.contract_reference is not None
                ),
                provided=len(subjects),
                actor_kind=actor.kind,
                actor_id=actor.id,
            )
        )
        _insert_subjects(connection, record_id, subjects, {}, at)
        return record_id
    record_id = open_id
    connection.execute(
        update(provision_records)
        .where(provision_records.c.id == record_id)
        .values(
            last_provided_at=at,
            retain_until=retention_end(
                at, bulk=True, contract=draft.contract_reference is not None
            ),
            provided=provision_records.c.provided + len(subjects),
        )
    )
    ids = list(subjects)
    earlier: dict[str, datetime] = {}
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        condition = (provision_record_subjects.c.record_id == record_id) & (
            provision_record_subjects.c.subject_id.in_(part)
        )
        rows = connection.execute(
            select(
                provision_record_subjects.c.subject_id,
                provision_record_subjects.c.first_provided_at,
            ).where(condition)
        )
        found = {row[0]: row[1] for row in rows}
        if found:
            connection.execute(
                delete(provision_record_subjects).where(
                    (provision_record_subjects.c.record_id == record_id)
                    & provision_record_subjects.c.subject_id.in_(list(found))
                )
            )
            earlier.update(found)
    _insert_subjects(connection, record_id, subjects, earlier, at)
    return record_id


def _draft_row(draft: RecordDraft) -> dict[str, object]:
    recipient = draft.recipient
    return {
        "article": draft.article,
        "basis": draft.basis,
        "provision": draft.provision,
        "exception": draft.exception,
        "justification": draft.justification,
        "requester_reference": draft.requester_reference,
        "recipient_key": recipient.key,
        "recipient_name": _text(recipient.name),
        "recipient_address": _text(recipient.address),
        "recipient_representative": _text(recipient.representative),
        "recipient_country": recipient.country,
        "foreign_route": recipient.foreign_route,
        "items": " ".join(draft.items),
        "confirmation_method": draft.confirmation_method,
        "contract_reference": draft.contract_reference,
        "policy_version": draft.policy_version,
    }


def _open_bulk(connection: Connection, draft: RecordDraft) -> str | None:
    """The latest bulk record this provision extends: same provision, basis, recipient as named
    now, and items. A changed recipient address or item list starts a new record."""
    if draft.provision is None:
        return None  # an exception is a case of its own, never a repeated provision
    wanted = _draft_row(draft)
    table = provision_records
    rows = connection.execute(
        select(table)
        .where(
            table.c.bulk.is_(True),
            table.c.provision == draft.provision,
            table.c.basis == draft.basis,
            table.c.recipient_key == draft.recipient.key
            if draft.recipient.key is not None
            else table.c.recipient_key.is_(None),
        )
        .order_by(table.c.last_provided_at.desc())
    )
    for row in rows:
        same = all(
            row._mapping[name] == wanted[name]
            for name in (
                "recipient_name",
                "recipient_address",
                "recipient_representative",
                "recipient_country",
                "items",
                "article",
                "contract_reference",
            )
        )
        return str(row.id) if same else None
    return None


def _insert_subjects(
    connection: Connection,
    record_id: str,
    subjects: Mapping[str, str | None],
    earlier: Mapping[str, datetime],
    at: datetime,
) -> None:
    # Straight to the driver: a bulk record may gain a hundred thousand persons at once.
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    statement = (
        "INSERT INTO provision_record_subjects (record_id, subject_id, consent_event_id, "
        f"first_provided_at, last_provided_at) VALUES ({', '.join([marker] * 5)})"
    )
    moment = _driver_time(connection, at)
    rows = [
        (
            record_id,
            subject_id,
            event_id,
            _driver_time(connection, earlier[subject_id]) if subject_id in earlier else moment,
            moment,
        )
        for subject_id, event_id in subjects.items()
    ]
    for start in range(0, len(rows), 5_000):
        connection.exec_driver_sql(statement, rows[start : start + 5_000])


def _driver_time(connection: Connection, moment: datetime) -> object:
    """A time as SQLAlchemy would store it: SQLite keeps UTC text in its own format (the
    sqlite3 module's default adapter is deprecated and writes another)."""
    if connection.dialect.name != "sqlite":
        return moment
    utc = moment.astimezone(UTC) if moment.tzinfo is not None else moment
    return utc.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def _text(value: Mapping[str, str] | None) -> str | None:
    return None if value is None else json.dumps(dict(value), ensure_ascii=False, sort_keys=True)
