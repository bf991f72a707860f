"""The tables of policy versions: each version activated, with its document and its diff from
the one before, and the announcements a change owes to the people it affects. Ids, keys and
policy text only: no personal value is ever stored here."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from mamori.db import Base

__all__ = ["announcements", "policy_versions"]

_metadata = Base.metadata

policy_versions = Table(
    "policy_versions",
    _metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    # 1, 2, 3... in the order of activation; the highest is the active version.
    Column("policy_name", String(64), nullable=False),
    Column("version", String(64), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("activated_at", DateTime(timezone=True), nullable=False),
    Column("actor_kind", String(32), nullable=False),
    Column("actor_id", String(128), nullable=False),
    Column("classification", String(16)),
    # The diff's from the version before; NULL for the first version.
    Column("document", Text, nullable=False),
    # The policy as canonical JSON (sorted keys): its SHA-256 is content_hash.
    Column("diff", Text),
    Index("ix_policy_versions_content_hash", "content_hash"),
)

announcements = Table(
    "policy_announcements",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "subject_id",
        String(128),
        ForeignKey("register_subjects.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("version_seq", Integer, ForeignKey("policy_versions.seq"), nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    # "notify" or "consent_required".
    Column("changes", Text, nullable=False),
    # JSON: the purposes, provisions, items... the change touches (and, when consent is asked
    # again, the consent targets), keys only.
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    # Set by the notifications outbox once the person was told.
    UniqueConstraint("subject_id", "version_seq", "kind"),
    Index("ix_policy_announcements_delivered_at", "delivered_at", "id"),
)
