"""The tables of the monitoring area, on the one schema's metadata."""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(20), nullable=False, unique=True),
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"),
        nullable=False,
        index=True,
    ),
    sa.Column("reporter_role", sa.String(20), nullable=False),
    sa.Column("system_id", sa.ForeignKey("systems.id", ondelete="SET NULL")),
    sa.Column("system_name", sa.String(200), nullable=False),
    sa.Column("provider_name", sa.String(200), nullable=False),
    sa.Column("provider_organisation_id", sa.ForeignKey("organisations.id", ondelete="SET NULL")),
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("death", sa.Boolean, nullable=False),
    sa.Column("widespread", sa.Boolean, nullable=False),
    sa.Column("stage", sa.String(20), nullable=False),
    sa.Column("aware_on", sa.Date, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("article", sa.String(200), nullable=False),
    sa.Column("state", sa.String(30), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("report", sa.JSON, nullable=False),
    sa.Column("investigation", sa.Text, nullable=False),
    sa.Column("investigated_at", UtcDateTime),
    sa.Column("measures", sa.Text, nullable=False),
    sa.Column("follow_up_due_on", sa.Date),
    sa.Column("public_summary", sa.Text, nullable=False),
    sa.Column("published_at", UtcDateTime),
    sa.Column("decided_at", UtcDateTime),
    sa.Column("reported_at", UtcDateTime, nullable=False),
)

incident_versions = sa.Table(
    "incident_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("incident_id", sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("report", sa.JSON, nullable=False),
    sa.Column("submitted_at", UtcDateTime, nullable=False),
    sa.Column("submitted_by", sa.String(254), nullable=False),
    sa.UniqueConstraint("incident_id", "number"),
)

citizen_requests = sa.Table(
    "citizen_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(20), nullable=False, unique=True),
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"),
        nullable=False,
        index=True,
    ),
    sa.Column("system_id", sa.ForeignKey("systems.id", ondelete="SET NULL")),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("decision_reference", sa.String(200), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("contact_email", sa.String(254), nullable=False),
    sa.Column("contact_postal_address", sa.Text, nullable=False),
    sa.Column("basis", sa.String(30), nullable=False),
    sa.Column("received_on", sa.Date, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("article", sa.String(200), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("reviewer_id", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("decision_maker_id", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("extended_due_on", sa.Date),
    sa.Column("extension_reason", sa.Text, nullable=False),
    sa.Column("outcome", sa.String(20)),
    sa.Column("answer", sa.JSON),
    sa.Column("answered_on", sa.Date),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("closed_at", UtcDateTime),
    sa.Column("contact_erased_at", UtcDateTime),
)
