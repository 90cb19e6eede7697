"""portal search (reserved; filled in by the work that needs it).

Revision ID: 9f60718293ab
Revises: 8e5f60718a2b
"""

from __future__ import annotations

revision = "9f60718293ab"
down_revision = "8e5f60718a2b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
