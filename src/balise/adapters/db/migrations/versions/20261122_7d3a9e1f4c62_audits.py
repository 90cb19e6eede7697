"""fairness and representativeness audit reports

Revision ID: 7d3a9e1f4c62
Revises: 6c2f8d0e3b51
Create Date: 2026-11-22 22:30:00
"""

from __future__ import annotations

revision = "7d3a9e1f4c62"
down_revision = "6c2f8d0e3b51"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
