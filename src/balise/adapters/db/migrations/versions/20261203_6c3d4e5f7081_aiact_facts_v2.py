"""aiact facts v2 (reserved; filled in by the work that needs it).

Revision ID: 6c3d4e5f7081
Revises: 5b2c3d4e6f70
"""

from __future__ import annotations

revision = "6c3d4e5f7081"
down_revision = "5b2c3d4e6f70"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
