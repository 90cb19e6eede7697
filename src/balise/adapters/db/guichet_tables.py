"""The tables of the guichet (one-stop shop): guide versions and the question desk."""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

__all__ = ["guides", "metadata", "questions"]

# One version of one guide, its texts in every language as JSON; versions are never rewritten
# once published (a newer version supersedes them).
guides = sa.Table(
    "guides",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(60), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("obligations", sa.JSON, nullable=False),
    sa.Column("articles", sa.JSON, nullable=False),
    sa.Column("texts", sa.JSON, nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("created_by", sa.String(254), nullable=False),
    sa.Column("published_at", UtcDateTime),
    sa.Column("published_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.UniqueConstraint("code", "version", name="uq_guides_code_version"),
)

questions = sa.Table(
    "questions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(20), nullable=False, unique=True),
    sa.Column("asker_kind", sa.String(20), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("publish_consent", sa.Boolean, nullable=False),
    sa.Column("obligations", sa.JSON, nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("asked_at", UtcDateTime, nullable=False, index=True),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("target_version", sa.String(20), nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("answered_at", UtcDateTime),
    sa.Column("answered_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("escalation_note", sa.Text, nullable=False),
    sa.Column("escalated_at", UtcDateTime),
    sa.Column("faq_question", sa.Text, nullable=False),
    sa.Column("faq_answer", sa.Text, nullable=False),
    sa.Column("faq_published_at", UtcDateTime),
    sa.Column("contact_erased_at", UtcDateTime),
)
