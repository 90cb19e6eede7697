"""audit connections (reserved; filled in by the work that needs it).

Revision ID: 5b2c3d4e6f70
Revises: 4a1b2c3d5e6f
"""

from __future__ import annotations

revision = "5b2c3d4e6f70"
down_revision = "4a1b2c3d5e6f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
