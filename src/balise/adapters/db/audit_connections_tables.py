"""The table of the registered audit connections, on the one schema's metadata."""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

# One row per data connection an organisation registered for its audits. `sealed` is the full
# address, password included, encrypted with the connections key (Fernet), which is kept outside
# the database; `address` is the same address without its password, to show and to record.
audit_connections = sa.Table(
    "audit_connections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("engine", sa.String(20), nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("sealed", sa.Text, nullable=False),
    sa.Column("has_password", sa.Boolean, nullable=False),
    sa.Column("columns", sa.JSON),
    sa.Column("tested_at", UtcDateTime),
    sa.Column("created_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("organisation_id", "name"),
)
