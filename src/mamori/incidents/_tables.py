"""The incident register's tables: one row per incident (as it stands now), every change it
went through (appended, never rewritten) and the persons it concerns.

Ids, keys, dates, counts and the operator's own texts only; never a person's value.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from mamori.db import Base

__all__ = ["incident_subjects", "incident_updates", "incidents"]

_metadata = Base.metadata

incidents = Table(
    "incidents",
    _metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("status", String(24), nullable=False),
    Column("learned_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("occurred_at", DateTime(timezone=True)),
    # JSON list of item keys of the policy.
    Column("items", Text, nullable=False),
    Column("persons_estimate", Integer),
    Column("summary", Text, nullable=False),
    Column("encrypted", Boolean, nullable=False),
    Column("wrongful", Boolean, nullable=False),
    Column("cause", Text),
    Column("secondary_harm", Text),
    Column("measures", Text),
    Column("publication", Text),
    Column("notes", Text),
    Column("gdpr_risk", String(16)),
    Column("gdpr_risk_reason", Text),
    Column("preliminary_reported_at", DateTime(timezone=True)),
    Column("final_reported_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Index("ix_incidents_open", "status", "learned_at"),
)

incident_updates = Table(
    "incident_updates",
    _metadata,
    Column("incident_id", String(32), ForeignKey("incidents.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("action", String(32), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor_kind", String(32), nullable=False),
    Column("actor_id", String(128), nullable=False),
    # JSON object: each field set by this change and its new value.
    Column("changes", Text, nullable=False),
)

incident_subjects = Table(
    "incident_subjects",
    _metadata,
    Column("incident_id", String(32), ForeignKey("incidents.id"), primary_key=True),
    # No foreign key to the register: an erased person still counted in the incident.
    Column("subject_id", String(128), primary_key=True),
    # manual | audit
    Column("source", String(16), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("message_id", String(32)),
    Index("ix_incident_subjects_subject", "subject_id"),
)
