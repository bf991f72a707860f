"""Release records of mamori.anonymize: statistics, research hand-overs, anonymously processed
information (what, when, to whom, terms, parameters, counts; never a value).

Revision ID: 0003
Revises: 0002
Created: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "anonymize_releases",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("declared_as", sa.String(length=140), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(length=128), nullable=True),
        sa.Column("actor_role", sa.String(length=200), nullable=True),
        sa.Column("recipient", sa.String(length=500), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("terms", sa.Text(), nullable=True),
        sa.Column("legal_basis", sa.String(length=200), nullable=True),
        sa.Column("third_party_provision_allowed", sa.Boolean(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("announcement", sa.Text(), nullable=True),
        sa.Column("policy_name", sa.String(length=64), nullable=True),
        sa.Column("policy_version", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anonymize_releases")),
    )
    with op.batch_alter_table("anonymize_releases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_anonymize_releases_kind_created_at", ["kind", "created_at"], unique=False
        )
        batch_op.create_index("ix_anonymize_releases_recipient", ["recipient"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("anonymize_releases", schema=None) as batch_op:
        batch_op.drop_index("ix_anonymize_releases_recipient")
        batch_op.drop_index("ix_anonymize_releases_kind_created_at")
    op.drop_table("anonymize_releases")
