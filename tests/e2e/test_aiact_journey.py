"""A commune's IT officer classifies its housing-allowance triage (Annex III point 5(a)).

In a real browser with JavaScript turned off (the questionnaire needs none) and the
Content-Security-Policy enforced: sign in, answer the questionnaire
section by section (follow-up questions appear as the answers make them relevant), read the
result, print it, open its JSON, and store it on the commune's register record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from e2e_support import EMAILS, PASSWORD, LiveServer, new_context
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from register_support import create

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]


def next_page(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Next", exact=True).click()


@pytest.fixture
def page_without_javascript(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = new_context(browser, live_server, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_a_commune_classifies_its_triage_system_and_stores_the_result(
    page_without_javascript: Page, live_server: LiveServer
) -> None:
    page = page_without_javascript
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    record = create(live_server.container, live_server.world, name={"fr": "Allocation-loyer"})

    page.goto("/login")
    page.locator("#field-email").fill(EMAILS["editor"])
    page.locator("#field-password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    page.goto("/aiact")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the questionnaire").click()
    expect(page).to_have_url(re.compile(r"/aiact/saved/\d+/evaluation$"))
    page.get_by_label("Evaluation date").fill("2028-01-10")
    next_page(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("The system and your role")
    page.get_by_label("Name of the system or model").fill("Housing allowance triage")
    page.get_by_role("radio", name="An AI system", exact=True).check()
    page.get_by_role("checkbox", name=re.compile("^Deployer")).check()
    next_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your organisation")
    next_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("How you use the system")
    page.locator("input[name=actor-public_body][value=yes]").check()
    next_page(page)
    for title in ("Exclusions from the AI Act", "Prohibited practices", "Biometrics"):
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        next_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Products under EU safety law")
    next_page(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("High-risk uses")
    expect(page.locator("#field-annex_iii-profiling")).to_have_count(0)
    page.get_by_role("checkbox", name=re.compile(r"^5\(a\) ")).check()
    next_page(page)
    # The same section again, with the questions the point makes relevant.
    expect(page.get_by_role("heading", level=1)).to_have_text("High-risk uses")
    expect(page.locator("p.notice")).to_be_visible()
    page.locator("input[name=annex_iii-profiling][value=yes]").check()
    next_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Transparency towards people")
    next_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes that make you the provider")
    next_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("The other operators")
    page.get_by_role("radio", name="In the European Union", exact=True).check()
    next_page(page)

    expect(page).to_have_url(re.compile(r"/aiact/saved/\d+/result$"))
    summary = page.locator("dl.result-summary")
    expect(summary).to_contain_text("High risk")
    expect(summary).to_contain_text("5(a)")
    expect(summary).to_contain_text("Required of you")
    fria = page.locator("table.obligations tr", has=page.locator("td[data-code=fria]"))
    expect(fria.first).to_contain_text("yes, already applies")

    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(page.locator("form.store")).to_be_hidden()
    page.emulate_media(media="screen")

    json_url = page.get_by_role("link", name=re.compile("result \\(JSON file\\)")).get_attribute(
        "href"
    )
    assert json_url is not None
    body = json.loads(page.request.get(json_url).text())
    assert body["categories"] == ["high_risk"]
    assert body["facts"]["annex_iii"]["profiling"] is True

    page.get_by_label("Record").select_option(record.slug)
    with page.expect_navigation():
        page.get_by_role("button", name="Store on the record").click()
    expect(page).to_have_url(re.compile(rf"/register/{record.slug}/classification\?stored=1$"))
    expect(page.locator("main")).to_contain_text("The classification was stored on the record.")
    expect(page.locator("dl.result-summary")).to_contain_text("High risk")

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Re-run with the current rules")).click()
    expect(page.locator("main")).to_contain_text("Nothing changed")

    page.goto("/aiact/saved")
    expect(page.locator("main table")).to_contain_text("Housing allowance triage")
    assert errors == []
