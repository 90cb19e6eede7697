"""Consultations in Chromium: a citizen comments in French, the regulator moderates and answers,
the answer is public with its status, the author is told by e-mail and the address is erased.
Every page of the area passes axe (WCAG 2.1 A and AA) in four languages."""

from __future__ import annotations

import re

import pytest
from consultations_e2e_support import make_consultations
from e2e_support import EMAILS, LiveServer, new_context, sign_in_context
from guichet_e2e_support import axe_problems
from playwright.sync_api import Browser, Page, expect

from balise.adapters.mail.smtp import SmtpMailer
from monitoring_helpers import smtp_server

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]


def accessible(page: Page, problems: list[str]) -> None:
    for violation in axe_problems(page):
        problems.append(f"{page.url}: {violation['id']} {violation['help']} {violation['nodes']}")


def test_a_citizen_comments_and_the_answer_is_published(
    browser: Browser, live_server: LiveServer
) -> None:
    ids = make_consultations(live_server)
    slug, section = ids["consultation"], ids["consultation_section"]
    problems: list[str] = []
    with smtp_server() as (inbox, port):
        live_server.container.__dict__["mailer"] = SmtpMailer(
            host="127.0.0.1", port=port, sender="balise@alpha.example"
        )
        citizen = new_context(browser, live_server, language="fr", bypass_csp=True)
        page = citizen.new_page()
        page.goto("/")
        page.get_by_role("navigation", name="Menu principal").get_by_role(
            "link", name="Consultations"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Consultations en ligne")
        accessible(page, problems)
        page.get_by_role("link", name="AI in public services (fr)").click()
        expect(page.locator("#unanswered")).to_have_text("1")
        accessible(page, problems)
        page.get_by_role("link", name="Transparency (fr)").click()
        expect(page).to_have_url(re.compile(r"/sections/"))  # axe only once the page is there
        accessible(page, problems)
        page.get_by_role("button", name="Envoyer la contribution").click()  # empty
        expect(page.locator(".error-summary")).to_be_visible()
        accessible(page, problems)
        page.locator("#field-text").fill("Ajoutez un délai pour l'inscription au registre.")
        page.locator("#field-display_name").fill("Amina")
        page.locator("#field-email").fill("amina@example.be")
        page.locator("#field-consent").check()
        page.get_by_role("button", name="Envoyer la contribution").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour votre contribution")
        accessible(page, problems)

        desk = new_context(browser, live_server, language="fr", bypass_csp=True)
        sign_in_context(desk, EMAILS["regulator"])
        staff = desk.new_page()
        staff.goto(f"/consultations/{slug}")
        staff.get_by_role("link", name="Modération et réponses").click()
        expect(staff).to_have_url(re.compile(r"/moderation$"))
        accessible(staff, problems)
        contribution = staff.locator("article.contribution", has_text="Ajoutez un délai")
        number = (contribution.get_attribute("id") or "").removeprefix("contribution-")
        staff.locator(f"#publish-{number}").click()
        staff.locator(f"#answer-{number}").fill("Le délai sera de trente jours (point 1.2).")
        staff.locator(f"#status-{number}-taken_into_account").check()
        staff.locator(f"#answer-button-{number}").click()
        expect(staff.locator(f"#contribution-{number} .answer-status")).to_have_text(
            "Prise en compte"
        )
        accessible(staff, problems)
        desk.close()

        page.goto(f"/consultations/{slug}/sections/{section}")
        answered = page.locator(f"#contribution-{number}")
        expect(answered).to_contain_text("Le délai sera de trente jours")
        expect(answered.locator(".answer-status")).to_have_text("Prise en compte")
        expect(page.locator("main")).not_to_contain_text("amina@example.be")
        accessible(page, problems)
        citizen.close()
        subjects = [str(message["Subject"]) for message in inbox.messages]
    assert subjects == ["Votre contribution a reçu une réponse"]
    with live_server.container.uow() as uow:
        stored = uow.consultations.get_contribution(int(number))
        assert stored is not None
        assert stored.email == ""
    assert problems == []


@pytest.mark.parametrize("language", ["en", "fr", "nl", "de"])
def test_the_consultation_pages_pass_axe(
    browser: Browser, live_server: LiveServer, language: str
) -> None:
    ids = make_consultations(live_server)
    slug, section = ids["consultation"], ids["consultation_section"]
    problems: list[str] = []
    reader = new_context(browser, live_server, language=language, bypass_csp=True).new_page()
    for path in (
        "/consultations",
        f"/consultations/{slug}",
        f"/consultations/{slug}/sections/{section}",
    ):
        reader.goto(path)
        expect(reader.locator("html")).to_have_attribute("lang", language)
        accessible(reader, problems)
    staff_context = new_context(browser, live_server, language=language, bypass_csp=True)
    sign_in_context(staff_context, EMAILS["admin"])
    staff = staff_context.new_page()
    for path in ("/consultations/new", f"/consultations/{slug}/moderation"):
        staff.goto(path)
        accessible(staff, problems)
    staff.goto("/consultations/new")
    staff.get_by_role("button").last.click()
    expect(staff.locator(".error-summary")).to_be_visible()
    accessible(staff, problems)
    assert problems == []
