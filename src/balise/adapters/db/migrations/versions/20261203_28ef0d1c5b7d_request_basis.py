"""The legal basis of an organisation's citizens' requests' deadlines, as a column.

Revision ID: 28ef0d1c5b7d
Revises: 06cd8b0a3f5b

The choice was first kept only as `organisation.request_basis_chosen` events of the audit log;
the latest event of each organisation becomes its column's value.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "28ef0d1c5b7d"
down_revision = "06cd8b0a3f5b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("request_basis", sa.String(20), nullable=False, server_default="gdpr")
        )
    connection = op.get_bind()
    events = connection.execute(
        sa.text(
            "SELECT entity_id, after FROM audit_events "
            "WHERE event_type = 'organisation.request_basis_chosen' ORDER BY seq"
        )
    )
    chosen: dict[str, str] = {}
    for entity_id, after in events:
        document = json.loads(after) if isinstance(after, str) else after or {}
        if basis := document.get("request_basis"):
            chosen[entity_id] = basis
    for entity_id, basis in chosen.items():
        connection.execute(
            sa.text("UPDATE organisations SET request_basis = :basis WHERE id = :id"),
            {"basis": basis, "id": int(entity_id)},
        )


def downgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("request_basis")
