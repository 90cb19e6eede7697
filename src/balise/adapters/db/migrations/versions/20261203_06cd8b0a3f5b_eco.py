"""Environmental footprint and eco-label of a record.

Revision ID: 06cd8b0a3f5b
Revises: f5bc7a912e4a
"""

from __future__ import annotations

revision = "06cd8b0a3f5b"
down_revision = "f5bc7a912e4a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
