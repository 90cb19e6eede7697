"""Panel before/after questionnaires.

Revision ID: d3a41526c7ef
Revises: c2930415b6de
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "d3a41526c7ef"
down_revision = "c2930415b6de"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "panel_surveys",
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("bank_version", sa.String(length=20), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("pseudonym_key", sa.String(length=64), nullable=False),
        sa.Column("before_opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before_closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("after_opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("after_closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["panel_id"],
            ["panels.id"],
            name=op.f("fk_panel_surveys_panel_id_panels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("panel_id", name=op.f("pk_panel_surveys")),
    )
    op.create_table(
        "panel_survey_responses",
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=64), nullable=False),
        sa.Column("phase", sa.String(length=10), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["panel_id"],
            ["panel_surveys.panel_id"],
            name=op.f("fk_panel_survey_responses_panel_id_panel_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "panel_id", "pseudonym", "phase", name=op.f("pk_panel_survey_responses")
        ),
    )


def downgrade() -> None:
    op.drop_table("panel_survey_responses")
    op.drop_table("panel_surveys")
