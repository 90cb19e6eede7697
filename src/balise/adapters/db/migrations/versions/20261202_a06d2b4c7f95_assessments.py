"""Assessments: impact-assessment templates' answers, committees, votes and opinions.

Revision ID: a06d2b4c7f95
Revises: 9f5c1a3b6e84
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "a06d2b4c7f95"
down_revision = "9f5c1a3b6e84"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_committees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_assessment_committees_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_committees")),
        sa.UniqueConstraint("slug", name=op.f("uq_assessment_committees_slug")),
    )
    op.create_index(
        op.f("ix_assessment_committees_organisation_id"),
        "assessment_committees",
        ["organisation_id"],
        unique=False,
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(length=10), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=True),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_assessments_system_id_systems"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_assessments_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["assessment_committees.id"],
            name=op.f("fk_assessments_committee_id_assessment_committees"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sa.UniqueConstraint("system_id", "template", "number", name="uq_assessments_version"),
    )
    op.create_index(op.f("ix_assessments_system_id"), "assessments", ["system_id"], unique=False)
    op.create_index(
        op.f("ix_assessments_organisation_id"), "assessments", ["organisation_id"], unique=False
    )
    op.create_index(
        op.f("ix_assessments_committee_id"), "assessments", ["committee_id"], unique=False
    )
    op.create_table(
        "assessment_exemptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by_label", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_assessment_exemptions_system_id_systems"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_exemptions")),
    )
    op.create_index(
        op.f("ix_assessment_exemptions_system_id"),
        "assessment_exemptions",
        ["system_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_assessment_exemptions_system_id"), table_name="assessment_exemptions")
    op.drop_table("assessment_exemptions")
    op.drop_index(op.f("ix_assessments_committee_id"), table_name="assessments")
    op.drop_index(op.f("ix_assessments_organisation_id"), table_name="assessments")
    op.drop_index(op.f("ix_assessments_system_id"), table_name="assessments")
    op.drop_table("assessments")
    op.drop_index(
        op.f("ix_assessment_committees_organisation_id"), table_name="assessment_committees"
    )
    op.drop_table("assessment_committees")
