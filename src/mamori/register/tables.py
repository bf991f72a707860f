"""The register's tables. Every table leads with the subject id, so the register can be sharded
by subject. Only this package reads or writes them (an architecture test guards it)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
)

from mamori.db import Base

__all__ = [
    "blind_indexes",
    "communities",
    "community_members",
    "credentials",
    "hidden_items",
    "subjects",
    "suspensions",
    "values",
]

_metadata = Base.metadata
_SUBJECT = "register_subjects.id"

subjects = Table(
    "register_subjects",
    _metadata,
    Column("id", String(128), primary_key=True),
    Column("kind", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True)),
    Column("key_ref", String(32)),
    # The subject's data key is in the key store (keystore.py), under this reference.
    Column("suspended", String(2000), nullable=False, default=""),
    # The purposes the person suspended or objected to, space-separated, copied from
    # register_suspensions so that the read path needs one row for every check.
)

values = Table(
    "register_values",
    _metadata,
    Column("subject_id", String(128), ForeignKey(_SUBJECT, ondelete="CASCADE"), primary_key=True),
    Column("item_key", String(64), primary_key=True),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

blind_indexes = Table(
    "register_blind_indexes",
    _metadata,
    Column("subject_id", String(128), ForeignKey(_SUBJECT, ondelete="CASCADE"), primary_key=True),
    Column("item_key", String(64), primary_key=True),
    Column("key_version", Integer, primary_key=True),
    Column("digest", LargeBinary(32), nullable=False),
)
Index("ix_register_blind_indexes_lookup", blind_indexes.c.item_key, blind_indexes.c.digest)

credentials = Table(
    "register_credentials",
    _metadata,
    Column("subject_id", String(128), ForeignKey(_SUBJECT, ondelete="CASCADE"), primary_key=True),
    Column("item_key", String(64), primary_key=True),
    Column("hash", String(512), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

hidden_items = Table(
    "register_hidden_items",
    _metadata,
    Column("subject_id", String(128), ForeignKey(_SUBJECT, ondelete="CASCADE"), primary_key=True),
    Column("item_key", String(64), primary_key=True),
)

suspensions = Table(
    "register_suspensions",
    _metadata,
    Column("subject_id", String(128), ForeignKey(_SUBJECT, ondelete="CASCADE"), primary_key=True),
    Column("purpose", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("since", DateTime(timezone=True), nullable=False),
    Column("reference", String(128)),
)

communities = Table(
    "register_communities",
    _metadata,
    Column("key", String(64), primary_key=True),
    Column("founder_id", String(128)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

community_members = Table(
    "register_community_members",
    _metadata,
    Column("subject_id", String(128), ForeignKey(_SUBJECT, ondelete="CASCADE"), primary_key=True),
    Column(
        "community_key",
        String(64),
        ForeignKey("register_communities.key", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("joined_at", DateTime(timezone=True), nullable=False),
)
Index("ix_register_community_members_community", community_members.c.community_key)
