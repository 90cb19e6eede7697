"""The language an organiser's answer to a consultation contribution is written in

Revision ID: b7e85960f123
Revises: a6d74859e012
Create Date: 2026-12-04 08:30:00

Nullable: answers given before this revision have no recorded language, and none is guessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b7e85960f123"
down_revision = "a6d74859e012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultation_contributions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer_language", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consultation_contributions", schema=None) as batch_op:
        batch_op.drop_column("answer_language")
