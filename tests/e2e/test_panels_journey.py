"""An organiser runs a citizens' panel in Chromium, from the upload to the drawn panel; then the
public checks the draw from the public page's files.

SQLite only, like the other journeys: what is tested here happens in the browser (forms, file
uploads, the htmx progress bar, the Content-Security-Policy); tests/web covers both databases.
"""

from __future__ import annotations

import json

import pytest
from e2e_support import EMAILS, LiveServer, sign_in_context
from panel_e2e_support import (
    PUBLIC_SOURCE,
    PUBLIC_VALUE,
    SECRETS,
    SF_PEOPLE,
    SF_QUOTAS,
)
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from balise.domain.panels.selection import verify_draw

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]

JOB_TIMEOUT_MS = 120_000


def test_an_organiser_draws_a_panel_and_the_public_verifies_it(
    context: BrowserContext, page: Page, live_server: LiveServer
) -> None:
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in_context(context, EMAILS["editor"])

    page.goto("/panels")
    page.get_by_role("link", name="Create a panel").click()
    title = page.get_by_role("group", name="Title")  # one field per language
    title.get_by_label("Français").fill("Panel citoyen sur l'intelligence artificielle")
    title.get_by_label("English").fill("Citizens' panel on artificial intelligence")
    page.get_by_label("Web address").fill("ai-2026")
    page.get_by_label("Panel size (people to select)").fill("22")
    page.get_by_role("button", name="Create the panel").click()
    expect(page).to_have_url(f"{live_server.url}/panels/ai-2026/manage")

    page.get_by_label("People (CSV)").set_input_files(SF_PEOPLE)
    page.get_by_label("Quotas (CSV)").set_input_files(SF_QUOTAS)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status")).to_have_text("The pool and the quotas were loaded.")
    expect(page.get_by_text("Yes: some panel of 22 people meets every quota.")).to_be_visible()

    page.get_by_role("button", name="Run the selection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Selecting a citizens' panel")
    expect(page.locator("progress")).to_be_attached()
    back = page.get_by_role("link", name="Back to the panel")
    expect(back).to_be_visible(timeout=JOB_TIMEOUT_MS)  # htmx refreshed the progress
    back.click()
    expect(page.get_by_role("table", name="Fairness figures")).to_be_visible()

    # Balise computes the fingerprints of the secrets: nobody computes a SHA-256 by hand.
    page.get_by_label("Secrets", exact=True).fill("\n".join(SECRETS))
    page.get_by_label("Public value to come").fill(PUBLIC_SOURCE)
    page.get_by_role("button", name="Publish the commitment").click()
    expect(page.get_by_role("status")).to_have_text("The commitment is published.")

    page.get_by_label("Revealed secrets").fill("\n".join(SECRETS))
    page.locator("#field-public_value").fill(PUBLIC_VALUE)
    page.get_by_role("button", name="Draw the panel").click()
    expect(page.get_by_role("status")).to_have_text("The panel was drawn.")
    drawn = page.get_by_role(
        "table", name="The panel's members, with contact details (organisers only)"
    )
    expect(drawn.locator("tbody tr")).to_have_count(22)

    page.get_by_role("link", name="The public page of this panel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Citizens' panel on artificial intelligence"
    )
    expect(
        page.get_by_role("img", name="How many volunteers have each chance of being selected")
    ).to_be_visible()
    quotas = page.get_by_role("table", name="Quotas and how many of the drawn panel meet each")
    expect(quotas.locator("tbody tr")).to_have_count(20)
    expect(quotas.get_by_role("cell", name="no", exact=True)).to_have_count(0)
    assert "email" not in page.content()

    files = {}
    for name in ("published", "reveal"):
        with page.expect_download() as download:
            page.get_by_role("link", name=f"ai-2026-{name}.json").click()
        files[name] = json.loads(download.value.path().read_text(encoding="utf-8"))
    reveal = files["reveal"]
    ok, checks, _ = verify_draw(
        files["published"],
        secrets=reveal["secrets"],
        public_value=reveal["public_value"],
        claimed_panel=reveal["panel"],
    )
    assert ok, checks
    assert errors == []
