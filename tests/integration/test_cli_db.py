"""`balise db`: the schema, up and down."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from balise.bootstrap import Container
from balise.cli.testing import CommandLine


@pytest.fixture
def balise(container: Container) -> Iterator[CommandLine]:
    """The command on the test's database, migrated back to head afterwards for the next test."""
    yield CommandLine(container.settings)
    container.migrate()


def status(balise: CommandLine) -> dict[str, object]:
    result = balise("db", "current", "--format", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_a_migrated_database_is_up_to_date(container: Container, balise: CommandLine) -> None:
    document = status(balise)

    assert document["up_to_date"] is True
    assert document["current"] == document["head"] != []
    assert "up to date" in balise("db", "current").stdout


def test_downgrade_to_base_empties_the_schema_and_upgrade_restores_it(
    container: Container, balise: CommandLine
) -> None:
    downgraded = balise("db", "downgrade", "base", "--yes", "--format", "json")
    assert downgraded.exit_code == 0, downgraded.output
    assert json.loads(downgraded.stdout) == {
        "current": [],
        "head": status(balise)["head"],
        "up_to_date": False,
    }

    upgraded = balise("db", "upgrade")

    assert upgraded.exit_code == 0, upgraded.output
    assert "up to date" in upgraded.stdout
    assert status(balise)["up_to_date"] is True


def test_downgrade_asks_first_and_stops_on_no(container: Container, balise: CommandLine) -> None:
    result = balise("db", "downgrade", "base", input="n\n")

    assert result.exit_code == 1
    assert status(balise)["up_to_date"] is True


def test_commands_refuse_a_database_that_is_not_up_to_date(
    container: Container, balise: CommandLine
) -> None:
    balise("db", "downgrade", "base", "--yes")

    result = balise("users", "list")

    assert result.exit_code == 1
    assert "run `balise db upgrade` first" in result.stderr


def test_an_unknown_revision_is_bad_input(container: Container, balise: CommandLine) -> None:
    result = balise("db", "upgrade", "--revision", "nonexistent")

    assert result.exit_code == 2
    assert result.stderr.startswith("revision: The migrations refused:")
