"""The rights request workflow: requests and the steps each one took.

Revision ID: 0006
Revises: 0005
Created: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rights_requests",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=True),
        sa.Column("scope", sa.String(length=2000), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("jurisdiction", sa.String(length=8), nullable=False),
        sa.Column("requester", sa.String(length=24), nullable=False),
        sa.Column("agent_proof", sa.String(length=64), nullable=True),
        sa.Column("reference", sa.String(length=128), nullable=True),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("received_at", _TZ, nullable=False),
        sa.Column("due_at", _TZ, nullable=False),
        sa.Column("suit_possible_at", _TZ, nullable=True),
        sa.Column("extension_months", sa.Integer(), nullable=True),
        sa.Column("extension_reasons", sa.Text(), nullable=True),
        sa.Column("extended_at", _TZ, nullable=True),
        sa.Column("verification_method", sa.String(length=16), nullable=True),
        sa.Column("verified_at", _TZ, nullable=True),
        sa.Column("fee_amount", sa.Integer(), nullable=True),
        sa.Column("fee_currency", sa.String(length=3), nullable=True),
        sa.Column("fee_charged", sa.String(length=16), nullable=True),
        sa.Column("fee_basis", sa.String(length=40), nullable=True),
        sa.Column("fee_settled_at", _TZ, nullable=True),
        sa.Column("fee_reference", sa.String(length=128), nullable=True),
        sa.Column("manifestly_excessive", sa.Boolean(), nullable=False),
        sa.Column("excessive_reason", sa.Text(), nullable=True),
        sa.Column("started_at", _TZ, nullable=True),
        sa.Column("closed_at", _TZ, nullable=True),
        sa.Column("refusal_ground", sa.String(length=40), nullable=True),
        sa.Column("refusal_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["register_subjects.id"],
            name=op.f("fk_rights_requests_subject_id_register_subjects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rights_requests")),
    )
    op.create_index("ix_rights_requests_subject", "rights_requests", ["subject_id", "received_at"])
    op.create_index("ix_rights_requests_open", "rights_requests", ["closed_at", "due_at"])
    op.create_table(
        "rights_request_steps",
        sa.Column("request_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("at", _TZ, nullable=False),
        sa.Column("actor_kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.Column("detail", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["rights_requests.id"],
            name=op.f("fk_rights_request_steps_request_id_rights_requests"),
        ),
        sa.PrimaryKeyConstraint("request_id", "seq", name=op.f("pk_rights_request_steps")),
    )


def downgrade() -> None:
    op.drop_table("rights_request_steps")
    op.drop_index("ix_rights_requests_open", table_name="rights_requests")
    op.drop_index("ix_rights_requests_subject", table_name="rights_requests")
    op.drop_table("rights_requests")
