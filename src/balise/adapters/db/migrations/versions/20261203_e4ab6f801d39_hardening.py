"""Sign-in throttling, abandoned jobs.

Revision ID: e4ab6f801d39
Revises: d39a5e7f0c28
"""

from __future__ import annotations

revision = "e4ab6f801d39"
down_revision = "d39a5e7f0c28"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
