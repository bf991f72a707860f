"""Access log: request metadata of automatically collected items, sealed, and its data keys.

Revision ID: 0014
Revises: 0013
Created: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("point", sa.String(length=64), nullable=False),
        sa.Column("subject_id", sa.String(length=128), nullable=True),
        sa.Column("key_id", sa.String(length=160), nullable=False),
        sa.Column("ip", sa.LargeBinary(), nullable=True),
        sa.Column("cookie", sa.LargeBinary(), nullable=True),
        sa.Column("user_agent", sa.LargeBinary(), nullable=True),
        sa.Column("page", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    op.create_index("ix_access_log_point_at", "access_log", ["point", "at"])
    op.create_index("ix_access_log_subject", "access_log", ["subject_id"])
    op.create_table(
        "access_log_keys",
        sa.Column("id", sa.String(length=160), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log_keys")),
    )


def downgrade() -> None:
    op.drop_table("access_log_keys")
    op.drop_index("ix_access_log_subject", table_name="access_log")
    op.drop_index("ix_access_log_point_at", table_name="access_log")
    op.drop_table("access_log")
