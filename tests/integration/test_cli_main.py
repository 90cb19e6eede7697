"""The `balise` command as a whole: its commands, settings and exit codes."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from balise.cli.main import app

COMMANDS = (
    "serve",
    "worker",
    "db",
    "demo",
    "users",
    "organisations",
    "systems",
    "audit-log",
    "backup",
    "restore",
    "openapi",
)


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(app, ["--help"])

    assert result.exit_code == 0
    for command in COMMANDS:
        assert f" {command} " in result.stdout


def test_every_command_has_help() -> None:
    for command in (
        "serve",
        "worker",
        "db upgrade",
        "db downgrade",
        "db current",
        "demo load",
        "users create",
        "users list",
        "organisations import",
        "systems import",
        "systems export",
        "audit-log verify",
        "backup",
        "restore",
        "openapi",
    ):
        result = CliRunner().invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0, command
        assert f"Usage: balise {command}" in result.stdout


def test_a_wrong_setting_is_bad_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["users", "list"],
        env={
            "BALISE_DATA_DIR": str(tmp_path),
            "BALISE_MAX_UPLOAD_BYTES": "lots",
        },
    )

    assert result.exit_code == 2
    assert result.stderr.startswith("Invalid setting: max_upload_bytes:")


def test_an_unreachable_database_fails_with_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["users", "list"],
        env={
            "BALISE_DATA_DIR": str(tmp_path),
            "BALISE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing",
        },
    )

    assert result.exit_code == 1
    assert result.stderr.startswith("The database cannot be used:")


def test_an_unknown_option_is_a_usage_error() -> None:
    assert CliRunner().invoke(app, ["users", "list", "--format", "xml"]).exit_code == 2
