"""obligation tracker (reserved; filled in by the work that needs it).

Revision ID: 7d4e5f608192
Revises: 6c3d4e5f7081
"""

from __future__ import annotations

revision = "7d4e5f608192"
down_revision = "6c3d4e5f7081"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
