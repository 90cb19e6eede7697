"""The tables of the panels' before/after questionnaire (issue 14), on the one schema's metadata.

Answers are kept under a pseudonym (a keyed hash of the member's pool id, with a key of the
panel's own that is never shown), one row per member and phase; nothing here is published.
"""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

panel_surveys = sa.Table(
    "panel_surveys",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("bank_version", sa.String(20), nullable=False),
    sa.Column("items", sa.JSON, nullable=False),
    sa.Column("stage", sa.String(20), nullable=False),
    sa.Column("pseudonym_key", sa.String(64), nullable=False),
    sa.Column("before_opened_at", UtcDateTime, nullable=False),
    sa.Column("before_closed_at", UtcDateTime),
    sa.Column("after_opened_at", UtcDateTime),
    sa.Column("after_closed_at", UtcDateTime),
)

panel_survey_responses = sa.Table(
    "panel_survey_responses",
    metadata,
    sa.Column(
        "panel_id", sa.ForeignKey("panel_surveys.panel_id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("pseudonym", sa.String(64), primary_key=True),
    sa.Column("phase", sa.String(10), primary_key=True),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("answered_at", UtcDateTime, nullable=False),
)
