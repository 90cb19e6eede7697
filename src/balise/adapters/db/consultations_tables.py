"""The tables of online consultations: the consultation, its sections, the contributions."""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

__all__ = ["consultation_contributions", "consultation_sections", "consultations", "metadata"]

# Titles and texts are JSON objects keyed by language (fr, nl, de, en).
consultations = sa.Table(
    "consultations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("slug", sa.String(80), nullable=False, unique=True),
    sa.Column("title", sa.JSON, nullable=False),
    sa.Column("summary", sa.JSON, nullable=False),
    sa.Column("organiser", sa.String(200), nullable=False),
    sa.Column("opens_on", sa.Date, nullable=False),
    sa.Column("closes_on", sa.Date, nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("created_by", sa.String(254), nullable=False),
    sa.Column("answered_at", UtcDateTime),
)

consultation_sections = sa.Table(
    "consultation_sections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "consultation_id",
        sa.ForeignKey("consultations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.JSON, nullable=False),
    sa.Column("text", sa.JSON, nullable=False),
)

# The e-mail address (and the hash of the author's secret link) are erased once the author has
# been told of the outcome, or on the author's request; they are never published.
consultation_contributions = sa.Table(
    "consultation_contributions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "consultation_id",
        sa.ForeignKey("consultations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column(
        "section_id",
        sa.ForeignKey("consultation_sections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("display_name", sa.String(80), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("submitted_at", UtcDateTime, nullable=False),
    sa.Column("moderated_at", UtcDateTime),
    sa.Column("refusal_reason", sa.String(40), nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("answer_status", sa.String(40)),
    # Null for answers given before the answer's language was recorded.
    sa.Column("answer_language", sa.String(2)),
    sa.Column("answered_at", UtcDateTime),
    sa.Column("email_erased_at", UtcDateTime),
)
