"""Public ids for API tokens.

Tokens were named in addresses by their sequential integer id, so one id told the next. Each
token now also has a random, URL-safe `public_id`, used in addresses and pages instead; existing
tokens get one here.

Revision ID: d39a5e7f0c28
Revises: c28f4d6e9b17
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "d39a5e7f0c28"
down_revision = "c28f4d6e9b17"
branch_labels = None
depends_on = None

PUBLIC_ID_BYTES = 12  # 16 characters of base64url, as `services/accounts.py` makes them


def upgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_id", sa.String(length=32), nullable=True))
    tokens = sa.table("api_tokens", sa.column("id", sa.Integer), sa.column("public_id"))
    connection = op.get_bind()
    ids = connection.execute(sa.select(tokens.c.id).where(tokens.c.public_id.is_(None)))
    for (token_id,) in ids.fetchall():
        connection.execute(
            tokens.update()
            .where(tokens.c.id == token_id)
            .values(public_id=secrets.token_urlsafe(PUBLIC_ID_BYTES))
        )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.alter_column("public_id", existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_api_tokens_public_id"), ["public_id"])


def downgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_api_tokens_public_id"), type_="unique")
        batch_op.drop_column("public_id")
