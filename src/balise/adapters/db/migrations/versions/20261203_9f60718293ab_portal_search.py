"""portal search: the portal lists the most recently published systems first from an index.

Revision ID: 9f60718293ab
Revises: 7d4e5f608192
"""

from __future__ import annotations

from alembic import op

revision = "9f60718293ab"
down_revision = "7d4e5f608192"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_portal_systems_withdrawn_published_at",
        "portal_systems",
        ["withdrawn", "published_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_portal_systems_withdrawn_published_at", table_name="portal_systems")
