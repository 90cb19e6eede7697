"""AI system register: records, versions, portal search

Revision ID: 5b1e7c9d2a40
Revises: fc3d05a868de
Create Date: 2026-11-22 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "5b1e7c9d2a40"
down_revision = "fc3d05a868de"
branch_labels = None
depends_on = None

TEXT_SEARCH = {"fr": "french", "nl": "dutch", "de": "german", "en": "english"}


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(
            sa.Column("level", sa.String(length=20), server_default="other_public", nullable=False)
        )
    op.execute("UPDATE organisations SET level = 'private' WHERE kind <> 'public_body'")
    op.create_table(
        "systems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(length=100), nullable=True),
        sa.Column("default_language", sa.String(length=2), nullable=False),
        sa.Column("standard_version", sa.String(length=10), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("visibility", sa.JSON(), nullable=False),
        sa.Column("checked_languages", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("edited_by", sa.Integer(), nullable=True),
        sa.Column("submitted_by", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("review_note", sa.Text(), server_default="", nullable=False),
        sa.Column("withdrawal_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_systems_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["edited_by"],
            ["users.id"],
            name=op.f("fk_systems_edited_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by"],
            ["users.id"],
            name=op.f("fk_systems_submitted_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["users.id"],
            name=op.f("fk_systems_approved_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_systems")),
        sa.UniqueConstraint("slug", name=op.f("uq_systems_slug")),
        sa.UniqueConstraint("uuid", name=op.f("uq_systems_uuid")),
        sa.UniqueConstraint(
            "organisation_id", "source_id", name="uq_systems_organisation_id_source_id"
        ),
    )
    op.create_index(
        op.f("ix_systems_organisation_id"), "systems", ["organisation_id"], unique=False
    )
    op.create_table(
        "system_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("visibility", sa.JSON(), nullable=False),
        sa.Column("default_language", sa.String(length=2), nullable=False),
        sa.Column("checked_languages", sa.JSON(), nullable=False),
        sa.Column("standard_version", sa.String(length=10), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_system_versions_system_id_systems"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_system_versions")),
        sa.UniqueConstraint("system_id", "number", name="uq_system_versions_system_id_number"),
    )
    op.create_index(
        op.f("ix_system_versions_system_id"), "system_versions", ["system_id"], unique=False
    )
    op.create_table(
        "portal_systems",
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("withdrawal_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("revision_date", sa.Date(), nullable=True),
        sa.Column("risk_category", sa.String(length=30), nullable=False),
        sa.Column("lifecycle_status", sa.String(length=30), nullable=False),
        sa.Column("level", sa.String(length=30), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("languages", sa.String(length=20), nullable=False),
        sa.Column("sort_name", sa.String(length=200), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_portal_systems_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_portal_systems_system_id_systems"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("system_id", name=op.f("pk_portal_systems")),
        sa.UniqueConstraint("slug", name=op.f("uq_portal_systems_slug")),
    )
    for column in ("organisation_id", "risk_category", "lifecycle_status", "level", "sector"):
        op.create_index(
            op.f(f"ix_portal_systems_{column}"), "portal_systems", [column], unique=False
        )
    op.create_index(op.f("ix_portal_systems_sort_name"), "portal_systems", ["sort_name"])
    # The portal's default listing (published, not withdrawn, by name) and its count, from the index.
    op.create_index(
        "ix_portal_systems_withdrawn_sort_name", "portal_systems", ["withdrawn", "sort_name"]
    )
    op.create_table(
        "portal_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_state")),
    )
    op.create_table(
        "portal_search",
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("fr", sa.Text(), server_default="", nullable=False),
        sa.Column("nl", sa.Text(), server_default="", nullable=False),
        sa.Column("de", sa.Text(), server_default="", nullable=False),
        sa.Column("en", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["systems.id"],
            name=op.f("fk_portal_search_system_id_systems"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("system_id", name=op.f("pk_portal_search")),
    )
    if op.get_context().dialect.name == "postgresql":
        # Each language's tsvector, stored: ranking then reads it instead of parsing the text of
        # every match again (ten times faster on a common word among 100,000 records).
        op.execute(
            "CREATE TABLE portal_search_fts ("
            "system_id integer PRIMARY KEY REFERENCES systems (id) ON DELETE CASCADE, "
            + ", ".join(f"{language} tsvector NOT NULL" for language in TEXT_SEARCH)
            + ")"
        )
        for language in TEXT_SEARCH:
            op.execute(
                f"CREATE INDEX ix_portal_search_fts_{language} ON portal_search_fts "
                f"USING gin ({language})"
            )
    else:
        # Snowball stems of each language's text; the rowid is the system's id.
        op.execute(
            "CREATE VIRTUAL TABLE portal_search_fts USING fts5("
            "fr, nl, de, en, tokenize = 'unicode61 remove_diacritics 2')"
        )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS portal_search_fts")
    op.drop_table("portal_search")
    op.drop_table("portal_state")
    op.drop_index("ix_portal_systems_withdrawn_sort_name", table_name="portal_systems")
    for column in ("sort_name", "sector", "level", "lifecycle_status", "risk_category"):
        op.drop_index(op.f(f"ix_portal_systems_{column}"), table_name="portal_systems")
    op.drop_index(op.f("ix_portal_systems_organisation_id"), table_name="portal_systems")
    op.drop_table("portal_systems")
    op.drop_index(op.f("ix_system_versions_system_id"), table_name="system_versions")
    op.drop_table("system_versions")
    op.drop_index(op.f("ix_systems_organisation_id"), table_name="systems")
    op.drop_table("systems")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("level")
