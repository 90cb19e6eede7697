"""The tables of the eco area (footprints and eco-labels), on the one schema's metadata."""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

# One row per record that states a footprint: the typed document (`Footprint.to_json()`), and
# beside it the label and the figure per 1,000 decisions, for the observatory and for sorting.
eco_footprints = sa.Table(
    "eco_footprints",
    metadata,
    sa.Column("system_id", sa.ForeignKey("systems.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("document", sa.JSON, nullable=False),
    sa.Column("label", sa.String(1), index=True),
    sa.Column("label_rule_version", sa.String(20)),
    sa.Column("carbon_g_per_1000", sa.Float),
    sa.Column("graded_on", sa.Date),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)
