"""AI Act questionnaires and classifications stored on records

Revision ID: 6c2f8d0e3b51
Revises: 5b1e7c9d2a40
Create Date: 2026-11-22 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "6c2f8d0e3b51"
down_revision = "5b1e7c9d2a40"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "aiact_questionnaires",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("law", sa.String(length=4), nullable=True),
        sa.Column("section", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_aiact_questionnaires_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aiact_questionnaires")),
    )
    op.create_index(
        op.f("ix_aiact_questionnaires_owner_id"), "aiact_questionnaires", ["owner_id"], unique=False
    )
    op.create_table(
        "aiact_classifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("law", sa.String(length=4), nullable=False),
        sa.Column("law_requested", sa.String(length=4), nullable=True),
        sa.Column("ruleset_version", sa.String(length=40), nullable=False),
        sa.Column("evaluation_date", sa.Date(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_by_label", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_aiact_classifications_system_id_systems"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_aiact_classifications_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aiact_classifications")),
    )
    op.create_index(
        op.f("ix_aiact_classifications_system_id"),
        "aiact_classifications",
        ["system_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_aiact_classifications_system_id"), table_name="aiact_classifications")
    op.drop_table("aiact_classifications")
    op.drop_index(op.f("ix_aiact_questionnaires_owner_id"), table_name="aiact_questionnaires")
    op.drop_table("aiact_questionnaires")
