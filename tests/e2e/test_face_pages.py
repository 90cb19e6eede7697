"""The face of Balise in Chromium: the home page's search, the portal's live search and side
filters, the pages about Balise, and "my work", wide and narrow, passing axe.

Set BALISE_SCREENSHOTS to a folder to keep a screenshot of each page at 1280 and 360 pixels.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from e2e_support import AXE_SCRIPT, EMAILS, LiveServer, new_context, sign_in_context
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from register_support import create_published

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => (await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
})).violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 360, "height": 740}
SHOTS = os.environ.get("BALISE_SCREENSHOTS", "")


def console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def check(page: Page, name: str) -> list[str]:
    """axe's violations at both widths, no sideways scrolling when narrow; a screenshot each."""
    problems = []
    for label, size in (("1280", WIDE), ("360", NARROW)):
        page.set_viewport_size(size)
        page.add_script_tag(path=str(AXE_SCRIPT))
        problems += [f"{name} at {label}: {v}" for v in page.evaluate(AXE_RUN, AXE_TAGS)]
        if label == "360" and page.evaluate("document.documentElement.scrollWidth") > 360:
            problems.append(f"{name} at 360: the page scrolls sideways")
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-{label}.png", full_page=True)
    page.set_viewport_size(WIDE)
    return problems


def test_home_search_leads_to_the_portal_whose_live_search_updates_the_address(
    browser: Browser, live_server: LiveServer
) -> None:
    create_published(live_server.container, live_server.world)
    page = new_context(browser, live_server).new_page()
    errors = console_errors(page)
    page.goto("/")
    expect(page.locator(".figure-value").first).to_have_text("1")
    page.get_by_role("searchbox", name="Search the register of AI systems").fill("studietoelagen")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/systems\?q=studietoelagen$"))
    expect(page.locator("ol.results li")).to_have_count(1)
    # The Dutch name falls back once per record, the language named in English.
    expect(page.locator("ol.results li .fallback-note")).to_have_count(1)
    expect(page.locator("ol.results li .fallback-note")).to_have_text(
        re.compile(r"shown in (Dutch|French)\.")
    )

    # Live search: the results follow the words, and the address follows the results.
    page.locator("#field-q").fill("nothing-matches-this")
    expect(page).to_have_url(re.compile(r"q=nothing-matches-this"))
    expect(page.locator("#results-count")).to_contain_text("0 AI systems found.")
    expect(page.locator("ol.results")).to_have_count(0)
    page.locator("#field-q").fill("")
    page.locator("#field-lifecycle_status").select_option("in_use")
    expect(page).to_have_url(re.compile(r"/systems\?lifecycle_status=in_use$"))
    expect(page.locator("ol.results li")).to_have_count(1)
    # The shared address shows the same results.
    shared = new_context(browser, live_server).new_page()
    shared.goto(page.url)
    expect(shared.locator("#field-lifecycle_status")).to_have_value("in_use")
    expect(shared.locator("ol.results li")).to_have_count(1)
    assert errors == []


def test_filters_and_menu_fold_on_a_narrow_screen(
    browser: Browser, live_server: LiveServer
) -> None:
    page = new_context(browser, live_server, viewport=NARROW).new_page()
    page.goto("/systems")
    filters = page.locator("details.filters-panel")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.locator("#field-sector")).to_be_hidden()
    filters.locator("summary").click()
    expect(page.locator("#field-sector")).to_be_visible()
    menu = page.locator("details.nav-toggle")
    expect(menu.get_by_role("link", name="Organisations")).to_be_hidden()
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Organisations")).to_be_visible()


def test_the_face_passes_axe_wide_and_narrow_in_four_languages(
    browser: Browser, live_server: LiveServer
) -> None:
    create_published(live_server.container, live_server.world)
    problems: list[str] = []
    for language in ("fr", "nl", "de", "en"):
        context = new_context(browser, live_server, language=language, bypass_csp=True)
        page = context.new_page()
        for path in ("/", "/about", "/privacy", "/accessibility", "/systems"):
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            problems += check(page, f"{path.strip('/') or 'home'}-{language}")
        context.close()
    for role in ("reviewer", "regulator", "editor"):
        context = new_context(browser, live_server, bypass_csp=True)
        sign_in_context(context, EMAILS[role])
        page = context.new_page()
        page.goto("/my-work")
        expect(page.get_by_role("heading", level=1)).to_have_text("My work")
        problems += check(page, f"my-work-{role}")
        context.close()
    assert problems == []
