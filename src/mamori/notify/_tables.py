"""The outbox: one row per message to a person. Ids, keys and template parameters only; the
person's address is read from the register when the message is sent, never stored here."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, Text

from mamori.db import Base

__all__ = ["outbox"]

outbox = Table(
    "notify_outbox",
    Base.metadata,
    Column("id", String(32), primary_key=True),
    # No foreign key: an erased subject's messages stay, marked undeliverable, as a record.
    Column("subject_id", String(128), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("locale", String(8), nullable=False),
    Column("params", Text, nullable=False),
    # pending | delivered | failed | undeliverable
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    # Why a message was not delivered: the register's refusal rule or the transport error's
    # class name (its text may echo the address).
    Column("rule", String(64)),
    Index("ix_notify_outbox_due", "state", "next_attempt_at"),
    Index("ix_notify_outbox_subject", "subject_id"),
)
