"""The obligation tracker end to end in Chromium: an editor reaches the tracker from the record,
says a duty is met with a document, and a reader sees the summary on the portal in Dutch; the
pages pass axe (WCAG 2.1 A and AA)."""

from __future__ import annotations

import pytest
from e2e_support import EMAILS, LiveServer, new_context, sign_in_context
from guichet_e2e_support import axe_problems
from playwright.sync_api import Browser, expect

from assessment_fixtures import classify_high_risk
from register_support import create_published

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]


def test_an_editor_meets_a_duty_with_a_document_and_the_portal_counts_it(
    browser: Browser, live_server: LiveServer
) -> None:
    record = create_published(live_server.container, live_server.world, "triage")
    classify_high_risk(live_server.container, live_server.world, record.slug)

    editor = new_context(browser, live_server, bypass_csp=True)
    sign_in_context(editor, EMAILS["editor"])
    page = editor.new_page()
    page.goto(f"/register/{record.slug}")
    page.get_by_role("link", name="AI Act duties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AI Act duties")
    expect(page.locator("p.summary")).to_contain_text("0 of 1 duties met")
    assert axe_problems(page) == []

    page.locator("#duty-ai_literacy--deployer").get_by_role("link", name="Update").click()
    page.select_option("#field-status", "met")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Name the evidence that meets this duty."
    )
    assert axe_problems(page) == []
    page.select_option("#field-evidence", "document")
    page.locator("#field-evidence_title").fill("AI literacy training plan 2026")
    page.locator("#field-evidence_url").fill("https://intranet.alpha.example/ai/plan.pdf")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("The duty's status is saved.")
    expect(page.locator("p.summary")).to_contain_text("1 of 1 duties met")
    row = page.locator("#duty-ai_literacy--deployer")
    expect(row).to_contain_text("Duty met")
    expect(row.get_by_role("link", name="AI literacy training plan 2026")).to_be_visible()
    assert axe_problems(page) == []
    editor.close()

    reader = new_context(browser, live_server, language="nl", bypass_csp=True)
    portal = reader.new_page()
    portal.goto(f"/systems/{record.slug}")
    section = portal.locator("section[aria-labelledby=obligations-heading]")
    expect(section.get_by_role("heading")).to_have_text("Verplichtingen van de AI-verordening")
    expect(section).to_contain_text("1 van 1 verplichtingen nageleefd")
    section.locator("summary").click()
    expect(section).to_contain_text("Nageleefd")
    expect(section).to_contain_text("Nog niet van toepassing")
    assert axe_problems(portal) == []
    reader.close()
