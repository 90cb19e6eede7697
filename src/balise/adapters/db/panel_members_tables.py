"""The tables of panel registrations and of the members' space, on the one schema's metadata.

Secrets (invitation codes, sign-in links, member sessions) are kept as SHA-256 only. A volunteer's
contact details live apart in panel_registration_contacts, which nothing published reads and which
is emptied when the person asks to be forgotten.
"""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

# How registration works for one panel: its questions (a quotas file, when the pool is not loaded
# yet), the exclusion criteria switched on, and whether it is open.
panel_registration_settings = sa.Table(
    "panel_registration_settings",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("open", sa.Boolean, nullable=False),
    sa.Column("categories", sa.Text, nullable=False, server_default=""),
    sa.Column("exclusions", sa.JSON, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

# One row per invitation letter: the fingerprint of its code (never the code) and a short hint.
panel_invitation_codes = sa.Table(
    "panel_invitation_codes",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("code_sha256", sa.String(64), primary_key=True),
    sa.Column("hint", sa.String(4), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

# A volunteer's registration: pseudonymous id, answers, exclusion, consent. One per code.
panel_registrations = sa.Table(
    "panel_registrations",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("person_id", sa.String(120), primary_key=True),
    sa.Column("code_sha256", sa.String(64), nullable=False),
    sa.Column("hint", sa.String(4), nullable=False),
    sa.Column("channel", sa.String(10), nullable=False),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("excluded_by", sa.String(60)),
    sa.Column("consent_version", sa.String(20), nullable=False),
    sa.Column("registered_at", UtcDateTime, nullable=False),
    sa.Column("erased_at", UtcDateTime),
    sa.UniqueConstraint("panel_id", "code_sha256"),
)

# Contact details for the sessions, apart from everything else; deleted on erasure.
panel_registration_contacts = sa.Table(
    "panel_registration_contacts",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("person_id", sa.String(120), primary_key=True),
    sa.Column("email", sa.String(254), nullable=False, server_default=""),
    sa.Column("phone", sa.String(40), nullable=False, server_default=""),
)

# One-time sign-in links sent by e-mail, and the members' sessions: SHA-256 of the secret only.
panel_member_links = sa.Table(
    "panel_member_links",
    metadata,
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column(
        "panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("person_id", sa.String(120), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("used_at", UtcDateTime),
)

panel_member_sessions = sa.Table(
    "panel_member_sessions",
    metadata,
    sa.Column("secret_sha256", sa.String(64), primary_key=True),
    sa.Column(
        "panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("person_id", sa.String(120), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
)

# The programme the organisers enter: when and where the panel meets.
panel_meetings = sa.Table(
    "panel_meetings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("starts_at", UtcDateTime, nullable=False),
    sa.Column("place", sa.String(300), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
