"""Monitoring end to end in Chromium: a citizen asks in German for a human review from a system's
page, staff answer within the deadline, the citizen follows the request with the secret link and
receives the e-mails; a deployer reports a death and the regulator sees the ten-day clock."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date
from e2e_support import EMAILS, LiveServer, new_context, sign_in_context
from playwright.sync_api import Browser, expect

from balise.adapters.mail.smtp import SmtpMailer
from balise.domain.monitoring.deadlines import IncidentClock, incident_deadline
from monitoring_helpers import smtp_server
from register_support import create_published

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]


def test_a_citizen_asks_in_german_and_staff_answer_in_time(
    browser: Browser, live_server: LiveServer
) -> None:
    record = create_published(live_server.container, live_server.world, "triage")
    with smtp_server() as (inbox, port):
        live_server.container.__dict__["mailer"] = SmtpMailer(
            host="127.0.0.1", port=port, sender="balise@alpha.example"
        )
        citizen = new_context(browser, live_server, language="de")
        page = citizen.new_page()
        page.goto(f"/systems/{record.slug}")
        page.get_by_role("link", name="Eine menschliche Überprüfung beantragen").click()
        expect(page.locator("html")).to_have_attribute("lang", "de")
        page.locator("#field-decision_reference").fill("AZ-2026-4711")
        page.locator("#field-text").fill("Bitte prüfen Sie meinen Bescheid durch einen Menschen.")
        page.locator("#field-contact_email").fill("buerger@example.be")
        page.get_by_role("button", name="Den Antrag senden").click()
        reference = page.locator("#reference").inner_text()
        follow_up = page.locator("#follow-up-link").get_attribute("href")
        assert follow_up is not None
        assert follow_up.startswith(f"/requests/{reference}?key=")

        editor = new_context(browser, live_server)
        sign_in_context(editor, EMAILS["editor"])
        staff = editor.new_page()
        staff.goto("/monitoring")
        staff.get_by_role("link", name=reference).click()
        staff.select_option("#field-decision_maker_id", label=EMAILS["editor"])
        staff.select_option("#field-reviewer_id", label=EMAILS["reviewer"])
        staff.get_by_role("button", name="Assign").click()
        expect(staff.locator("#status")).to_have_text("Being reviewed")
        editor.close()

        reviewer = new_context(browser, live_server)
        sign_in_context(reviewer, EMAILS["reviewer"])
        staff = reviewer.new_page()
        staff.goto(f"/monitoring/requests/{reference}")
        staff.select_option("#field-outcome", "changed")
        staff.locator("#field-ai_role").fill("Das System schlug eine Dringlichkeitsstufe vor.")
        staff.locator("#field-main_elements").fill("Einkommen und Familiensituation.")
        staff.locator("#field-data_used").fill("Die Angaben Ihres Antrags.")
        staff.get_by_role("button", name="Send the answer").click()
        expect(staff.locator("#status")).to_have_text("Answered")
        expect(staff.locator("#due-on")).not_to_contain_text("Overdue")
        reviewer.close()

        page.goto(follow_up)
        expect(page.locator("#status")).to_have_text("Beantwortet")
        expect(page.locator("#outcome")).to_contain_text("Entscheidung geändert")
        expect(page.locator("main")).to_contain_text("Datenschutzbehörde")
        citizen.close()
        subjects = [str(message["Subject"]) for message in inbox.messages]
    assert subjects == [
        f"Ihr Antrag {reference} ist eingegangen",
        f"Ihr Antrag {reference} wird überprüft",
        f"Ihr Antrag {reference} wurde beantwortet",
    ]
    assert all(str(message["To"]) == "buerger@example.be" for message in inbox.messages)


def test_a_deployer_reports_a_death_and_the_regulator_sees_ten_days(
    browser: Browser, live_server: LiveServer
) -> None:
    today = date.today()
    due = incident_deadline(today, IncidentClock.DEATH).due_on
    deployer = new_context(browser, live_server)
    sign_in_context(deployer, EMAILS["editor"])
    page = deployer.new_page()
    page.goto("/monitoring/incidents/new")
    page.select_option("#field-reporter_role", "deployer")
    page.locator("#field-system_name").fill("Triage score")
    page.locator("#field-provider_name").fill("Vendor SA")
    page.select_option("#field-category", "health")
    page.locator("#field-death").check()
    page.locator("#field-aware_on").fill(today.isoformat())
    page.locator("#field-description").fill("A delayed treatment; the patient died.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator("#due-on")).to_contain_text("Art 73(4)")
    reference = page.url.rsplit("/", 1)[1]
    deployer.close()

    regulator = new_context(browser, live_server)
    sign_in_context(regulator, EMAILS["regulator"])
    page = regulator.new_page()
    page.goto("/monitoring/regulator")
    row = page.locator("tr", has=page.get_by_role("link", name=reference))
    expect(row).to_contain_text(format_date(due, "long", locale="en"))
    expect(row).to_contain_text("Art 73(4)")
    assert (due - today).days >= 10
    regulator.close()
