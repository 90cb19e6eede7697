"""Monitoring: serious incidents and citizens' requests.

Revision ID: 9f5c1a3b6e84
Revises: 8e4b0f2a5d73
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "9f5c1a3b6e84"
down_revision = "8e4b0f2a5d73"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "citizen_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("decision_reference", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("contact_postal_address", sa.Text(), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("article", sa.String(length=200), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("decision_maker_id", sa.Integer(), nullable=True),
        sa.Column("extended_due_on", sa.Date(), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("answer", sa.JSON(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("contact_erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_maker_id"],
            ["users.id"],
            name=op.f("fk_citizen_requests_decision_maker_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_citizen_requests_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["users.id"],
            name=op.f("fk_citizen_requests_reviewer_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_citizen_requests_system_id_systems"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_requests")),
        sa.UniqueConstraint("reference", name=op.f("uq_citizen_requests_reference")),
    )
    op.create_index(
        op.f("ix_citizen_requests_organisation_id"),
        "citizen_requests",
        ["organisation_id"],
        unique=False,
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("reporter_role", sa.String(length=20), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=True),
        sa.Column("system_name", sa.String(length=200), nullable=False),
        sa.Column("provider_name", sa.String(length=200), nullable=False),
        sa.Column("provider_organisation_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("death", sa.Boolean(), nullable=False),
        sa.Column("widespread", sa.Boolean(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("aware_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("article", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("investigation", sa.Text(), nullable=False),
        sa.Column("investigated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("follow_up_due_on", sa.Date(), nullable=True),
        sa.Column("public_summary", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_incidents_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["provider_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_incidents_provider_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_incidents_system_id_systems"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
        sa.UniqueConstraint("reference", name=op.f("uq_incidents_reference")),
    )
    op.create_index(
        op.f("ix_incidents_organisation_id"), "incidents", ["organisation_id"], unique=False
    )
    op.create_table(
        "incident_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_versions_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_versions")),
        sa.UniqueConstraint("incident_id", "number", name=op.f("uq_incident_versions_incident_id")),
    )


def downgrade() -> None:
    op.drop_table("incident_versions")
    op.drop_index(op.f("ix_incidents_organisation_id"), table_name="incidents")
    op.drop_table("incidents")
    op.drop_index(op.f("ix_citizen_requests_organisation_id"), table_name="citizen_requests")
    op.drop_table("citizen_requests")
