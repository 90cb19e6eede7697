"""Panel registrations, invitation codes and members' sign-in.

Revision ID: b1829304a5cd
Revises: a0718293a4bc
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "b1829304a5cd"
down_revision = "a0718293a4bc"
branch_labels = None
depends_on = None


def _panel_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["panel_id"],
        ["panels.id"],
        name=op.f(f"fk_{table}_panel_id_panels"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "panel_registration_settings",
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("categories", sa.Text(), server_default="", nullable=False),
        sa.Column("exclusions", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _panel_fk("panel_registration_settings"),
        sa.PrimaryKeyConstraint("panel_id", name=op.f("pk_panel_registration_settings")),
    )
    op.create_table(
        "panel_invitation_codes",
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("code_sha256", sa.String(length=64), nullable=False),
        sa.Column("hint", sa.String(length=4), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _panel_fk("panel_invitation_codes"),
        sa.PrimaryKeyConstraint("panel_id", "code_sha256", name=op.f("pk_panel_invitation_codes")),
    )
    op.create_table(
        "panel_registrations",
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=120), nullable=False),
        sa.Column("code_sha256", sa.String(length=64), nullable=False),
        sa.Column("hint", sa.String(length=4), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("excluded_by", sa.String(length=60), nullable=True),
        sa.Column("consent_version", sa.String(length=20), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        _panel_fk("panel_registrations"),
        sa.PrimaryKeyConstraint("panel_id", "person_id", name=op.f("pk_panel_registrations")),
        sa.UniqueConstraint(
            "panel_id", "code_sha256", name=op.f("uq_panel_registrations_panel_id")
        ),
    )
    op.create_table(
        "panel_registration_contacts",
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), server_default="", nullable=False),
        sa.Column("phone", sa.String(length=40), server_default="", nullable=False),
        _panel_fk("panel_registration_contacts"),
        sa.PrimaryKeyConstraint(
            "panel_id", "person_id", name=op.f("pk_panel_registration_contacts")
        ),
    )
    for table, key in (
        ("panel_member_links", "token_sha256"),
        ("panel_member_sessions", "secret_sha256"),
    ):
        op.create_table(
            table,
            sa.Column(key, sa.String(length=64), nullable=False),
            sa.Column("panel_id", sa.Integer(), nullable=False),
            sa.Column("person_id", sa.String(length=120), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
            *(
                [sa.Column("used_at", sa.DateTime(timezone=True), nullable=True)]
                if table == "panel_member_links"
                else []
            ),
            _panel_fk(table),
            sa.PrimaryKeyConstraint(key, name=op.f(f"pk_{table}")),
        )
        op.create_index(op.f(f"ix_{table}_panel_id"), table, ["panel_id"], unique=False)
    op.create_table(
        "panel_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _panel_fk("panel_meetings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_meetings")),
    )
    op.create_index(
        op.f("ix_panel_meetings_panel_id"), "panel_meetings", ["panel_id"], unique=False
    )


def downgrade() -> None:
    for table in (
        "panel_meetings",
        "panel_member_sessions",
        "panel_member_links",
        "panel_registration_contacts",
        "panel_registrations",
        "panel_invitation_codes",
        "panel_registration_settings",
    ):
        op.drop_table(table)
