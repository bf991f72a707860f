"""Release records kept in the database: every statistics release, research hand-over and
anonymously processed information release, with what, when, to whom, under which terms and
how it was made. Never a data value: column names, counts and parameters only.

    from mamori.anonymize.store import list_releases, record_release

    with engine.begin() as connection:        # the caller owns the transaction
        record_release(connection, release.record)
    with engine.connect() as connection:
        announced = list_releases(connection, kind="anonymously_processed")

The APPI Art. 43(3)/(4) announcement (item categories, method of provision) is stored with its
release, so that the notice can show it. This module loads no numpy: the migrations import it.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    insert,
    select,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from mamori.anonymize.records import ReleaseRecord
from mamori.db import Base
from mamori.errors import ConflictError, ValidationError

__all__ = ["list_releases", "record_release", "releases"]

releases = Table(
    "anonymize_releases",
    Base.metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("declared_as", String(140)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("actor_id", String(128)),
    Column("actor_role", String(200)),
    Column("recipient", String(500)),
    Column("purpose", Text),
    Column("terms", Text),
    Column("legal_basis", String(200)),
    Column("third_party_provision_allowed", Boolean, nullable=False),
    Column("items", Text, nullable=False),
    # JSON lists and objects, as text: the same on SQLite and PostgreSQL.
    Column("records", Integer, nullable=False),
    Column("parameters", Text, nullable=False),
    Column("announcement", Text),
    Column("policy_name", String(64)),
    Column("policy_version", String(64)),
)
Index("ix_anonymize_releases_kind_created_at", releases.c.kind, releases.c.created_at)
Index("ix_anonymize_releases_recipient", releases.c.recipient)

_LIMITS = {"kind": 32, "declared_as": 140, "actor_id": 128, "actor_role": 200, "recipient": 500}


def record_release(db: Connection | Session, record: ReleaseRecord) -> None:
    """Store one release record in the caller's transaction (flushed, not committed)."""
    connection = db.connection() if isinstance(db, Session) else db
    for name, limit in _LIMITS.items():
        value = getattr(record, name)
        if value is not None and len(value) > limit:
            raise ValidationError(f"the release's {name} is longer than {limit}", field=name)
    if record.created_at.tzinfo is None:
        raise ValidationError("a release time must carry its time zone", field="created_at")
    row = {
        "id": record.id,
        "kind": record.kind,
        "declared_as": record.declared_as,
        "created_at": record.created_at.astimezone(dt.UTC),
        "actor_id": record.actor_id,
        "actor_role": record.actor_role,
        "recipient": record.recipient,
        "purpose": record.purpose,
        "terms": record.terms,
        "legal_basis": record.legal_basis,
        "third_party_provision_allowed": record.third_party_provision_allowed,
        "items": _dumps(list(record.items), "items"),
        "records": record.records,
        "parameters": _dumps(dict(record.parameters), "parameters"),
        "announcement": (
            None if record.announcement is None else _dumps(record.announcement, "announcement")
        ),
        "policy_name": record.policy_name,
        "policy_version": record.policy_version,
    }
    taken = connection.execute(select(releases.c.id).where(releases.c.id == record.id)).first()
    if taken is not None:
        raise ConflictError(f"release {record.id} is recorded already", field="id")
    connection.execute(insert(releases).values(**row))


def list_releases(
    db: Connection | Session,
    *,
    kind: str | None = None,
    recipient: str | None = None,
    declared_as: str | None = None,
) -> list[ReleaseRecord]:
    """The recorded releases, oldest first; filtered by kind, recipient or declared release."""
    connection = db.connection() if isinstance(db, Session) else db
    query = select(releases).order_by(releases.c.created_at, releases.c.id)
    if kind is not None:
        query = query.where(releases.c.kind == kind)
    if recipient is not None:
        query = query.where(releases.c.recipient == recipient)
    if declared_as is not None:
        query = query.where(releases.c.declared_as == declared_as)
    return [_record(row._mapping) for row in connection.execute(query)]


def _record(row: RowMapping) -> ReleaseRecord:
    created = row["created_at"]
    if created.tzinfo is None:  # SQLite keeps no zone; the value was written in UTC
        created = created.replace(tzinfo=dt.UTC)
    announcement = row["announcement"]
    return ReleaseRecord(
        kind=row["kind"],
        items=tuple(json.loads(row["items"])),
        records=row["records"],
        recipient=row["recipient"],
        purpose=row["purpose"],
        terms=row["terms"],
        legal_basis=row["legal_basis"],
        third_party_provision_allowed=bool(row["third_party_provision_allowed"]),
        parameters=json.loads(row["parameters"]),
        id=row["id"],
        created_at=created,
        declared_as=row["declared_as"],
        actor_id=row["actor_id"],
        actor_role=row["actor_role"],
        announcement=None if announcement is None else json.loads(announcement),
        policy_name=row["policy_name"],
        policy_version=row["policy_version"],
    )


def _dumps(value: object, name: str) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        raise ValidationError(
            f"the release's {name} must be JSON: texts, numbers, lists and mappings", field=name
        ) from None
