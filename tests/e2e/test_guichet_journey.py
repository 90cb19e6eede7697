"""The guichet in Chromium, in Dutch: a company reads a guide, asks the desk a question, the
regulator answers it and publishes it in the FAQ, the asker follows it with the secret link, and
the answer's time reaches the observatory. Every page passes axe (WCAG 2.1 A and AA)."""

from __future__ import annotations

import pytest
from e2e_support import EMAILS, LiveServer, new_context, sign_in_context
from guichet_e2e_support import axe_problems, make_guichet
from playwright.sync_api import Browser, Page, expect

from balise.adapters.mail.smtp import SmtpMailer
from balise.domain.accounts.model import Actor
from balise.services import observatory
from monitoring_helpers import smtp_server

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]


def accessible(page: Page, problems: list[str]) -> None:
    for violation in axe_problems(page):
        problems.append(f"{page.url}: {violation['id']} {violation['help']} {violation['nodes']}")


def test_a_question_is_asked_and_answered_in_dutch(
    browser: Browser, live_server: LiveServer
) -> None:
    make_guichet(live_server)
    problems: list[str] = []
    with smtp_server() as (inbox, port):
        live_server.container.__dict__["mailer"] = SmtpMailer(
            host="127.0.0.1", port=port, sender="balise@alpha.example"
        )
        company = new_context(browser, live_server, language="nl", bypass_csp=True)
        page = company.new_page()
        page.goto("/guides")
        expect(page.get_by_role("heading", level=1)).to_have_text("Gidsen bij de AI-verordening")
        accessible(page, problems)
        page.get_by_role("link", name="De transparantieplichten van artikel 50").click()
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        expect(page.get_by_role("table").first).to_be_visible()
        accessible(page, problems)
        page.get_by_role(
            "link", name="Een vraag waarop deze gids geen antwoord geeft? Stel ze aan het loket"
        ).click()
        accessible(page, problems)
        page.get_by_role("button", name="De vraag versturen").click()  # nothing filled in
        expect(page.locator(".error-summary")).to_be_visible()
        accessible(page, problems)
        page.get_by_label("Een onderneming").check()
        page.locator("#field-subject").fill("Moet onze chatbot melden dat hij een AI is?")
        page.locator("#field-text").fill("Wij bouwen een chatbot voor de klantendienst.")
        page.locator("#field-email").fill("info@voorbeeld.be")
        page.locator("#field-publish_consent").check()
        page.get_by_role("button", name="De vraag versturen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Uw vraag is ontvangen")
        accessible(page, problems)
        reference = page.locator("#reference").inner_text()
        follow_up = page.locator("#follow-up-link").get_attribute("href")
        assert follow_up is not None
        assert follow_up.startswith(f"/questions/{reference}?key=")

        desk = new_context(browser, live_server, language="nl", bypass_csp=True)
        sign_in_context(desk, EMAILS["regulator"])
        staff = desk.new_page()
        staff.goto("/guichet")
        expect(staff.get_by_role("heading", level=1)).to_have_text("Vragenloket")
        accessible(staff, problems)
        staff.get_by_role("link", name=reference).click()
        accessible(staff, problems)
        staff.locator("#field-answer").fill(
            "Ja. De aanbieder ontwerpt de chatbot zo dat mensen weten dat ze met AI praten "
            "(art. 50(1)), vanaf 2 augustus 2026."
        )
        staff.locator("#field-obligations").fill("disclose_ai_interaction")
        staff.get_by_role("button", name="Het antwoord versturen").click()
        expect(staff.locator("#status")).to_have_text("Beantwoord")
        accessible(staff, problems)
        staff.locator("#field-faq_question").fill("Moet een chatbot melden dat hij een AI is?")
        staff.locator("#field-faq_answer").fill("Ja, vanaf 2 augustus 2026 (art. 50(1)).")
        staff.get_by_role("button", name="Publiceren in de FAQ").click()
        expect(staff.get_by_role("link", name="Gepubliceerd in de FAQ")).to_be_visible()
        desk.close()

        page.goto(follow_up)
        expect(page.locator("#status")).to_have_text("Beantwoord")
        expect(page.locator("#answer")).to_contain_text("art. 50(1)")
        accessible(page, problems)
        page.get_by_role("link", name="Uw vraag staat nu in de FAQ.").click()
        expect(page.locator("main")).to_contain_text("Moet een chatbot melden dat hij een AI is?")
        accessible(page, problems)
        company.close()
        subjects = [str(message["Subject"]) for message in inbox.messages]
    assert subjects == [f"Uw vraag {reference} is ontvangen", f"Uw vraag {reference} is beantwoord"]
    assert problems == []
    # The answer's time reaches the observatory (asked and answered today: zero days).
    with live_server.container.uow() as uow:
        observatory.take_snapshot(uow, actor=Actor(label="system"))
        uow.commit()
    reader = new_context(browser, live_server, language="nl").new_page()
    indicators = reader.request.get("/observatory.json").json()["indicators"]
    by_code = {indicator["code"]: indicator for indicator in indicators}
    assert by_code["questions_answered"]["value"] == 1.0
    assert by_code["questions_median_response_days"]["value"] == 0.0
