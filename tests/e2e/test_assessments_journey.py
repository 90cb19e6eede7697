"""A FRIA end to end in Chromium: the deployer fills it in, prefilled from its record; the
committee votes and issues an opinion with a condition; the opinion shows on the portal in Dutch
and French; the regulator sees the notification. With the Content-Security-Policy enforced."""

from __future__ import annotations

import pytest
from e2e_support import EMAILS, LiveServer, new_context, sign_in_context
from playwright.sync_api import Browser, Page, expect

from assessment_fixtures import fria_answers, make_committee
from register_support import create_published

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]


def signed_in_page(browser: Browser, server: LiveServer, email: str, language: str = "en") -> Page:
    context = new_context(browser, server, language=language)
    sign_in_context(context, email)
    return context.new_page()


def test_a_fria_from_the_deployer_to_the_portal_and_the_regulator(
    browser: Browser, live_server: LiveServer
) -> None:
    make_committee(live_server.container, live_server.world)
    record = create_published(live_server.container, live_server.world)
    answers = fria_answers()

    # The deployer: a FRIA prefilled from the record, one section per page.
    editor = signed_in_page(browser, live_server, EMAILS["editor"])
    editor.goto(f"/register/{record.slug}/assessments")
    editor.select_option("#field-template", "fria")
    editor.get_by_role("button", name="Start an assessment").click()
    expect(editor.locator("h1")).to_contain_text("Fundamental rights impact assessment")
    assessment = editor.url.rsplit("/", 1)[1]
    editor.get_by_role("link", name="Process and purpose").click()
    purpose = editor.locator("#field-fria\\.process\\.description")
    # The record is written in Dutch: its own language comes first.
    expect(purpose).to_have_value(
        "Dossierbeheerders helpen de dringendste aanvragen eerst te behandelen."
    )
    expect(
        editor.get_by_text("Prefilled from: the register record (Intended purpose)")
    ).to_be_visible()
    for section in ("process", "period", "persons", "risks", "oversight", "measures"):
        editor.goto(f"/assessments/{assessment}/sections/{section}")
        for question, value in answers.items():
            field = editor.locator(f"[name='q-{question}']")
            if field.count() == 0:
                continue
            if field.evaluate("element => element.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        editor.get_by_role("button", name="Save").click()
    editor.fill("#field-summary_nl", "Samenvatting van de FRIA")
    editor.fill("#field-summary_fr", "Résumé de l'AIDF")
    editor.get_by_role("button", name="Save the summary").click()
    editor.select_option("#field-committee", "federal")
    editor.get_by_role("button", name="Submit the assessment").click()
    expect(editor.get_by_text("Submitted", exact=True)).to_be_visible()
    editor.get_by_role(
        "button", name="Notify the market-surveillance authority (Art 27(3))"
    ).click()
    expect(editor.get_by_text("Notified on")).to_be_visible()

    # The committee: the chair opens the vote, three members vote, the chair issues the opinion.
    chair = signed_in_page(browser, live_server, "chair@balise.test")
    chair.goto("/assessments")
    chair.get_by_role("link", name=f"#{assessment}").first.click()
    chair.get_by_role("button", name="Start the review and the vote").click()
    for email in ("chair@balise.test", "rapporteur@balise.test", "member@balise.test"):
        voter = (
            chair if email == "chair@balise.test" else signed_in_page(browser, live_server, email)
        )
        voter.goto(f"/assessments/{assessment}")
        voter.select_option("#field-choice", "for")
        voter.fill("#field-reason", "The risks are well described.")
        voter.get_by_role("button", name="Cast the vote").click()
        expect(voter.get_by_text("You voted: For")).to_be_visible()
    chair.goto(f"/assessments/{assessment}")
    chair.select_option("#field-kind", "favourable_with_conditions")
    chair.fill("#field-text_en", "Favourable, provided the ranking is audited every year.")
    chair.fill(
        "#field-text_nl", "Gunstig, op voorwaarde dat de rangschikking jaarlijks wordt geaudit."
    )
    chair.fill("#field-text_fr", "Favorable, à condition d'auditer le classement chaque année.")
    chair.fill("#field-condition_1_en", "Publish a yearly fairness audit.")
    chair.fill("#field-condition_1_due", "2027-06-30")
    chair.fill("#field-condition_2_en", "Explain the ranking to applicants.")
    chair.fill("#field-condition_2_due", "2027-03-31")
    chair.get_by_role("button", name="Issue the opinion").click()
    expect(chair.get_by_text("Opinion issued", exact=True)).to_be_visible()
    expect(chair.get_by_text("Explain the ranking to applicants.", exact=False)).to_be_visible()

    # The portal, in Dutch and in French, for anyone.
    for language, text in (
        ("nl", "Gunstig, op voorwaarde dat de rangschikking jaarlijks wordt geaudit."),
        ("fr", "Favorable, à condition d'auditer le classement chaque année."),
    ):
        visitor = new_context(browser, live_server, language=language).new_page()
        visitor.goto(f"/systems/{record.slug}")
        expect(visitor.get_by_text(text)).to_be_visible()

    # The regulator's inbox of notified FRIAs.
    regulator = signed_in_page(browser, live_server, EMAILS["regulator"])
    regulator.goto("/regulator/notifications")
    expect(regulator.get_by_role("link", name=f"#{assessment}")).to_be_visible()
    regulator.goto(f"/assessments/{assessment}/notification")
    expect(regulator.locator("h1")).to_have_text(
        "Notification of a fundamental rights impact assessment"
    )
    expect(regulator.get_by_text("The elements of Article 27(1)")).to_be_visible()
