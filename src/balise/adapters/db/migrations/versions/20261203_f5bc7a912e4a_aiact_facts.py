"""AI Act facts schema version 2.

Revision ID: f5bc7a912e4a
Revises: e4ab6f801d39
"""

from __future__ import annotations

revision = "f5bc7a912e4a"
down_revision = "e4ab6f801d39"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
