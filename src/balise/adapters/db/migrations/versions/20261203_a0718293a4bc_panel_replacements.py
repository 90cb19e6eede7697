"""Replacements of members who leave a drawn citizens' panel.

Revision ID: a0718293a4bc
Revises: 9f60718293ab
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "a0718293a4bc"
down_revision = "9f60718293ab"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "panel_replacements",
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("dropped_id", sa.String(120), nullable=False),
        sa.Column("chosen_id", sa.String(120), nullable=True),
        sa.Column("quotas_kept", sa.Boolean(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["panel_id"], ["panels.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("panel_id", "position"),
    )


def downgrade() -> None:
    op.drop_table("panel_replacements")
