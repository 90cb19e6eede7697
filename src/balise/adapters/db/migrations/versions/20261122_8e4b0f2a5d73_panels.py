"""citizens' panels: pools, selections, draws

Revision ID: 8e4b0f2a5d73
Revises: 7d3a9e1f4c62
Create Date: 2026-11-22 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision = "8e4b0f2a5d73"
down_revision = "7d3a9e1f4c62"
branch_labels = None
depends_on = None

CHILDREN = (
    "panel_people",
    "panel_quotas",
    "panel_contacts",
    "panel_selections",
    "panel_commitments",
    "panel_draws",
    "panel_invitations",
)


def panel_id(table: str) -> list[SchemaItem]:
    """The key column every table of a panel starts with, and its foreign key."""
    return [
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["panel_id"],
            ["panels.id"],
            name=op.f(f"fk_{table}_panel_id_panels"),
            ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "panels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("algorithm", sa.String(length=20), nullable=False),
        sa.Column("lottery_size", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("pool_sha256", sa.String(length=64), nullable=True),
        sa.Column("feasibility", sa.JSON(), nullable=True),
        sa.Column("selection_job", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_panels_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panels")),
        sa.UniqueConstraint("slug", name=op.f("uq_panels_slug")),
    )
    with op.batch_alter_table("panels", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_panels_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "panel_people",
        *panel_id("panel_people"),
        sa.Column("person_id", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("panel_id", "person_id", name=op.f("pk_panel_people")),
    )
    op.create_table(
        "panel_quotas",
        *panel_id("panel_quotas"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("minimum", sa.Integer(), nullable=False),
        sa.Column("maximum", sa.Integer(), nullable=False),
        sa.Column("min_flex", sa.Integer(), nullable=True),
        sa.Column("max_flex", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("panel_id", "position", name=op.f("pk_panel_quotas")),
    )
    op.create_table(
        "panel_contacts",
        *panel_id("panel_contacts"),
        sa.Column("person_id", sa.String(length=120), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("panel_id", "person_id", name=op.f("pk_panel_contacts")),
    )
    op.create_table(
        "panel_selections",
        *panel_id("panel_selections"),
        sa.Column("pool_sha256", sa.String(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("panel_id", name=op.f("pk_panel_selections")),
    )
    op.create_table(
        "panel_commitments",
        *panel_id("panel_commitments"),
        sa.Column("commitment_sha256", sa.String(length=64), nullable=False),
        sa.Column("published", sa.JSON(), nullable=False),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("panel_id", name=op.f("pk_panel_commitments")),
    )
    op.create_table(
        "panel_draws",
        *panel_id("panel_draws"),
        sa.Column("reveal", sa.JSON(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("panel_id", name=op.f("pk_panel_draws")),
    )
    op.create_table(
        "panel_invitations",
        *panel_id("panel_invitations"),
        sa.Column("letters", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("allocation", sa.JSON(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("invited", sa.JSON(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("panel_id", name=op.f("pk_panel_invitations")),
    )


def downgrade() -> None:
    for table in reversed(CHILDREN):
        op.drop_table(table)
    with op.batch_alter_table("panels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_panels_organisation_id"))
    op.drop_table("panels")
