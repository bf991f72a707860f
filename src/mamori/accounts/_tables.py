"""The accounts' tables: staff accounts, API keys, sign-in sessions and links, failed sign-ins.

Secrets are never stored: an API key, a session token or a sign-in link is kept as the SHA-256
of its random secret (high entropy, so a fast hash is enough), a staff password as an argon2id
hash. No personal value either: staff ids are opaque ids, persons are named by subject id, and
a failed sign-in by the SHA-256 of what was tried (kept for the throttling window only).
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, Text

from mamori.db import Base

__all__ = ["api_keys", "sign_in_failures", "sign_in_links", "staff", "web_sessions"]

staff = Table(
    "account_staff",
    Base.metadata,
    Column("id", String(128), primary_key=True),
    # Role keys of the policy, space-separated and sorted.
    Column("roles", Text, nullable=False),
    Column("community", String(128)),
    Column("password_hash", String(256)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True)),
)

api_keys = Table(
    "account_api_keys",
    Base.metadata,
    Column("id", String(32), primary_key=True),
    Column("staff_id", String(128), nullable=False),
    Column("label", String(128), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    Index("ix_account_api_keys_staff", "staff_id"),
)

web_sessions = Table(
    "account_sessions",
    Base.metadata,
    Column("id", String(32), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    # staff | subject
    Column("kind", String(16), nullable=False),
    Column("principal_id", String(128), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("idle_seconds", Integer, nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Index("ix_account_sessions_principal", "kind", "principal_id"),
)

sign_in_links = Table(
    "account_sign_in_links",
    Base.metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("subject_id", String(128), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)

sign_in_failures = Table(
    "account_sign_in_failures",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # A keyed hash (blind-index key) of (scope, principal) or of the client address.
    Column("key", String(64), nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    Index("ix_account_sign_in_failures_key", "key", "failed_at"),
    Index("ix_account_sign_in_failures_time", "failed_at"),
)
