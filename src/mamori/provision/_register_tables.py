"""The provision register's tables: APPI Art. 30 receipt records and the Art. 25 supervision log
of entrustees. Subjects appear by id and items by key; the provider's identity is a company's
name and address (what Art. 30(3) asks the record to hold), never a value of a subject."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, String, Table, Text

from mamori.db import Base

__all__ = ["receipt_records", "supervision_entries"]

_metadata = Base.metadata

receipt_records = Table(
    "provision_receipts",
    _metadata,
    Column("id", String(32), primary_key=True),
    Column(
        "subject_id",
        String(128),
        ForeignKey("register_subjects.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("provider_name", String(300), nullable=False),
    Column("provider_address", String(500), nullable=False),
    Column("provider_representative", String(300)),
    # None only for a provider who is an individual (Art. 30(1)(i) asks for a company's).
    Column("provider_country", String(2), nullable=False),
    Column("acquisition", Text, nullable=False),
    # How the provider acquired the data (Art. 30(1)(ii)).
    Column("items", String(2000), nullable=False),
    # Item keys, separated by spaces.
    Column("basis", String(24), nullable=False),
    Column("opt_out_published", Date),
    # The day the PPC published the provider's opt-out filing (basis opt_out).
    Column("contract", String(200)),
    # The contract that serves as the record (rule 23(3)): kept one year instead of three.
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("retain_until", DateTime(timezone=True), nullable=False),
    Column("actor_kind", String(32), nullable=False),
    Column("actor_id", String(128), nullable=False),
    Column("policy_version", String(64), nullable=False),
    Index("ix_provision_receipts_subject", "subject_id", "received_at"),
    Index("ix_provision_receipts_retain_until", "retain_until"),
)

supervision_entries = Table(
    "provision_supervision",
    _metadata,
    Column("id", String(32), primary_key=True),
    Column("entrustee", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("summary", Text, nullable=False),
    Column("reference", String(200)),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("actor_kind", String(32), nullable=False),
    Column("actor_id", String(128), nullable=False),
    Index("ix_provision_supervision_entrustee", "entrustee", "at"),
)
