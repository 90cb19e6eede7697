"""Portal filters indexed with withdrawal, so that a filter's matches are counted from the index

Revision ID: a6d74859e012
Revises: f5c63748e901
Create Date: 2026-12-03 23:55:00
"""

from __future__ import annotations

from alembic import op

revision = "a6d74859e012"
down_revision = "f5c63748e901"
branch_labels = None
depends_on = None

FILTERS = ("organisation_id", "risk_category", "lifecycle_status", "level", "sector")


def upgrade() -> None:
    for name in FILTERS:
        op.drop_index(f"ix_portal_systems_{name}", table_name="portal_systems")
        op.create_index(
            f"ix_portal_systems_{name}_withdrawn", "portal_systems", [name, "withdrawn"]
        )


def downgrade() -> None:
    for name in FILTERS:
        op.drop_index(f"ix_portal_systems_{name}_withdrawn", table_name="portal_systems")
        op.create_index(f"ix_portal_systems_{name}", "portal_systems", [name])
