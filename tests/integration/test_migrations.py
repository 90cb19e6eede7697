"""Migrations on fresh SQLite and PostgreSQL databases: up, down, up again, and no model drift."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from balise.adapters.db.engine import make_engine
from balise.adapters.db.migrate import alembic_config, downgrade, upgrade
from balise.adapters.db.tables import is_modelled, metadata

POSTGRES_SERVER = os.environ.get("BALISE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL not reachable: {reason}")


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a brand-new, empty database: never the shared, already migrated one."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
        yield engine
        engine.dispose()
        return
    name = f"balise_migrations_{uuid.uuid4().hex[:12]}"
    admin = make_engine(f"{POSTGRES_SERVER}/postgres")
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        unavailable(str(error).splitlines()[0])
    engine = make_engine(f"{POSTGRES_SERVER}/{name}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def table_names(engine: Engine, *, every: bool = False) -> set[str]:
    """The tables, leaving out the full-text index tables of SQLite unless `every` is asked."""
    names = set(sa.inspect(engine).get_table_names())
    return names if every else {name for name in names if not name.startswith("portal_search_fts")}


def differences(engine: Engine, target: sa.MetaData = metadata) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": is_modelled}
        )
        found: list[object] = compare_metadata(context, target)
    return found


def test_there_is_exactly_one_head(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    try:
        heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
    finally:
        engine.dispose()
    assert len(heads) == 1, f"several migration heads: {heads}; merge them"


def test_upgrade_downgrade_upgrade(fresh_engine: Engine) -> None:
    assert table_names(fresh_engine) == set()
    model_tables = {table.name for table in metadata.sorted_tables}

    upgrade(fresh_engine)
    assert table_names(fresh_engine) == model_tables | {"alembic_version"}
    if fresh_engine.dialect.name == "sqlite":
        assert "portal_search_fts" in table_names(fresh_engine, every=True)

    downgrade(fresh_engine, "base")
    assert table_names(fresh_engine, every=True) == {"alembic_version"}
    with fresh_engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() is None

    upgrade(fresh_engine)
    assert table_names(fresh_engine) == model_tables | {"alembic_version"}
    heads = ScriptDirectory.from_config(alembic_config(fresh_engine)).get_heads()
    with fresh_engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == heads[0]
    assert differences(fresh_engine) == []


def test_the_migrations_match_the_model(fresh_engine: Engine) -> None:
    """A change to tables.py without a migration shows up here as a difference."""
    upgrade(fresh_engine)
    assert differences(fresh_engine) == []


def test_a_model_change_without_a_migration_is_noticed(fresh_engine: Engine) -> None:
    """The guard above would catch drift: a column the migrations never made is reported."""
    upgrade(fresh_engine)
    changed = sa.MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["organisations"].append_column(sa.Column("motto", sa.String(80)))
    changed.tables["jobs"].c.kind.type = sa.String(60)

    found = differences(fresh_engine, changed)

    assert ("add_column", None, "organisations", changed.tables["organisations"].c.motto) in found
    assert any(
        isinstance(item, list) and item[0][0] == "modify_type" and item[0][2:4] == ("jobs", "kind")
        for item in found
    ), found


def test_a_panel_title_written_before_languages_is_kept_as_it_was_shown(
    fresh_engine: Engine,
) -> None:
    """c8f9a1b2d3e4: the one title, in no known language, becomes the same text in each
    language (what every reader saw); down again, the first language's text."""
    upgrade(fresh_engine, "b7e85960f123")
    now = datetime.now(UTC)
    with fresh_engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO organisations (id, slug, name, kind, size_class, sector, created_at, "
                "updated_at) VALUES (1, 'o', '{\"fr\": \"O\"}', 'public', 'large', 'other', "
                ":now, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO panels (id, slug, organisation_id, title, size, algorithm, "
                "lottery_size, state, created_at, updated_at) VALUES (1, 'p', 1, "
                "'Burgerpanel · Panel citoyen', 2, 'leximin', 100, 'draft', :now, :now)"
            ),
            {"now": now},
        )

    def title() -> object:
        with fresh_engine.connect() as connection:
            return connection.execute(sa.text("SELECT title FROM panels")).scalar_one()

    upgrade(fresh_engine, "c8f9a1b2d3e4")
    written = "Burgerpanel · Panel citoyen"
    stored = title()
    assert (json.loads(stored) if isinstance(stored, str) else stored) == {
        "fr": written,
        "nl": written,
        "de": written,
        "en": written,
    }
    with fresh_engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE panels SET title = :title"),
            {"title": json.dumps({"nl": "Burgerpanel", "en": "Citizens' panel"})},
        )
    downgrade(fresh_engine, "b7e85960f123")
    assert title() == "Burgerpanel"  # the first language given: Dutch
