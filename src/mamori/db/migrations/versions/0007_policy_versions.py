"""Policy versions: each version activated (its document and its diff from the one before) and
the announcements a change owes to the people it concerns.

Revision ID: 0007
Revises: 0006
Created: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_versions",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("policy_name", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("diff", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_policy_versions")),
    )
    op.create_index("ix_policy_versions_content_hash", "policy_versions", ["content_hash"])
    op.create_table(
        "policy_announcements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("version_seq", sa.Integer(), nullable=False),
        sa.Column("policy_version", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["register_subjects.id"],
            name=op.f("fk_policy_announcements_subject_id_register_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_seq"],
            ["policy_versions.seq"],
            name=op.f("fk_policy_announcements_version_seq_policy_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_announcements")),
        sa.UniqueConstraint(
            "subject_id",
            "version_seq",
            "kind",
            name=op.f("uq_policy_announcements_subject_id_version_seq_kind"),
        ),
    )
    op.create_index(
        "ix_policy_announcements_delivered_at",
        "policy_announcements",
        ["delivered_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_policy_announcements_delivered_at", table_name="policy_announcements")
    op.drop_table("policy_announcements")
    op.drop_index("ix_policy_versions_content_hash", table_name="policy_versions")
    op.drop_table("policy_versions")
