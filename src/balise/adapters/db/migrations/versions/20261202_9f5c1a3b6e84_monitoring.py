"""Monitoring: serious incidents and citizens' requests.

Revision ID: 9f5c1a3b6e84
Revises: 8e4b0f2a5d73
Create Date: 2026-12-02
"""

from __future__ import annotations


revision = "9f5c1a3b6e84"
down_revision = "8e4b0f2a5d73"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
