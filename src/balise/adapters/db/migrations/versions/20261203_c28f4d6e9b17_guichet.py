"""Guides and question desk of the one-stop shop.

Revision ID: c28f4d6e9b17
Revises: b17e3c5d8a06
"""

from __future__ import annotations

revision = "c28f4d6e9b17"
down_revision = "b17e3c5d8a06"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
