"""citizens' panels: pools, selections, draws

Revision ID: 8e4b0f2a5d73
Revises: 7d3a9e1f4c62
Create Date: 2026-11-22 22:30:00
"""

from __future__ import annotations

revision = "8e4b0f2a5d73"
down_revision = "7d3a9e1f4c62"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
