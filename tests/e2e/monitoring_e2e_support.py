"""Monitoring's part of the accessibility sweep: a request, an incident, and form states."""

from __future__ import annotations

from datetime import date

from e2e_support import LiveServer
from playwright.sync_api import Page, expect

from balise.domain.accounts.model import Actor
from balise.domain.monitoring.incidents import IncidentCategory, IncidentReport, ReporterRole
from balise.domain.monitoring.requests import Contact, RequestInput, RequestKind
from balise.domain.shared.i18n import Language
from balise.services import monitoring


def make_monitoring(server: LiveServer, system_slug: str) -> dict[str, str]:
    """A request filed about the published record, and an incident alpha reported about it."""
    world = server.world
    with server.container.uow() as uow:
        filed = monitoring.file_request(
            uow,
            actor=Actor(),
            given=RequestInput(
                kind=RequestKind.EXPLANATION,
                decision_reference="D-2026-1",
                text="Why was my application refused?",
                contact=Contact(email="person@example.be"),
                language=Language.EN,
            ),
            system_slug=system_slug,
        )
        record = uow.systems.find_by_slug(system_slug)
        assert record is not None
        reported = monitoring.report_incident(
            uow,
            actor=Actor(user=world["users"]["editor"]),
            organisation_id=world["organisations"]["alpha"].id,
            reporter_role=ReporterRole.DEPLOYER,
            report=IncidentReport(
                category=IncidentCategory.FUNDAMENTAL_RIGHTS,
                aware_on=date(2026, 11, 30),
                description="Unequal refusals.",
            ),
            system_id=record.id,
        )
        uow.commit()
    return {"request": filed.request.reference, "incident": reported.incident.reference}


def _submit(page: Page) -> None:
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator("main form[method=post]").locator("button[type=submit]").last.click()


def _shows_errors(page: Page) -> None:
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()


def request_invalid(page: Page) -> None:
    """The citizen's form sent empty: every missing field named at once."""
    _submit(page)
    _shows_errors(page)


def request_followed(page: Page) -> None:
    """A request filed, then followed through its secret link: the follow-up page is checked."""
    page.locator("#field-organisation").select_option("alpha")
    page.locator("#kind-explanation").check()
    page.locator("#field-decision_reference").fill("D-2026-2")
    page.locator("#field-text").fill("Please explain the decision.")
    page.locator("#field-contact_email").fill("person@example.be")
    _submit(page)
    expect(page.locator("#reference")).to_be_visible()
    page.locator("#follow-up-link").click()
    expect(page.locator("#status")).to_be_visible()


def staff_form_invalid(page: Page) -> None:
    """A staff form (letter registration, incident report) sent without its required fields."""
    _submit(page)
    _shows_errors(page)
