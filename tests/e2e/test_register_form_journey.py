"""The error-summary pattern on the record form, in Chromium: after a refused save the focus is
on the summary, which lists every problem at once; each link takes the editor to its field."""

from __future__ import annotations

import pytest
from e2e_support import EMAILS, LiveServer, new_context, sign_in_context
from playwright.sync_api import Browser, expect

from register_support import create

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]


def test_the_error_summary_takes_the_focus_and_its_links_reach_the_fields(
    browser: Browser, live_server: LiveServer
) -> None:
    record = create(live_server.container, live_server.world)
    context = new_context(browser, live_server)
    sign_in_context(context, EMAILS["editor"])
    page = context.new_page()
    page.goto(f"/register/{record.slug}/edit/purpose")

    page.fill("#field-name_nl", "n" * 101)
    page.fill("#field-name_fr", "f" * 101)  # the translations are open: the record has French
    page.fill("#field-description_short_nl", "s" * 351)
    page.get_by_role("button", name="Save and return to the sections").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Name (Dutch): At most 100 characters.",
            "Name (French): At most 100 characters.",
            "Summary (Dutch): At most 350 characters.",
        ]
    )
    expect(page.locator("#error-name_fr")).to_have_text("Name (French): At most 100 characters.")

    summary.get_by_role("link", name="Name (French): At most 100 characters.").click()
    expect(page.locator("#field-name_fr")).to_be_focused()
    assert page.url.endswith("#field-name_fr")
    summary.get_by_role("link", name="Summary (Dutch): At most 350 characters.").click()
    expect(page.locator("#field-description_short_nl")).to_be_focused()
    context.close()


def test_an_error_in_another_section_links_to_that_section(
    browser: Browser, live_server: LiveServer
) -> None:
    record = create(live_server.container, live_server.world)
    context = new_context(browser, live_server)
    sign_in_context(context, EMAILS["editor"])
    page = context.new_page()
    page.goto(f"/register/{record.slug}/edit/lifecycle")
    page.fill("#field-begin_date", "2025-06-01")
    page.fill("#field-end_date", "2025-01-31")
    page.get_by_role("button", name="Save and return to the sections").click()
    link = page.locator(".error-summary").get_by_role("link")
    expect(link).to_have_text(
        "In use until: This is before the date it is in use since (2025-06-01)."
    )
    link.click()
    expect(page.locator("#field-end_date")).to_be_focused()
    context.close()
