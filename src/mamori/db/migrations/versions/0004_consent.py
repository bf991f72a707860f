"""The consent ledger: events (the history), the current state, and the targets a policy change
needs consent for again.

Revision ID: 0004
Revises: 0003
Created: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_SUBJECT = "register_subjects.id"


def upgrade() -> None:
    op.create_table(
        "consent_events",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("target", sa.String(length=80), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("jurisdiction", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("policy_name", sa.String(length=64), nullable=False),
        sa.Column("policy_version", sa.String(length=64), nullable=False),
        sa.Column("policy_hash", sa.String(length=64), nullable=False),
        sa.Column("actor_kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.Column("foreign_information", sa.Boolean(), nullable=False),
        sa.Column("gpc", sa.Boolean(), nullable=False),
        sa.Column("reference", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            [_SUBJECT],
            name=op.f("fk_consent_events_subject_id_register_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_events")),
    )
    op.create_index(
        "ix_consent_events_subject_target",
        "consent_events",
        ["subject_id", "target", "recorded_at"],
    )
    op.create_table(
        "consent_state",
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("target", sa.String(length=80), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            [_SUBJECT],
            name=op.f("fk_consent_state_subject_id_register_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", "target", name=op.f("pk_consent_state")),
    )
    op.create_index("ix_consent_state_target_decision", "consent_state", ["target", "decision"])
    op.create_table(
        "consent_renewals",
        sa.Column("target", sa.String(length=80), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("policy_version", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("target", name=op.f("pk_consent_renewals")),
    )


def downgrade() -> None:
    op.drop_table("consent_renewals")
    op.drop_index("ix_consent_state_target_decision", table_name="consent_state")
    op.drop_table("consent_state")
    op.drop_index("ix_consent_events_subject_target", table_name="consent_events")
    op.drop_table("consent_events")
