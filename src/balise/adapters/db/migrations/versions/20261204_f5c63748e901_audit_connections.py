"""Registered data connections for audits where the data lives.

Revision ID: f5c63748e901
Revises: e4b52637d8f0
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "f5c63748e901"
down_revision = "e4b52637d8f0"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("engine", sa.String(length=20), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("has_password", sa.Boolean(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=True),
        sa.Column("tested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_audit_connections_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_audit_connections_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_connections")),
        sa.UniqueConstraint(
            "organisation_id", "name", name=op.f("uq_audit_connections_organisation_id")
        ),
    )
    op.create_index(
        op.f("ix_audit_connections_organisation_id"),
        "audit_connections",
        ["organisation_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_connections_organisation_id"), table_name="audit_connections")
    op.drop_table("audit_connections")
