"""The provision gate's records: APPI Art. 29 provision records and Art. 31 confirmation
records, and the persons each covers (ids, keys and recipient facts; never a value).

Revision ID: 0008
Revises: 0007
Created: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "provision_records",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("article", sa.String(length=4), nullable=False),
        sa.Column("basis", sa.String(length=32), nullable=False),
        sa.Column("provision", sa.String(length=80), nullable=True),
        sa.Column("exception", sa.String(length=64), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("requester_reference", sa.String(length=128), nullable=True),
        sa.Column("recipient_key", sa.String(length=80), nullable=True),
        sa.Column("recipient_name", sa.Text(), nullable=False),
        sa.Column("recipient_address", sa.Text(), nullable=True),
        sa.Column("recipient_representative", sa.Text(), nullable=True),
        sa.Column("recipient_country", sa.String(length=2), nullable=False),
        sa.Column("foreign_route", sa.String(length=32), nullable=True),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("confirmation_method", sa.String(length=32), nullable=True),
        sa.Column("contract_reference", sa.String(length=128), nullable=True),
        sa.Column("bulk", sa.Boolean(), nullable=False),
        sa.Column("first_provided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_provided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retain_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("provided", sa.Integer(), nullable=False),
        sa.Column("policy_version", sa.String(length=64), nullable=False),
        sa.Column("actor_kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provision_records")),
    )
    op.create_index(
        "ix_provision_records_open", "provision_records", ["provision", "recipient_key", "bulk"]
    )
    op.create_index("ix_provision_records_retain_until", "provision_records", ["retain_until"])
    op.create_table(
        "provision_record_subjects",
        sa.Column("record_id", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("consent_event_id", sa.String(length=32), nullable=True),
        sa.Column("first_provided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_provided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["provision_records.id"],
            name=op.f("fk_provision_record_subjects_record_id_provision_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "record_id", "subject_id", name=op.f("pk_provision_record_subjects")
        ),
    )
    op.create_index(
        "ix_provision_record_subjects_subject", "provision_record_subjects", ["subject_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_provision_record_subjects_subject", table_name="provision_record_subjects")
    op.drop_table("provision_record_subjects")
    op.drop_index("ix_provision_records_retain_until", table_name="provision_records")
    op.drop_index("ix_provision_records_open", table_name="provision_records")
    op.drop_table("provision_records")
