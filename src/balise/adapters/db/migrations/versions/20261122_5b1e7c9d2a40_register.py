"""AI system register: records, versions, portal search

Revision ID: 5b1e7c9d2a40
Revises: fc3d05a868de
Create Date: 2026-11-22 22:30:00
"""

from __future__ import annotations

revision = "5b1e7c9d2a40"
down_revision = "fc3d05a868de"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
