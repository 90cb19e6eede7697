"""Docs are part of the code: settings, commands and routes must be documented."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import typer

from balise.cli.main import app as cli_app
from balise.config import Settings

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()


def cli_commands(app: typer.Typer, prefix: str = "balise") -> list[str]:
    names = [
        f"{prefix} {command.name or command.callback.__name__.replace('_', '-')}"
        for command in app.registered_commands
        if command.callback is not None
    ]
    for group in app.registered_groups:
        assert group.typer_instance is not None
        assert group.name is not None
        names += cli_commands(group.typer_instance, f"{prefix} {group.name}")
    return names


def test_every_setting_is_documented() -> None:
    missing = [
        f"BALISE_{name.upper()}"
        for name in Settings.model_fields
        if f"`BALISE_{name.upper()}`" not in OPERATIONS
    ]
    assert missing == []


def test_every_cli_command_is_documented() -> None:
    commands = cli_commands(cli_app)
    assert len(commands) > 10
    assert [command for command in commands if f"`{command}" not in OPERATIONS] == []


def test_permissions_page_matches_the_routes() -> None:
    spec = importlib.util.spec_from_file_location(
        "permissions_doc", ROOT / "scripts" / "permissions_doc.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "permissions.md").read_text() == module.render(), (
        "docs/permissions.md is out of date: run python scripts/permissions_doc.py"
    )
