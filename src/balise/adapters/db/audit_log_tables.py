"""The audit log's signed checkpoints, on the one schema's metadata (events are in tables.py)."""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

audit_checkpoints = sa.Table(
    "audit_checkpoints",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False, index=True),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("taken_at", UtcDateTime, nullable=False),
    sa.Column("key_id", sa.String(16), nullable=False),
    sa.Column("signature", sa.String(128), nullable=False),
)
