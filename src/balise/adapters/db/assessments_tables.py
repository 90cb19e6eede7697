"""The tables of the assessments area, on the one schema's metadata.

An assessment and a committee are stored as JSON documents (their `to_json()`, with a
`schema_version`) beside the columns that are searched or joined on.
"""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

__all__ = ["metadata", "sa"]

assessment_committees = sa.Table(
    "assessment_committees",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("slug", sa.String(80), nullable=False, unique=True),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True),
    sa.Column("document", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

assessments = sa.Table(
    "assessments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "system_id", sa.ForeignKey("systems.id", ondelete="RESTRICT"), nullable=False, index=True
    ),
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"),
        nullable=False,
        index=True,
    ),
    sa.Column("template", sa.String(10), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column(
        "committee_id",
        sa.ForeignKey("assessment_committees.id", ondelete="SET NULL"),
        index=True,
    ),
    sa.Column("notified_at", UtcDateTime),
    sa.Column("document", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("system_id", "template", "number", name="uq_assessments_version"),
)

assessment_exemptions = sa.Table(
    "assessment_exemptions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "system_id", sa.ForeignKey("systems.id", ondelete="RESTRICT"), nullable=False, index=True
    ),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("created_by_label", sa.String(254), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
