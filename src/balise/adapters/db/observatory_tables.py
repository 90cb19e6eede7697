"""The tables of the observatory area, on the one schema's metadata."""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

__all__ = ["metadata", "observatory_snapshots", "sa"]

# One indicator's value on one day; rows are only ever added (a changed value is a new version).
observatory_snapshots = sa.Table(
    "observatory_snapshots",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(60), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("breakdown", sa.JSON, nullable=False),
    sa.Column("reason", sa.String(200)),
    sa.Column("indicator_version", sa.String(20), nullable=False),
    sa.Column("computed_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("code", "as_of", "version", name="uq_observatory_snapshots_version"),
)
