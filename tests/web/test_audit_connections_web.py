"""Registered data connections on the web and the API, on SQLite and PostgreSQL: registering a
real PostgreSQL table (127.0.0.1), the password stored encrypted and never shown again, testing
it, auditing from it with the count query run in the server, replacing and deleting it, the
audit events, and who may do what."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import bearer, post_form, rows

from audit_connections_support import SECRET_PASSWORD, decisions_table, postgres_form
from balise.bootstrap import Container
from balise.domain.accounts.model import Scope

LIST = "/organisations/alpha/audits/connections"


@pytest.fixture
def table() -> Iterator[str]:
    with decisions_table() as name:
        yield name


def register(client: TestClient, table: str, **changes: str) -> int:
    response = post_form(client, LIST, postgres_form(table, **changes))
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/audits/connections/(\d+)\?saved=1", response.headers["location"])
    assert match
    return int(match.group(1))


def everything_stored(container: Container) -> str:
    """Every row of the connections and of the audit log, as text."""
    found = rows(container, "SELECT * FROM audit_connections")
    events = rows(container, "SELECT * FROM audit_events")
    return repr(found) + repr(events)


def test_register_test_and_audit_a_postgresql_table(
    browsers: dict[str, TestClient], container: Container, table: str
) -> None:
    editor = browsers["editor"]
    page = editor.get(LIST)
    assert page.status_code == 200
    assert "Register a connection" in page.text
    connection_id = register(editor, table)

    shown = editor.get(f"/audits/connections/{connection_id}?saved=1")
    assert shown.status_code == 200
    assert "127.0.0.1" in shown.text
    assert table in shown.text
    assert "postgres" in shown.text
    assert "Password stored" in shown.text
    assert SECRET_PASSWORD not in shown.text
    assert SECRET_PASSWORD not in editor.get(LIST).text
    # Stored sealed: neither the connection's row nor the audit log holds the password.
    assert SECRET_PASSWORD not in everything_stored(container)
    sealed = rows(container, "SELECT sealed FROM audit_connections")[0].sealed
    assert container.connection_box.unseal(sealed).startswith("postgresql://postgres:")

    # Before a test the audit form sends people to the test.
    audit_form_first = editor.get(
        f"/audits/connections/{connection_id}/audit", follow_redirects=False
    )
    assert audit_form_first.status_code == 303
    tested = post_form(editor, f"/audits/connections/{connection_id}/test")
    assert tested.status_code == 303
    shown = editor.get(tested.headers["location"])
    assert "The connection works." in shown.text
    assert "decision" in shown.text
    assert "integer" in shown.text

    form = editor.get(f"/audits/connections/{connection_id}/audit")
    assert form.status_code == 200
    assert f'action="/audits/connections/{connection_id}/fairness"' in form.text
    started = post_form(
        editor,
        f"/audits/connections/{connection_id}/fairness",
        {"label": "label", "prediction": "decision", "sensitive": "sex"},
    )
    assert started.status_code == 303, started.text
    audit_id = int(started.headers["location"].rsplit("/", 1)[1])
    job_id = rows(container, "SELECT job_id FROM audit_reports WHERE id = :id", id=audit_id)[0][0]
    finished = container.run_job(job_id)
    assert finished.error is None, finished.error

    report = editor.get(f"/audits/{audit_id}")
    assert report.status_code == 200
    assert "Only the count table left the engine (postgresql)" in report.text
    result = rows(container, "SELECT result FROM audit_reports WHERE id = :id", id=audit_id)
    document: Any = result[0].result
    if isinstance(document, str):
        import json

        document = json.loads(document)
    data = document["data"]
    assert data["engine"] == "postgresql"
    assert re.fullmatch(r"[0-9a-f]{64}", data["query_sha256"])
    assert data["rows"] == 80
    assert SECRET_PASSWORD not in data["source"]
    assert table in data["source"]
    assert SECRET_PASSWORD not in everything_stored(container)

    types = [row.event_type for row in rows(container, "SELECT event_type FROM audit_events")]
    for event in ("created", "tested", "used"):
        assert f"audit_connection.{event}" in types


def test_every_wrong_field_is_named_at_once(browsers: dict[str, TestClient]) -> None:
    response = post_form(
        browsers["editor"],
        LIST,
        {"name": "", "engine": "postgresql", "port": "99999", "password": SECRET_PASSWORD},
    )
    assert response.status_code == 422
    for field in ("name", "host", "database", "table", "port"):
        assert f'id="error-{field}"' in response.text, field
    assert SECRET_PASSWORD not in response.text  # not even sent back in the form


def test_a_failing_test_says_why_without_the_password(
    browsers: dict[str, TestClient], table: str
) -> None:
    editor = browsers["editor"]
    wrong = register(editor, "no_such_table_here", name="Wrong")
    failed = post_form(editor, f"/audits/connections/{wrong}/test")
    assert failed.status_code == 422
    assert "no such table or view" in failed.text
    assert SECRET_PASSWORD not in failed.text
    url = f"postgresql://postgres:{SECRET_PASSWORD}@127.0.0.1:1/postgres?table={table}"
    closed = register(editor, table, name="Closed port", url=url)
    failed = post_form(editor, f"/audits/connections/{closed}/test")
    assert failed.status_code == 422
    assert "The connection failed" in failed.text
    assert SECRET_PASSWORD not in failed.text


def test_replace_keeps_the_password_and_delete_forgets_it(
    browsers: dict[str, TestClient], container: Container, table: str
) -> None:
    editor = browsers["editor"]
    connection_id = register(editor, table)
    form = editor.get(f"/audits/connections/{connection_id}")
    assert "leave this empty to keep it" in form.text
    replaced = post_form(
        editor,
        f"/audits/connections/{connection_id}",
        postgres_form(table, name="Renamed", password=""),
    )
    assert replaced.status_code == 303
    sealed = rows(container, "SELECT name, sealed FROM audit_connections")[0]
    assert sealed.name == "Renamed"
    assert SECRET_PASSWORD in container.connection_box.unseal(sealed.sealed)

    deleted = post_form(editor, f"/audits/connections/{connection_id}/delete")
    assert deleted.status_code == 303
    assert rows(container, "SELECT id FROM audit_connections") == []
    assert editor.get(f"/audits/connections/{connection_id}").status_code == 404
    types = [row.event_type for row in rows(container, "SELECT event_type FROM audit_events")]
    assert "audit_connection.updated" in types
    assert "audit_connection.deleted" in types
    assert SECRET_PASSWORD not in everything_stored(container)


def test_only_the_organisations_staff_see_its_connections(
    browsers: dict[str, TestClient], table: str
) -> None:
    connection_id = register(browsers["editor"], table)
    page = f"/audits/connections/{connection_id}"
    assert browsers["reviewer"].get(page).status_code == 200
    assert browsers["admin"].get(page).status_code == 200
    assert browsers["other-editor"].get(page).status_code == 404
    assert post_form(browsers["other-editor"], f"{page}/delete").status_code == 404
    assert browsers["other-editor"].get(LIST).status_code == 403
    assert browsers["regulator"].get(page).status_code == 403
    assert browsers["anonymous"].get(page, follow_redirects=False).status_code == 303


def test_the_api_registers_lists_and_deletes_without_secrets(
    browsers: dict[str, TestClient],
    issue_token: Any,
    table: str,
) -> None:
    client = browsers["anonymous"]
    token = issue_token("editor", Scope.READ, Scope.SYSTEMS_WRITE)
    body = {
        "organisation": "alpha",
        "name": "Through the API",
        "engine": "postgresql",
        "url": f"postgresql://postgres:{SECRET_PASSWORD}@127.0.0.1:5432/postgres",
        "table": table,
    }
    created = client.post("/api/v1/audit-connections", json=body, headers=bearer(token))
    assert created.status_code == 201, created.text
    assert SECRET_PASSWORD not in created.text
    assert created.json()["has_password"] is True
    listed = client.get(
        "/api/v1/audit-connections", params={"organisation": "alpha"}, headers=bearer(token)
    )
    assert listed.status_code == 200
    assert [item["name"] for item in listed.json()] == ["Through the API"]
    assert SECRET_PASSWORD not in listed.text
    duplicate = client.post("/api/v1/audit-connections", json=body, headers=bearer(token))
    assert duplicate.status_code == 422
    connection_id = created.json()["id"]
    gone = client.delete(f"/api/v1/audit-connections/{connection_id}", headers=bearer(token))
    assert gone.status_code == 204
