"""register form (reserved; filled in by the work that needs it).

Revision ID: 8e5f60718a2b
Revises: 7d4e5f608192
"""

from __future__ import annotations

revision = "8e5f60718a2b"
down_revision = "7d4e5f608192"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
