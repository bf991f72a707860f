"""The audit tables.

``audit_event.body`` holds the event's canonical bytes (compact JSON, see `_canonical`), and
``hash`` = SHA-256(previous hash || body). Verification streams only (seq, body, hash); the columns
that queries filter on (subject, actor) are *generated* from the body, so what a query returns
is what verification checked: there is no second copy of a field to edit quietly.

``audit_tail`` is one row holding the last (seq, hash): appenders lock it to extend the chain one
at a time. ``audit_checkpoint`` holds signed (seq, hash, time) checkpoints.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Computed, Index, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import column

from mamori.db import Base, json_field

__all__ = ["AuditCheckpointRow", "AuditEventRow", "AuditTailRow"]

# INTEGER PRIMARY KEY on SQLite makes seq the rowid: the table is stored in seq order and a
# verification scan needs no index.
SEQ_TYPE = BigInteger().with_variant(Integer(), "sqlite")


class AuditEventRow(Base):
    __tablename__ = "audit_event"

    seq: Mapped[int] = mapped_column(SEQ_TYPE, primary_key=True, autoincrement=False)
    body: Mapped[str] = mapped_column(Text)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    subject_id: Mapped[str | None] = mapped_column(
        Text, Computed(json_field(column("body"), "subject"), persisted=True)
    )
    actor_id: Mapped[str | None] = mapped_column(
        Text, Computed(json_field(column("body"), "actor"), persisted=True)
    )

    __table_args__ = (
        Index("ix_audit_event_subject_id_seq", "subject_id", "seq"),
        Index("ix_audit_event_actor_id_seq", "actor_id", "seq"),
    )


class AuditCheckpointRow(Base):
    __tablename__ = "audit_checkpoint"

    seq: Mapped[int] = mapped_column(SEQ_TYPE, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    time_us: Mapped[int] = mapped_column(BigInteger)
    key_id: Mapped[str] = mapped_column(Text)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class AuditTailRow(Base):
    __tablename__ = "audit_tail"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))

    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)
