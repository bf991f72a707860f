"""The provision register: APPI Art. 30 receipt records and the supervision log of entrustees.

Revision ID: 0005
Revises: 0004
Created: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "provision_receipts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("provider_name", sa.String(length=300), nullable=False),
        sa.Column("provider_address", sa.String(length=500), nullable=False),
        sa.Column("provider_representative", sa.String(length=300), nullable=True),
        sa.Column("provider_country", sa.String(length=2), nullable=False),
        sa.Column("acquisition", sa.Text(), nullable=False),
        sa.Column("items", sa.String(length=2000), nullable=False),
        sa.Column("basis", sa.String(length=24), nullable=False),
        sa.Column("opt_out_published", sa.Date(), nullable=True),
        sa.Column("contract", sa.String(length=200), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retain_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.Column("policy_version", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["register_subjects.id"],
            name=op.f("fk_provision_receipts_subject_id_register_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provision_receipts")),
    )
    op.create_index(
        "ix_provision_receipts_subject", "provision_receipts", ["subject_id", "received_at"]
    )
    op.create_index("ix_provision_receipts_retain_until", "provision_receipts", ["retain_until"])
    op.create_table(
        "provision_supervision",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("entrustee", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provision_supervision")),
    )
    op.create_index(
        "ix_provision_supervision_entrustee", "provision_supervision", ["entrustee", "at"]
    )


def downgrade() -> None:
    op.drop_index("ix_provision_supervision_entrustee", table_name="provision_supervision")
    op.drop_table("provision_supervision")
    op.drop_index("ix_provision_receipts_retain_until", table_name="provision_receipts")
    op.drop_index("ix_provision_receipts_subject", table_name="provision_receipts")
    op.drop_table("provision_receipts")
