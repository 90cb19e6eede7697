"""AI Act questionnaires and classifications stored on records

Revision ID: 6c2f8d0e3b51
Revises: 5b1e7c9d2a40
Create Date: 2026-11-22 22:30:00
"""

from __future__ import annotations

revision = "6c2f8d0e3b51"
down_revision = "5b1e7c9d2a40"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
