"""`balise audit connections list|add|remove` and `balise audit fairness --connection`, against
a real table on the PostgreSQL server at 127.0.0.1, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from audit_connections_support import SECRET_PASSWORD, decisions_table
from balise.bootstrap import Container
from balise.cli.testing import CommandLine

EDITOR = "editor@balise.test"


@pytest.fixture
def table() -> Iterator[str]:
    with decisions_table() as name:
        yield name


def test_add_list_audit_and_remove(
    container: Container, world: dict[str, Any], balise: CommandLine, table: str
) -> None:
    source = f"postgresql://postgres@127.0.0.1:5432/postgres?table={table}"
    added = balise(
        "audit",
        "connections",
        "add",
        "log",
        "--organisation",
        "alpha",
        "--source",
        source,
        "--ask-password",
        "--as",
        EDITOR,
        input=f"{SECRET_PASSWORD}\n",
    )
    assert added.exit_code == 0, added.output
    assert SECRET_PASSWORD not in added.stdout
    listed = balise("audit", "connections", "list", "--organisation", "alpha", "--format", "json")
    assert listed.exit_code == 0, listed.output
    document = json.loads(listed.stdout)
    assert [c["name"] for c in document["connections"]] == ["log"]
    assert document["connections"][0]["has_password"] is True
    assert SECRET_PASSWORD not in listed.stdout

    audited = balise(
        "audit",
        "fairness",
        "--connection",
        "log",
        "--organisation",
        "alpha",
        "--as",
        EDITOR,
        "--label",
        "label",
        "--prediction",
        "decision",
        "--sensitive",
        "sex",
        "--format",
        "json",
    )
    assert audited.exit_code == 0, audited.output
    report = json.loads(audited.stdout)
    assert report["data"]["engine"] == "postgresql"
    assert report["data"]["rows"] == 80
    assert len(report["data"]["query_sha256"]) == 64
    assert SECRET_PASSWORD not in audited.stdout

    missing = balise(
        "audit",
        "fairness",
        "--connection",
        "log",
        "--label",
        "label",
        "--prediction",
        "decision",
        "--sensitive",
        "sex",
    )
    assert missing.exit_code == 2
    assert "--connection needs --organisation" in missing.stderr

    removed = balise(
        "audit", "connections", "remove", "log", "--organisation", "alpha", "--as", EDITOR
    )
    assert removed.exit_code == 0, removed.output
    with container.engine.connect() as connection:
        types = connection.execute(sa.text("SELECT event_type FROM audit_events")).scalars().all()
        assert connection.execute(sa.text("SELECT count(*) FROM audit_connections")).scalar() == 0
    for event in ("created", "used", "deleted"):
        assert f"audit_connection.{event}" in types


def test_another_organisations_editor_is_refused(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    result = balise(
        "audit",
        "connections",
        "add",
        "log",
        "--organisation",
        "alpha",
        "--source",
        "spark:warehouse.decisions",
        "--as",
        "other-editor@balise.test",
    )
    assert result.exit_code == 2, result.output
