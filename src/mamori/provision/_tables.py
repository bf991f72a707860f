"""The provision gate's tables: one row per APPI Art. 29 provision record (or Art. 31
confirmation record), and the persons each record covers.

The record keeps what the law asks (the basis, the recipient as the policy named it then, the
persons by id, the items, the dates), never an item's value. Subject ids carry no foreign key:
a record outlives the person's erasure for its legal period, then `expire_records` deletes it.
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

__all__ = ["provision_record_subjects", "provision_records"]

_metadata = Base.metadata

provision_records = Table(
    "provision_records",
    _metadata,
    Column("id", String(32), primary_key=True),
    Column("article", String(4), nullable=False),
    # "29": a provision record; "31": a confirmation record for personally referable items.
    Column("basis", String(32), nullable=False),
    # consent, opt_out or legal_exception.
    Column("provision", String(80)),
    Column("exception", String(64)),
    Column("justification", Text),
    # Free text about the case; kept here only, never in the audit log or an error.
    Column("requester_reference", String(128)),
    Column("recipient_key", String(80)),
    Column("recipient_name", Text, nullable=False),
    # Name, address and representative: JSON {locale: text}, as the policy named them then.
    Column("recipient_address", Text),
    Column("recipient_representative", Text),
    Column("recipient_country", String(2), nullable=False),
    Column("foreign_route", String(32)),
    Column("items", Text, nullable=False),
    # Item keys separated by spaces.
    Column("confirmation_method", String(32)),
    Column("contract_reference", String(128)),
    Column("bulk", Boolean, nullable=False),
    Column("first_provided_at", DateTime(timezone=True), nullable=False),
    Column("last_provided_at", DateTime(timezone=True), nullable=False),
    Column("retain_until", DateTime(timezone=True), nullable=False),
    Column("provided", Integer, nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("actor_kind", String(32), nullable=False),
    Column("actor_id", String(128), nullable=False),
    Index("ix_provision_records_open", "provision", "recipient_key", "bulk"),
    Index("ix_provision_records_retain_until", "retain_until"),
)

provision_record_subjects = Table(
    "provision_record_subjects",
    _metadata,
    Column(
        "record_id",
        String(32),
        ForeignKey("provision_records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("subject_id", String(128), primary_key=True),
    Column("consent_event_id", String(32)),
    # The ledger event that allowed it (the fact of consent); none for opt-out or exceptions.
    Column("first_provided_at", DateTime(timezone=True), nullable=False),
    Column("last_provided_at", DateTime(timezone=True), nullable=False),
    Index("ix_provision_record_subjects_subject", "subject_id"),
)
