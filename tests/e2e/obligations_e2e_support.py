"""The obligation tracker in the browser tests: a classified record with one duty's status."""

from __future__ import annotations

from e2e_support import LiveServer
from playwright.sync_api import Page, expect

from assessment_fixtures import classify_high_risk
from balise.domain.accounts.model import Actor
from balise.domain.obligations.model import StatusInput
from balise.services import obligations


def make_obligations(server: LiveServer, slug: str) -> dict[str, str]:
    """The published record `slug` classified as a public body's high-risk system, its AI
    literacy duty in progress (so that the portal shows the tracker's summary)."""
    classify_high_risk(server.container, server.world, slug)
    with server.container.uow() as uow:
        obligations.set_status(
            uow,
            actor=Actor(user=server.world["users"]["editor"]),
            slug=slug,
            code="ai_literacy",
            role="deployer",
            given=StatusInput(status="in_progress"),
        )
        uow.commit()
    return {}


def duty_invalid(page: Page) -> None:
    """Say a duty does not apply without saying why, and name a document by a bad address."""
    page.select_option("#field-status", "not_applicable")
    page.select_option("#field-evidence", "document")
    page.locator("#field-evidence_url").fill("intranet")
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
