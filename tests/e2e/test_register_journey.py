"""The register end to end in Chromium: an editor registers a system, a reviewer approves and
publishes it, and a visitor without an account finds it by a Dutch word and reads it in Dutch,
then in French."""

from __future__ import annotations

import pytest
from e2e_support import EMAILS, LiveServer, new_context, sign_in_context
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]

TEXTS = {
    "name_nl": "Toekenning van studietoelagen",
    "name_fr": "Attribution des allocations d'études",
    "description_short_nl": "Rangschikt aanvragen voor een studietoelage volgens dringendheid.",
    "description_short_fr": "Classe les demandes d'allocation d'études par urgence.",
    "intended_purpose_nl": "Dossierbeheerders helpen de dringendste aanvragen eerst te behandelen.",
    "affected_groups_nl": "Studenten en hun ouders.",
    "human_intervention_nl": "Een dossierbeheerder neemt elke beslissing zelf.",
    "objection_procedure_nl": "Bezwaar binnen dertig dagen via het formulier op de website.",
}
CHOICES = {
    "decision_type": "decision_support",
    "lifecycle_status": "in_use",
    "oversight_mode": "in_the_loop",
}


SECTIONS = {
    "What the system is for": ["name_nl", "description_short_nl", "intended_purpose_nl",
                               "affected_groups_nl", "decision_type"],
    "Human oversight and your rights": ["human_intervention_nl", "objection_procedure_nl",
                                        "oversight_mode", "explanation_channel"],
    "Who is responsible": ["contact_email"],
    "Life cycle": ["lifecycle_status"],
}  # fmt: skip
ADDRESSES = {
    "contact_email": "studietoelagen@alpha.example",
    "explanation_channel": "https://alpha.example/uitleg",
}


def register_system(page: Page) -> str:
    page.goto("/register/new")
    page.select_option("#field-default_language", "nl")
    page.fill("#field-name_nl", TEXTS["name_nl"])
    page.get_by_role("button", name="Create the draft").click()
    expect(page.locator(".form-progress")).to_have_text("0 of 9 sections complete.")
    for title, fields in SECTIONS.items():
        page.get_by_role("link", name=title).click()
        if "name_nl" in fields:
            for name in ("name", "description_short"):  # the translations fold out
                page.locator(f"#field-{name} details > summary").click()
                page.fill(f"#field-{name}_fr", TEXTS[f"{name}_fr"])
        for field in fields:
            if field in CHOICES:
                page.select_option(f"#field-{field}", CHOICES[field])
            else:
                page.fill(f"#field-{field}", TEXTS.get(field) or ADDRESSES[field])
        page.get_by_role("button", name="Save and return to the sections").click()
        expect(page.get_by_role("status")).to_contain_text(f"“{title}” is saved.")
    page.get_by_role("link", name="About this record").click()
    page.check("input[name=checked_languages][value=nl]")
    page.check("input[name=checked_languages][value=fr]")
    page.get_by_role("button", name="Save and return to the sections").click()
    expect(page.locator(".form-progress")).to_have_text("5 of 9 sections complete.")
    page.get_by_role("link", name="Check the record and send it for review").click()
    expect(page.locator("main")).to_contain_text("Everything a review needs is filled in.")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("status")).to_contain_text("sent for review")
    return page.url.split("/register/")[1].split("?")[0]


def test_a_system_goes_from_an_editor_to_a_citizen(
    browser: Browser, live_server: LiveServer
) -> None:
    editor = new_context(browser, live_server)
    sign_in_context(editor, EMAILS["editor"])
    slug = register_system(editor.new_page())
    editor.close()

    reviewer = new_context(browser, live_server)
    sign_in_context(reviewer, EMAILS["reviewer"])
    page = reviewer.new_page()
    page.goto(f"/register/{slug}")
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_role("status")).to_contain_text("published")
    reviewer.close()

    visitor = new_context(browser, live_server, language="nl")
    page = visitor.new_page()
    page.goto("/systems")
    page.get_by_role("searchbox").fill("studietoelage")
    page.get_by_role("searchbox").press("Enter")
    page.get_by_role("link", name=TEXTS["name_nl"]).click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text(TEXTS["name_nl"])
    expect(page.locator("main")).to_contain_text(TEXTS["objection_procedure_nl"])

    page.locator(".language-switch button[lang=fr]").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text(TEXTS["name_fr"])
    assert page.url.endswith(f"/systems/{slug}")
    visitor.close()
