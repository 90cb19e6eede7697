"""Audit log keyed chain: the key id on each event, and the signed checkpoints of the head.

Events already stored keep a NULL key id and their plain SHA-256 seal; they verify as before,
and every keyed event appended after them covers their hashes.

Revision ID: 4a1b2c3d5e6f
Revises: 28ef0d1c5b7d
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "4a1b2c3d5e6f"
down_revision = "28ef0d1c5b7d"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoints")),
    )
    op.create_index(op.f("ix_audit_checkpoints_seq"), "audit_checkpoints", ["seq"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_checkpoints_seq"), table_name="audit_checkpoints")
    op.drop_table("audit_checkpoints")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("key_id")
