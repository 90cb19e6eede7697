"""Assessments: impact-assessment templates' answers, committees, votes and opinions.

Revision ID: a06d2b4c7f95
Revises: 9f5c1a3b6e84
Create Date: 2026-12-02
"""

from __future__ import annotations


revision = "a06d2b4c7f95"
down_revision = "9f5c1a3b6e84"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
