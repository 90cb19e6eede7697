"""Public ids for API tokens.

Revision ID: d39a5e7f0c28
Revises: c28f4d6e9b17
"""

from __future__ import annotations

revision = "d39a5e7f0c28"
down_revision = "c28f4d6e9b17"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
