"""audit log keyed chain (reserved; filled in by the work that needs it).

Revision ID: 4a1b2c3d5e6f
Revises: 28ef0d1c5b7d
"""

from __future__ import annotations

revision = "4a1b2c3d5e6f"
down_revision = "28ef0d1c5b7d"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
