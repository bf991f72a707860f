"""The key store: each subject's wrapped data key, by reference.

Revision ID: k0001
Revises:
Created: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "k0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_keys",
        sa.Column("key_ref", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("kek_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_ref", name="pk_data_keys"),
    )
    op.create_index("ix_data_keys_kek_id", "data_keys", ["kek_id"])


def downgrade() -> None:
    op.drop_index("ix_data_keys_kek_id", table_name="data_keys")
    op.drop_table("data_keys")
