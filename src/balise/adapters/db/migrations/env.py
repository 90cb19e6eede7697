"""Alembic environment: the engine comes from Balise's settings, or from the caller."""

from __future__ import annotations

from alembic import context

from balise.adapters.db.tables import metadata
from balise.bootstrap import build

engine = context.config.attributes.get("engine") or build().engine

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
