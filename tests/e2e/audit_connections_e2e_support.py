"""Registered connections for the browser tests: alpha's connection (its columns known, as
after a test) and the page states the axe sweep checks."""

from __future__ import annotations

from e2e_support import LiveServer
from playwright.sync_api import Page, expect

from audit_connections_support import postgres_form
from balise.domain.accounts.model import Actor
from balise.services import audit_connections


def make_connections(server: LiveServer) -> dict[str, str]:
    container = server.container
    editor = Actor(user=server.world["users"]["editor"])
    with container.uow() as uow:
        created = audit_connections.create_connection(
            uow,
            actor=editor,
            box=container.connection_box,
            organisation_id=server.world["organisations"]["alpha"].id,
            values=postgres_form("public.decisions", name="Sweep"),
        )
        assert created.id is not None
        audit_connections.record_test(
            uow,
            actor=editor,
            connection_id=created.id,
            columns={"sex": "text", "region": "text", "label": "integer", "decision": "integer"},
        )
        uow.commit()
    return {"audit_connection": str(created.id)}


def connection_refused(page: Page) -> None:
    """The registration form sent without a host, a database or a table, and port 0."""
    form = page.locator("form[action$='/audits/connections']")
    form.locator("#field-name").fill("Refused")
    form.locator("#field-port").fill("0")
    with page.expect_response(lambda response: response.request.method == "POST"):
        form.locator("button[type=submit]").click()
    expect(page.locator(".error-summary").first).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
