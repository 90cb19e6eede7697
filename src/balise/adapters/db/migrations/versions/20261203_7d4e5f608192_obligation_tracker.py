"""Obligation tracker: an organisation's status and evidence for each duty of a record; a
stored classification remembers the saved questionnaire it came from.

Revision ID: 7d4e5f608192
Revises: 6c3d4e5f7081
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "7d4e5f608192"
down_revision = "6c3d4e5f7081"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "obligation_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("obligation", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("evidence_kind", sa.String(length=30), nullable=True),
        sa.Column("evidence_subtype", sa.String(length=40), nullable=True),
        sa.Column("evidence_title", sa.String(length=200), nullable=True),
        sa.Column("evidence_reference", sa.String(length=200), nullable=True),
        sa.Column("evidence_url", sa.String(length=2000), nullable=True),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_obligation_statuses_system_id_systems"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_obligation_statuses")),
        sa.UniqueConstraint(
            "system_id",
            "obligation",
            "role",
            name=op.f("uq_obligation_statuses_system_id"),
        ),
    )
    op.create_index(
        op.f("ix_obligation_statuses_system_id"),
        "obligation_statuses",
        ["system_id"],
        unique=False,
    )
    with op.batch_alter_table("aiact_classifications") as batch:
        batch.add_column(sa.Column("questionnaire_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_aiact_classifications_questionnaire_id_aiact_questionnaires"),
            "aiact_questionnaires",
            ["questionnaire_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(
            batch.f("ix_aiact_classifications_questionnaire_id"), ["questionnaire_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("aiact_classifications") as batch:
        batch.drop_index(batch.f("ix_aiact_classifications_questionnaire_id"))
        batch.drop_constraint(
            batch.f("fk_aiact_classifications_questionnaire_id_aiact_questionnaires"),
            type_="foreignkey",
        )
        batch.drop_column("questionnaire_id")
    op.drop_index(op.f("ix_obligation_statuses_system_id"), table_name="obligation_statuses")
    op.drop_table("obligation_statuses")
