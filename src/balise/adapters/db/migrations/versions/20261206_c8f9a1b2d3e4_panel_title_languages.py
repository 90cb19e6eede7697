"""A citizens' panel's title in up to four languages, like every other text citizens read

Revision ID: c8f9a1b2d3e4
Revises: b7e85960f123
Create Date: 2026-12-04 12:45:00

Which language a title written before this revision is in was never recorded, and none is
guessed: it is kept as it was shown, the same text in each of the four languages, until the
organisers write it per language (the panel's organise page).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c8f9a1b2d3e4"
down_revision = "b7e85960f123"
branch_labels = None
depends_on = None

LANGUAGES = ("fr", "nl", "de", "en")


def upgrade() -> None:
    with op.batch_alter_table("panels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("titles", sa.JSON, nullable=True))
    panels = sa.table("panels", sa.column("id"), sa.column("title"), sa.column("titles", sa.JSON))
    connection = op.get_bind()
    for ident, title in connection.execute(sa.select(panels.c.id, panels.c.title)).all():
        connection.execute(
            panels.update()
            .where(panels.c.id == ident)
            .values(titles=dict.fromkeys(LANGUAGES, title))
        )
    with op.batch_alter_table("panels", schema=None) as batch_op:
        batch_op.drop_column("title")
        batch_op.alter_column(
            "titles", new_column_name="title", existing_type=sa.JSON, nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("panels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plain_title", sa.String(length=200), nullable=True))
    panels = sa.table(
        "panels", sa.column("id"), sa.column("title", sa.JSON), sa.column("plain_title")
    )
    connection = op.get_bind()
    for ident, titles in connection.execute(sa.select(panels.c.id, panels.c.title)).all():
        first = next(titles[language] for language in LANGUAGES if titles.get(language))
        connection.execute(
            panels.update().where(panels.c.id == ident).values(plain_title=first[:200])
        )
    with op.batch_alter_table("panels", schema=None) as batch_op:
        batch_op.drop_column("title")
        batch_op.alter_column(
            "plain_title",
            new_column_name="title",
            existing_type=sa.String(length=200),
            nullable=False,
        )
