"""The database schema, one for SQLite and PostgreSQL; Alembic migrations are generated from it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(sa.TypeDecorator[datetime]):
    """An aware UTC datetime on both databases (SQLite keeps no zone of its own)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


SEARCH_INDEX_OBJECTS = ("portal_search_fts", "ix_portal_search_")
"""Full-text index objects each database builds its own way, so the model does not describe them."""


def is_modelled(item: object, name: str | None, kind: str, reflected: bool, other: object) -> bool:
    """For Alembic's comparison: skip the database-specific full-text index objects."""
    return not (name or "").startswith(SEARCH_INDEX_OBJECTS)


organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("slug", sa.String(80), nullable=False, unique=True),
    sa.Column("name", sa.JSON, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("level", sa.String(20), nullable=False, server_default="other_public"),
    sa.Column("size_class", sa.String(20), nullable=False),
    sa.Column("sector", sa.String(40), nullable=False),
    sa.Column("enterprise_number", sa.String(10), unique=True),
    sa.Column("contact_email", sa.String(254), nullable=False, server_default=""),
    sa.Column("contact_phone", sa.String(40), nullable=False, server_default=""),
    sa.Column("contact_website", sa.String(300), nullable=False, server_default=""),
    sa.Column("contact_address", sa.String(300), nullable=False, server_default=""),
    # the legal basis of its citizens' requests' deadlines (services/monitoring/settings.py)
    sa.Column("request_basis", sa.String(20), nullable=False, server_default="gdpr"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254), nullable=False, unique=True),
    sa.Column("display_name", sa.String(120), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column(
        "organisation_id", sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    ),
    sa.Column("language", sa.String(2)),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("password_hash", sa.String(200)),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

oidc_identities = sa.Table(
    "oidc_identities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("issuer", sa.String(300), nullable=False),
    sa.Column("subject", sa.String(255), nullable=False),
    sa.UniqueConstraint("issuer", "subject", name="uq_oidc_identities_issuer_subject"),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("prefix", sa.String(16), nullable=False, unique=True),
    # The token's name in addresses and pages: random, so that ids cannot be counted through.
    sa.Column("public_id", sa.String(32), nullable=False, unique=True),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("scopes", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("revoked_at", UtcDateTime),
    sa.Column("last_used_at", UtcDateTime),
)

login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("succeeded", sa.Boolean, nullable=False),
    sa.Index("ix_login_attempts_email_at", "email", "at"),
    sa.Index("ix_login_attempts_address_at", "address", "at"),
)

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("occurred_at", UtcDateTime, nullable=False),
    sa.Column("actor", sa.String(254), nullable=False),
    sa.Column("event_type", sa.String(80), nullable=False),
    sa.Column("entity_type", sa.String(40), nullable=False),
    sa.Column("entity_id", sa.String(80), nullable=False),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
    sa.Column("key_id", sa.String(16)),  # the key that sealed it; NULL before keying (2026-12)
    sa.Index("ix_audit_events_entity", "entity_type", "entity_id"),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("params", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("created_by", sa.ForeignKey("users.id", ondelete="SET NULL"), index=True),
    sa.Column("done", sa.Integer, nullable=False, server_default="0"),
    sa.Column("total", sa.Integer),
    sa.Column("result", sa.JSON),
    sa.Column("error", sa.JSON),
    sa.Column("finished_at", UtcDateTime),
    # The worker running the job renews this; a running job whose lease lapsed was abandoned.
    sa.Column("heartbeat_at", UtcDateTime),
)

# --- Register (issue 3): AI system records, their published versions, the portal's index ----

systems = sa.Table(
    "systems",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("uuid", sa.String(36), nullable=False, unique=True),
    sa.Column("slug", sa.String(80), nullable=False, unique=True),
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"),
        nullable=False,
        index=True,
    ),
    sa.Column("source_id", sa.String(100)),
    sa.Column("default_language", sa.String(2), nullable=False),
    sa.Column("standard_version", sa.String(10), nullable=False),
    sa.Column("fields", sa.JSON, nullable=False),
    sa.Column("visibility", sa.JSON, nullable=False),
    sa.Column("checked_languages", sa.JSON, nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    sa.Column("edited_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("submitted_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("approved_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("review_note", sa.Text, nullable=False, server_default=""),
    sa.Column("withdrawal_reason", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint(
        "organisation_id", "source_id", name="uq_systems_organisation_id_source_id"
    ),
)

system_versions = sa.Table(
    "system_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "system_id", sa.ForeignKey("systems.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("fields", sa.JSON, nullable=False),
    sa.Column("visibility", sa.JSON, nullable=False),
    sa.Column("default_language", sa.String(2), nullable=False),
    sa.Column("checked_languages", sa.JSON, nullable=False),
    sa.Column("standard_version", sa.String(10), nullable=False),
    sa.Column("published_at", UtcDateTime, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.UniqueConstraint("system_id", "number", name="uq_system_versions_system_id_number"),
)

# One row per system with a published version: what the portal lists, filters and shows.
PORTAL_FILTERS = ("organisation_id", "risk_category", "lifecycle_status", "level", "sector")
portal_systems = sa.Table(
    "portal_systems",
    metadata,
    sa.Column("system_id", sa.ForeignKey("systems.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("slug", sa.String(80), nullable=False, unique=True),
    sa.Column(
        "organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("published_at", UtcDateTime, nullable=False),
    sa.Column("first_published_at", UtcDateTime, nullable=False),
    sa.Column("withdrawn", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("withdrawal_reason", sa.Text, nullable=False, server_default=""),
    sa.Column("revision_date", sa.Date),
    sa.Column("risk_category", sa.String(30), nullable=False),
    sa.Column("lifecycle_status", sa.String(30), nullable=False),
    sa.Column("level", sa.String(30), nullable=False),
    sa.Column("sector", sa.String(40), nullable=False),
    sa.Column("languages", sa.String(20), nullable=False),
    sa.Column("sort_name", sa.String(200), nullable=False, index=True),
    sa.Column("document", sa.JSON, nullable=False),
    sa.Index("ix_portal_systems_withdrawn_sort_name", "withdrawn", "sort_name"),
    sa.Index("ix_portal_systems_withdrawn_published_at", "withdrawn", "published_at"),
    # Each filter with withdrawal: a filter's matches are counted from the index alone.
    *(
        sa.Index(f"ix_portal_systems_{name}_withdrawn", name, "withdrawn")
        for name in PORTAL_FILTERS
    ),
)

# A counter bumped by every change to the portal, so that cached pages know they are stale.
portal_state = sa.Table(
    "portal_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("generation", sa.Integer, nullable=False),
)

# The text the portal searches, per language; each database indexes it with its own stemming
# (SQLite: an FTS5 table of Snowball stems; PostgreSQL: a GIN-indexed table of tsvectors).
portal_search = sa.Table(
    "portal_search",
    metadata,
    sa.Column("system_id", sa.ForeignKey("systems.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("fr", sa.Text, nullable=False, server_default=""),
    sa.Column("nl", sa.Text, nullable=False, server_default=""),
    sa.Column("de", sa.Text, nullable=False, server_default=""),
    sa.Column("en", sa.Text, nullable=False, server_default=""),
)

# --- Audits (issue 6): uploaded decision logs and the fairness/representativeness reports -------

audit_uploads = sa.Table(
    "audit_uploads",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("system_id", sa.ForeignKey("systems.id", ondelete="SET NULL")),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("file_format", sa.String(10), nullable=False),
    sa.Column("storage_key", sa.String(80), nullable=False, unique=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("received", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("columns", sa.JSON),
    sa.Column("created_by", sa.ForeignKey("users.id", ondelete="SET NULL"), index=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("completed_at", UtcDateTime),
)

audit_reports = sa.Table(
    "audit_reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("system_id", sa.ForeignKey("systems.id", ondelete="SET NULL"), index=True),
    sa.Column("upload_id", sa.ForeignKey("audit_uploads.id", ondelete="SET NULL")),
    sa.Column("job_id", sa.ForeignKey("jobs.id", ondelete="SET NULL")),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("parameters", sa.JSON, nullable=False),
    sa.Column("result", sa.JSON),
    sa.Column("data_sha256", sa.String(64)),
    sa.Column("portal_visibility", sa.String(20), nullable=False, server_default="nothing"),
    sa.Column("created_by", sa.ForeignKey("users.id", ondelete="SET NULL"), index=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("finished_at", UtcDateTime),
)

# --- Citizens' panels ------------------------------------------------------------------------
# The pool keeps pseudonymous ids and selection features only; names and contact details live in
# panel_contacts, which nothing published reads and which can be emptied person by person.

panels = sa.Table(
    "panels",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("slug", sa.String(80), nullable=False, unique=True),
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"),
        nullable=False,
        index=True,
    ),
    sa.Column("title", sa.JSON, nullable=False),  # {language: text}, at least one
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("algorithm", sa.String(20), nullable=False),
    sa.Column("lottery_size", sa.Integer, nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("pool_sha256", sa.String(64)),
    sa.Column("feasibility", sa.JSON),
    sa.Column("selection_job", sa.String(32)),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

panel_people = sa.Table(
    "panel_people",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("person_id", sa.String(120), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("features", sa.JSON, nullable=False),
)

panel_quotas = sa.Table(
    "panel_quotas",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("category", sa.String(200), nullable=False),
    sa.Column("value", sa.String(200), nullable=False),
    sa.Column("minimum", sa.Integer, nullable=False),
    sa.Column("maximum", sa.Integer, nullable=False),
    sa.Column("min_flex", sa.Integer),
    sa.Column("max_flex", sa.Integer),
)

panel_contacts = sa.Table(
    "panel_contacts",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("person_id", sa.String(120), primary_key=True),
    sa.Column("details", sa.JSON, nullable=False),
)

panel_selections = sa.Table(
    "panel_selections",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("pool_sha256", sa.String(64), nullable=False),
    sa.Column("result", sa.JSON, nullable=False),
    sa.Column("computed_at", UtcDateTime, nullable=False),
)

panel_commitments = sa.Table(
    "panel_commitments",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("commitment_sha256", sa.String(64), nullable=False),
    sa.Column("published", sa.JSON, nullable=False),
    sa.Column("committed_at", UtcDateTime, nullable=False),
)

panel_draws = sa.Table(
    "panel_draws",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("reveal", sa.JSON, nullable=False),
    sa.Column("drawn_at", UtcDateTime, nullable=False),
)

panel_replacements = sa.Table(
    "panel_replacements",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("dropped_id", sa.String(120), nullable=False),
    sa.Column("chosen_id", sa.String(120), nullable=True),
    sa.Column("quotas_kept", sa.Boolean, nullable=False),
    sa.Column("replaced_at", UtcDateTime, nullable=False),
)

panel_invitations = sa.Table(
    "panel_invitations",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("letters", sa.Integer, nullable=False),
    sa.Column("seed", sa.Integer, nullable=False),
    sa.Column("allocation", sa.JSON, nullable=False),
    sa.Column("columns", sa.JSON, nullable=False),
    sa.Column("invited", sa.JSON, nullable=False),
    sa.Column("drawn_at", UtcDateTime, nullable=False),
)

# --- AI Act (issue 4): questionnaires in progress and classifications stored on records --------

# A signed-in user's questionnaire, kept so that they can come back to it.
aiact_questionnaires = sa.Table(
    "aiact_questionnaires",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "owner_id", sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("law", sa.String(4)),
    sa.Column("section", sa.String(40), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

# A classification stored on a register record: immutable once written.
aiact_classifications = sa.Table(
    "aiact_classifications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "system_id", sa.ForeignKey("systems.id", ondelete="RESTRICT"), nullable=False, index=True
    ),
    sa.Column("facts", sa.JSON, nullable=False),
    sa.Column("law", sa.String(4), nullable=False),
    sa.Column("law_requested", sa.String(4)),
    sa.Column("ruleset_version", sa.String(40), nullable=False),
    sa.Column("evaluation_date", sa.Date, nullable=False),
    sa.Column("result", sa.JSON, nullable=False),
    sa.Column("created_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("created_by_label", sa.String(254), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    # The saved questionnaire the result came from, if any (the record links to it and back).
    sa.Column(
        "questionnaire_id",
        sa.ForeignKey("aiact_questionnaires.id", ondelete="SET NULL"),
        index=True,
    ),
)


# Areas that keep their tables in their own module register them on `metadata` when imported.
from balise.adapters.db import (  # noqa: E402, F401
    assessments_tables,
    audit_connections_tables,
    audit_log_tables,
    consultations_tables,
    eco_tables,
    guichet_tables,
    monitoring_tables,
    obligations_tables,
    observatory_tables,
    panel_members_tables,
    panel_messages_tables,
    panel_survey_tables,
)
