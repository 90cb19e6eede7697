"""The tables of the panels' messages, votes and follow-up (issue 14), on the one schema's metadata.

A vote row names the member by their pseudonymous id in the pool (never a name); deleting the
panel deletes its messages, their versions, votes and follow-up.
"""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import UtcDateTime, metadata

# The adoption rule of a panel's messages; a panel without a row uses the default rule.
panel_message_rules = sa.Table(
    "panel_message_rules",
    metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("threshold_percent", sa.Integer, nullable=False),
    sa.Column("abstentions_count", sa.Boolean, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

panel_messages = sa.Table(
    "panel_messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("theme", sa.String(200), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    # The members who may vote, fixed when the vote opens (pseudonymous ids).
    sa.Column("electorate", sa.JSON, nullable=False),
    sa.Column("opened_at", UtcDateTime),
    sa.Column("closed_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

panel_message_versions = sa.Table(
    "panel_message_versions",
    metadata,
    sa.Column(
        "message_id", sa.ForeignKey("panel_messages.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("number", sa.Integer, primary_key=True),
    sa.Column("text", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

# One row per member and message: a changed vote replaces the row.
panel_message_votes = sa.Table(
    "panel_message_votes",
    metadata,
    sa.Column(
        "message_id", sa.ForeignKey("panel_messages.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("voter", sa.String(200), primary_key=True),
    sa.Column("choice", sa.String(20), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("cast_at", UtcDateTime, nullable=False),
)

panel_message_follow_ups = sa.Table(
    "panel_message_follow_ups",
    metadata,
    sa.Column(
        "message_id", sa.ForeignKey("panel_messages.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("authority", sa.String(200), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("answer", sa.JSON, nullable=False),
    sa.Column("answered_on", sa.Date, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)
