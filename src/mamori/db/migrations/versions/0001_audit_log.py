"""The audit log: hash-chained events, signed checkpoints, the chain's tail.

Revision ID: 0001
Revises:
Created: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# SHA-256("mamori audit log v1"): the hash before the first event (mamori.audit.GENESIS_HASH).
GENESIS_HASH = bytes.fromhex("0abe66b5352714b12c63eb4ac2b7252d9dcf6d19b99c382f2e018ec5a57e159d")


def _json_text(key: str) -> str:
    if op.get_context().dialect.name == "postgresql":
        return f"(CAST(body AS JSONB) ->> '{key}')"
    return f"json_extract(body, '$.{key}')"


def upgrade() -> None:
    seq_type = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "audit_event",
        sa.Column("seq", seq_type, autoincrement=False, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("subject_id", sa.Text(), sa.Computed(_json_text("subject"), persisted=True)),
        sa.Column("actor_id", sa.Text(), sa.Computed(_json_text("actor"), persisted=True)),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_event")),
    )
    op.create_index("ix_audit_event_subject_id_seq", "audit_event", ["subject_id", "seq"])
    op.create_index("ix_audit_event_actor_id_seq", "audit_event", ["actor_id", "seq"])
    op.create_table(
        "audit_checkpoint",
        sa.Column("seq", seq_type, autoincrement=False, nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("time_us", sa.BigInteger(), nullable=False),
        sa.Column("key_id", sa.Text(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_checkpoint")),
    )
    tail = op.create_table(
        "audit_tail",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_tail_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_tail")),
    )
    op.bulk_insert(tail, [{"id": 1, "seq": 0, "hash": GENESIS_HASH}])


def downgrade() -> None:
    op.drop_table("audit_tail")
    op.drop_table("audit_checkpoint")
    op.drop_index("ix_audit_event_actor_id_seq", table_name="audit_event")
    op.drop_index("ix_audit_event_subject_id_seq", table_name="audit_event")
    op.drop_table("audit_event")
