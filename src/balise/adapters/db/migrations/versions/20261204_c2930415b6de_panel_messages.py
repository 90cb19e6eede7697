"""Panel messages, their votes and the authorities' follow-up.

Revision ID: c2930415b6de
Revises: b1829304a5cd
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c2930415b6de"
down_revision = "b1829304a5cd"
branch_labels = None
depends_on = None


def _message_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["message_id"],
        ["panel_messages.id"],
        name=op.f(f"fk_{table}_message_id_panel_messages"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "panel_message_rules",
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("threshold_percent", sa.Integer(), nullable=False),
        sa.Column("abstentions_count", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["panel_id"],
            ["panels.id"],
            name=op.f("fk_panel_message_rules_panel_id_panels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("panel_id", name=op.f("pk_panel_message_rules")),
    )
    op.create_table(
        "panel_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("electorate", sa.JSON(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["panel_id"],
            ["panels.id"],
            name=op.f("fk_panel_messages_panel_id_panels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_messages")),
    )
    op.create_index(
        op.f("ix_panel_messages_panel_id"), "panel_messages", ["panel_id"], unique=False
    )
    op.create_table(
        "panel_message_versions",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _message_fk("panel_message_versions"),
        sa.PrimaryKeyConstraint("message_id", "number", name=op.f("pk_panel_message_versions")),
    )
    op.create_table(
        "panel_message_votes",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("voter", sa.String(length=200), nullable=False),
        sa.Column("choice", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=False),
        _message_fk("panel_message_votes"),
        sa.PrimaryKeyConstraint("message_id", "voter", name=op.f("pk_panel_message_votes")),
    )
    op.create_table(
        "panel_message_follow_ups",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("authority", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _message_fk("panel_message_follow_ups"),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_panel_message_follow_ups")),
    )


def downgrade() -> None:
    op.drop_table("panel_message_follow_ups")
    op.drop_table("panel_message_votes")
    op.drop_table("panel_message_versions")
    op.drop_index(op.f("ix_panel_messages_panel_id"), table_name="panel_messages")
    op.drop_table("panel_messages")
    op.drop_table("panel_message_rules")
