"""fairness and representativeness audit reports

Revision ID: 7d3a9e1f4c62
Revises: 6c2f8d0e3b51
Create Date: 2026-11-22 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "7d3a9e1f4c62"
down_revision = "6c2f8d0e3b51"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_uploads",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_format", sa.String(length=10), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("received", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("columns", sa.JSON(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_audit_uploads_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_audit_uploads_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_audit_uploads_system_id_systems"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_uploads")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_audit_uploads_storage_key")),
    )
    with op.batch_alter_table("audit_uploads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_uploads_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_uploads_created_by"), ["created_by"], unique=False
        )

    op.create_table(
        "audit_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=True),
        sa.Column("upload_id", sa.String(length=32), nullable=True),
        sa.Column("job_id", sa.String(length=32), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("data_sha256", sa.String(length=64), nullable=True),
        sa.Column(
            "portal_visibility", sa.String(length=20), server_default="nothing", nullable=False
        ),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_audit_reports_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["audit_uploads.id"],
            name=op.f("fk_audit_reports_upload_id_audit_uploads"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_audit_reports_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_audit_reports_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_audit_reports_system_id_systems"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_reports")),
    )
    with op.batch_alter_table("audit_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_reports_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_reports_system_id"), ["system_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_reports_created_by"), ["created_by"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_reports_created_by"))
        batch_op.drop_index(batch_op.f("ix_audit_reports_system_id"))
        batch_op.drop_index(batch_op.f("ix_audit_reports_organisation_id"))
    op.drop_table("audit_reports")
    with op.batch_alter_table("audit_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_uploads_created_by"))
        batch_op.drop_index(batch_op.f("ix_audit_uploads_organisation_id"))
    op.drop_table("audit_uploads")
