"""The consent ledger's tables: every event (the history, never rewritten), the current state
per subject and target (what the access check reads), and the targets whose earlier consents a
policy change outdated. Ids and keys only: no personal value is ever stored here."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, String, Table

from mamori.db import Base

__all__ = ["consent_events", "consent_renewals", "consent_state"]

_metadata = Base.metadata
_SUBJECT = "register_subjects.id"

consent_events = Table(
    "consent_events",
    _metadata,
    Column("id", String(32), primary_key=True),
    # Also the receipt id (consentReceiptID): one receipt per event.
    Column("subject_id", String(128), ForeignKey(_SUBJECT, ondelete="CASCADE"), nullable=False),
    Column("target", String(80), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),
    Column("method", String(16), nullable=False),
    Column("jurisdiction", String(8), nullable=False),
    Column("language", String(8), nullable=False),
    Column("policy_name", String(64), nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("policy_hash", String(64), nullable=False),
    Column("actor_kind", String(32), nullable=False),
    Column("actor_id", String(128), nullable=False),
    Column("foreign_information", Boolean, nullable=False, default=False),
    # APPI Art. 28(2): the country, its regime and the recipient's measures were shown.
    Column("gpc", Boolean, nullable=False, default=False),
    Column("reference", String(128)),
    # The paper form's or the request's own reference, when there is one.
    Index("ix_consent_events_subject_target", "subject_id", "target", "recorded_at"),
)

consent_state = Table(
    "consent_state",
    _metadata,
    Column("subject_id", String(128), ForeignKey(_SUBJECT, ondelete="CASCADE"), primary_key=True),
    Column("target", String(80), primary_key=True),
    Column("decision", String(16), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),
    Column("event_id", String(32), nullable=False),
    Index("ix_consent_state_target_decision", "target", "decision"),
)

consent_renewals = Table(
    "consent_renewals",
    _metadata,
    Column("target", String(80), primary_key=True),
    Column("since", DateTime(timezone=True), nullable=False),
    # Consents given before this moment no longer count for the target.
    Column("policy_version", String(64), nullable=False),
)
