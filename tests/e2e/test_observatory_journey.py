"""The observatory in Chromium: a chart and its data table, a definition, the annual report."""

from __future__ import annotations

import pytest
from e2e_support import LiveServer, new_context
from observatory_e2e_support import make_observatory
from playwright.sync_api import Browser, expect

from register_support import create_published

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]


def test_the_observatory_shows_a_chart_beside_its_table(
    browser: Browser, live_server: LiveServer
) -> None:
    create_published(live_server.container, live_server.world, "observed")
    make_observatory(live_server)
    page = new_context(browser, live_server, language="nl").new_page()
    page.goto("/observatory")
    expect(page.get_by_role("heading", level=1)).to_have_text("Observatorium van betrouwbare AI")
    section = page.locator("section", has=page.locator("#indicator-systems_published"))
    chart = section.locator("svg[role=img]").first
    expect(chart).to_be_visible()
    expect(section.locator("polyline")).to_have_count(1)
    # the trend's numbers are folded under the chart on the overview, one click away
    section.get_by_text("De cijfers achter deze lijn, dag per dag").click()
    table = section.get_by_role("table").last
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(3)
    section.get_by_role("link", name="Gepubliceerde systemen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gepubliceerde systemen")
    page.goto("/observatory")
    page.get_by_role("button", name="Het jaarverslag openen").click()
    expect(page.get_by_role("table").first).to_be_visible()
