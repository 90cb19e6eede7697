"""`balise backup` and `balise restore`: copies that can be trusted."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from balise.adapters.db.tables import metadata
from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.services.demo import DEMO_ORGANISATIONS


@pytest.fixture
def data(audited_organisations: int) -> None:
    assert audited_organisations > 0


def row_counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(
                sa.select(sa.func.count()).select_from(table)
            ).scalar_one()
            for table in metadata.sorted_tables
        }


def sqlite_row_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            table.name: connection.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
            for table in metadata.sorted_tables
        }


on_sqlite = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
on_postgresql = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


@on_sqlite
def test_a_sqlite_backup_is_a_checked_copy_with_the_same_rows(
    container: Container, data: None, balise: CommandLine, tmp_path: Path
) -> None:
    destination = tmp_path / "copies" / "balise.sqlite3"

    result = balise("backup", str(destination), "--format", "json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "destination": str(destination),
        "engine": "sqlite",
        "bytes": destination.stat().st_size,
    }
    assert sqlite_row_counts(destination) == row_counts(container.engine)
    assert row_counts(container.engine)["organisations"] == len(DEMO_ORGANISATIONS)
    with closing(sqlite3.connect(destination)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert [path.name for path in destination.parent.iterdir()] == ["balise.sqlite3"]


def test_a_backup_never_replaces_a_file_unless_forced(
    container: Container, balise: CommandLine, tmp_path: Path
) -> None:
    destination = tmp_path / "existing.backup"
    destination.write_text("keep me")

    refused = balise("backup", str(destination))

    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"destination: {destination} exists already")
    assert destination.read_text() == "keep me"
    assert balise("backup", str(destination), "--force").exit_code == 0
    assert destination.stat().st_size > len("keep me")


@on_sqlite
def test_restore_brings_back_the_backed_up_rows(
    container: Container, data: None, balise: CommandLine, tmp_path: Path
) -> None:
    backup = tmp_path / "before.sqlite3"
    balise("backup", str(backup))
    before = row_counts(container.engine)
    with container.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_events"))
    container.dispose()

    result = balise("restore", str(backup), "--yes")

    assert result.exit_code == 0, result.output
    assert row_counts(container.engine) == before
    assert balise("audit-log", "verify").exit_code == 0


@on_sqlite
def test_restore_asks_first(container: Container, balise: CommandLine, tmp_path: Path) -> None:
    backup = tmp_path / "before.sqlite3"
    balise("backup", str(backup))

    assert balise("restore", str(backup), input="n\n").exit_code == 1


@on_sqlite
def test_restore_refuses_a_file_that_is_not_a_database(
    container: Container, data: None, balise: CommandLine, tmp_path: Path
) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    before = row_counts(container.engine)

    result = balise("restore", str(garbage), "--yes")

    assert result.exit_code == 1
    assert "is not a usable SQLite database" in result.stderr
    assert row_counts(container.engine) == before


@on_postgresql
def test_a_postgresql_backup_is_a_pg_dump_archive(
    container: Container, data: None, balise: CommandLine, tmp_path: Path
) -> None:
    destination = tmp_path / "balise.dump"

    result = balise("backup", str(destination))

    assert result.exit_code == 0, result.output
    assert destination.read_bytes().startswith(b"PGDMP")
    listing = subprocess.run(
        ["pg_restore", "--list", str(destination)], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE DATA public audit_events" in listing


@on_postgresql
def test_restore_on_postgresql_gives_the_pg_restore_command(
    container: Container, balise: CommandLine, tmp_path: Path
) -> None:
    result = balise("restore", str(tmp_path / "balise.dump"))

    assert result.exit_code == 2
    assert "pg_restore --clean --if-exists --no-owner --dbname" in result.stderr


@on_postgresql
def test_a_missing_pg_dump_is_reported(
    container: Container, balise: CommandLine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    result = balise("backup", str(tmp_path / "balise.dump"))

    assert result.exit_code == 1
    assert result.stderr == "pg_dump is not installed; install the PostgreSQL client tools.\n"
    assert not (tmp_path / "balise.dump").exists()
