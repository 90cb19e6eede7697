"""Alembic environment: the engine comes from the caller, or from Balise's settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Engine

from balise.adapters.db.engine import make_engine
from balise.adapters.db.tables import is_modelled, metadata
from balise.config import Settings


def settings_engine() -> Engine:
    settings = Settings()
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(settings.resolved_database_url)


engine = context.config.attributes.get("engine") or settings_engine()

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=is_modelled,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
