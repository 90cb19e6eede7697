"""Observatory: indicator snapshots, guides and the question desk.

Revision ID: b17e3c5d8a06
Revises: a06d2b4c7f95
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b17e3c5d8a06"
down_revision = "a06d2b4c7f95"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "observatory_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("breakdown", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("indicator_version", sa.String(length=20), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observatory_snapshots")),
        sa.UniqueConstraint(
            "code", "as_of", "version", name=op.f("uq_observatory_snapshots_version")
        ),
    )
    op.create_index(
        op.f("ix_observatory_snapshots_as_of"), "observatory_snapshots", ["as_of"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_observatory_snapshots_as_of"), table_name="observatory_snapshots")
    op.drop_table("observatory_snapshots")
