"""The register: subjects, encrypted values, blind indexes, credentials, profile choices,
suspensions and communities. Data keys live in the key store, a database of its own.

Revision ID: 0002
Revises: 0001
Created: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_communities",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("founder_id", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_register_communities")),
    )
    op.create_table(
        "register_subjects",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("key_ref", sa.String(length=32), nullable=True),
        sa.Column("suspended", sa.String(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_subjects")),
    )
    op.create_table(
        "register_blind_indexes",
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("digest", sa.LargeBinary(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["register_subjects.id"],
            name=op.f("fk_register_blind_indexes_subject_id_register_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "subject_id", "item_key", "key_version", name=op.f("pk_register_blind_indexes")
        ),
    )
    with op.batch_alter_table("register_blind_indexes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_register_blind_indexes_lookup", ["item_key", "digest"], unique=False
        )

    op.create_table(
        "register_community_members",
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("community_key", sa.String(length=64), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_key"],
            ["register_communities.key"],
            name=op.f("fk_register_community_members_community_key_register_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["register_subjects.id"],
            name=op.f("fk_register_community_members_subject_id_register_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "subject_id", "community_key", name=op.f("pk_register_community_members")
        ),
    )
    with op.batch_alter_table("register_community_members", schema=None) as batch_op:
        batch_op.create_index(
            "ix_register_community_members_community", ["community_key"], unique=False
        )

    op.create_table(
        "register_credentials",
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=512), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["register_subjects.id"],
            name=op.f("fk_register_credentials_subject_id_register_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", "item_key", name=op.f("pk_register_credentials")),
    )
    op.create_table(
        "register_hidden_items",
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["register_subjects.id"],
            name=op.f("fk_register_hidden_items_subject_id_register_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", "item_key", name=op.f("pk_register_hidden_items")),
    )
    op.create_table(
        "register_suspensions",
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reference", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["register_subjects.id"],
            name=op.f("fk_register_suspensions_subject_id_register_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", "purpose", name=op.f("pk_register_suspensions")),
    )
    op.create_table(
        "register_values",
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["register_subjects.id"],
            name=op.f("fk_register_values_subject_id_register_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", "item_key", name=op.f("pk_register_values")),
    )


def downgrade() -> None:
    op.drop_table("register_values")
    op.drop_table("register_suspensions")
    op.drop_table("register_hidden_items")
    op.drop_table("register_credentials")
    with op.batch_alter_table("register_community_members", schema=None) as batch_op:
        batch_op.drop_index("ix_register_community_members_community")

    op.drop_table("register_community_members")
    with op.batch_alter_table("register_blind_indexes", schema=None) as batch_op:
        batch_op.drop_index("ix_register_blind_indexes_lookup")

    op.drop_table("register_blind_indexes")
    op.drop_table("register_subjects")
    op.drop_table("register_communities")
