"""The consultations' pieces for browser tests: an open consultation, and steps on its forms."""

from __future__ import annotations

from e2e_support import LiveServer
from playwright.sync_api import Page, expect

from consultations_support import make_open_consultation


def make_consultations(server: LiveServer) -> dict[str, str]:
    """An open consultation with a published contribution and one waiting for moderation."""
    found = make_open_consultation(server.container, server.world, slug="sweep-consultation")
    return {
        "consultation": found["slug"],
        "consultation_section": found["section_id"],
    }


def _submit(page: Page) -> None:
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator("main form[method=post]").locator("button[type=submit]").last.click()


def contribution_invalid(page: Page) -> None:
    """The contribution form sent empty: the text and the consent named at once."""
    _submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#error-consent")).to_be_visible()


def contribution_sent(page: Page) -> None:
    """A contribution with an e-mail address: the thank-you page offers to erase it."""
    page.locator("#field-text").fill("Please add a deadline for the register.")
    page.locator("#field-email").fill("someone@example.be")
    page.locator("#field-consent").check()
    _submit(page)
    expect(page.locator("#received")).to_be_visible()


def consultation_invalid(page: Page) -> None:
    """The creation form sent empty: every missing field named at once."""
    _submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
