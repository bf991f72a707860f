"""Accounts: staff accounts, API keys, sign-in sessions and links, failed sign-ins (hashes of
secrets only; never a secret or a personal value).

Revision ID: 0010
Revises: 0009
Created: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_staff",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("roles", sa.Text(), nullable=False),
        sa.Column("community", sa.String(length=128), nullable=True),
        sa.Column("password_hash", sa.String(length=256), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_staff")),
    )
    op.create_table(
        "account_api_keys",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.String(length=128), nullable=False),
        sa.Column("label", sa.String(length=128), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_api_keys")),
    )
    op.create_index("ix_account_api_keys_staff", "account_api_keys", ["staff_id"])
    op.create_table(
        "account_sessions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("principal_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idle_seconds", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_sessions_token_hash")),
    )
    op.create_index("ix_account_sessions_principal", "account_sessions", ["kind", "principal_id"])
    op.create_table(
        "account_sign_in_links",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_account_sign_in_links")),
    )
    op.create_table(
        "account_sign_in_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_sign_in_failures")),
    )
    op.create_index(
        "ix_account_sign_in_failures_key", "account_sign_in_failures", ["key", "failed_at"]
    )
    op.create_index("ix_account_sign_in_failures_time", "account_sign_in_failures", ["failed_at"])


def downgrade() -> None:
    op.drop_index("ix_account_sign_in_failures_time", table_name="account_sign_in_failures")
    op.drop_index("ix_account_sign_in_failures_key", table_name="account_sign_in_failures")
    op.drop_table("account_sign_in_failures")
    op.drop_table("account_sign_in_links")
    op.drop_index("ix_account_sessions_principal", table_name="account_sessions")
    op.drop_table("account_sessions")
    op.drop_index("ix_account_api_keys_staff", table_name="account_api_keys")
    op.drop_table("account_api_keys")
    op.drop_table("account_staff")
