"""Access log: an erased subject's key stays as a tombstone (no wrapped key, a destruction time).

Where a policy links the access log to subjects, a service may still send an erased subject's
id; the tombstone keeps that from making them a new key, and a new log.

Revision ID: 0015
Revises: 0014
Created: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("access_log_keys", schema=None) as batch_op:
        batch_op.alter_column("wrapped", existing_type=sa.LargeBinary(), nullable=True)
        batch_op.add_column(sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM access_log_keys WHERE wrapped IS NULL"))
    with op.batch_alter_table("access_log_keys", schema=None) as batch_op:
        batch_op.drop_column("destroyed_at")
        batch_op.alter_column("wrapped", existing_type=sa.LargeBinary(), nullable=False)
