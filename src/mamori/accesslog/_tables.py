"""The access log's tables: one row per request, each personal value sealed (AES-256-GCM)
under a data key of the log's own, wrapped by the keyring's key-encryption key."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
)

from mamori.db import Base

__all__ = ["FIELDS", "UNLINKED_KEY", "entries", "keys"]

FIELDS: tuple[str, ...] = ("ip", "cookie", "user_agent", "page")
"""The request metadata a row can hold, one sealed column each (the time is kept in clear)."""

UNLINKED_KEY = "log"
"""The data key of rows linked to no one; a linked row uses its subject's (`subject:<id>`)."""

entries = Table(
    "access_log",
    Base.metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    # The collection point whose declaration the row follows (its items, retention, linking).
    Column("point", String(64), nullable=False),
    # Only when the point is declared `linked`.
    Column("subject_id", String(128), nullable=True),
    Column("key_id", String(160), nullable=False),
    Column("ip", LargeBinary, nullable=True),
    Column("cookie", LargeBinary, nullable=True),
    Column("user_agent", LargeBinary, nullable=True),
    Column("page", LargeBinary, nullable=True),
    Index("ix_access_log_point_at", "point", "at"),
    Index("ix_access_log_subject", "subject_id"),
)

keys = Table(
    "access_log_keys",
    Base.metadata,
    Column("id", String(160), primary_key=True),
    # NULL once destroyed: the row stays as a tombstone, so that a service still sending an
    # erased subject's id cannot make them a new key (and a new log).
    Column("wrapped", LargeBinary, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("destroyed_at", DateTime(timezone=True), nullable=True),
)
