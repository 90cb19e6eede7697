"""Environmental footprint and eco-label of a record.

Revision ID: 06cd8b0a3f5b
Revises: f5bc7a912e4a
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "06cd8b0a3f5b"
down_revision = "f5bc7a912e4a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "eco_footprints",
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("label", sa.String(length=1), nullable=True),
        sa.Column("label_rule_version", sa.String(length=20), nullable=True),
        sa.Column("carbon_g_per_1000", sa.Float(), nullable=True),
        sa.Column("graded_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_eco_footprints_system_id_systems"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("system_id", name=op.f("pk_eco_footprints")),
    )
    op.create_index(op.f("ix_eco_footprints_label"), "eco_footprints", ["label"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_eco_footprints_label"), table_name="eco_footprints")
    op.drop_table("eco_footprints")
