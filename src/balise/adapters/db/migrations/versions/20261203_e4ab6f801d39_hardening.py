"""Sign-in throttling, abandoned jobs.

Revision ID: e4ab6f801d39
Revises: d39a5e7f0c28

Sign-in throttling needs no new table (advisory locks and the existing login_attempts). Jobs get
`heartbeat_at`, the lease their worker renews while it runs them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e4ab6f801d39"
down_revision = "d39a5e7f0c28"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
