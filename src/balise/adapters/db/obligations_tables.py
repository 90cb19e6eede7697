"""The tables of the obligation tracker, on the one schema's metadata."""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

# What an organisation says of one duty (obligation code and role) of one record: its status,
# the reason when not applicable, and the evidence. Each change is also an audit event.
obligation_statuses = sa.Table(
    "obligation_statuses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "system_id", sa.ForeignKey("systems.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("obligation", sa.String(80), nullable=False),
    sa.Column("role", sa.String(40), nullable=False),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("evidence_kind", sa.String(30)),
    sa.Column("evidence_subtype", sa.String(40)),
    sa.Column("evidence_title", sa.String(200)),
    sa.Column("evidence_reference", sa.String(200)),
    sa.Column("evidence_url", sa.String(2000)),
    sa.Column("updated_by", sa.String(254), nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("system_id", "obligation", "role"),
)
