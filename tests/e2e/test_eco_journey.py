"""The footprint end to end in Chromium: a deployer records a measured training run and an
estimated inference footprint, and a reader sees label C with its rule on the portal in French;
the pages pass axe (WCAG 2.1 A and AA)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_support import EMAILS, LiveServer, new_context, sign_in_context
from guichet_e2e_support import axe_problems
from playwright.sync_api import Browser, expect

from eco_support import EMISSIONS_CSV, INFERENCE_FORM
from register_support import create_published

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite", "postgresql"])]


def test_a_deployer_records_its_footprint_and_the_portal_shows_label_c_in_french(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    record = create_published(live_server.container, live_server.world, "triage")
    emissions = tmp_path / "emissions.csv"
    emissions.write_text(EMISSIONS_CSV, encoding="utf-8")

    editor = new_context(browser, live_server, bypass_csp=True)
    sign_in_context(editor, EMAILS["editor"])
    page = editor.new_page()
    page.goto(f"/register/{record.slug}/footprint")
    assert axe_problems(page) == []

    page.locator("#field-why_ai").fill("Requests arrive as free text in three languages.")
    page.locator("#field-alternative").fill("A multiple-choice form misfiled half of them.")
    page.select_option("#field-language", "en")
    page.locator("#field-expected_decisions").fill("1000000")
    page.get_by_role("button", name="Save the statement").click()
    expect(page.get_by_role("status")).to_have_text("The statement is saved.")

    page.select_option("#field-phase", "inference")
    for name in ("hours", "decisions", "cpu_cores", "cpu_usage", "memory_gb", "pue"):
        page.locator(f"#field-{name}").fill(INFERENCE_FORM[name])
    page.select_option("#field-cpu_model", INFERENCE_FORM["cpu_model"])
    page.get_by_role("button", name="Save the estimate").click()
    expect(page.get_by_role("status")).to_have_text("The estimate is saved.")

    # The measured training runs are imported by a job: its page shows a progress bar that
    # refreshes itself until the job has finished, then the label the footprint now has.
    page.select_option("#field-import-phase", "training")
    page.locator("#field-import-file").set_input_files(str(emissions))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/register/{record.slug}/footprint/jobs/[0-9a-f]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Importing measured runs")
    progress = page.locator("#job-progress")
    expect(progress).to_contain_text("The measured runs are imported. 2 runs added up.")
    expect(progress.locator("progress")).to_have_attribute("value", "100")
    expect(progress.locator(".eco-letter")).to_have_text("C")
    assert axe_problems(page) == []
    progress.get_by_role("link", name="Back to the footprint").click()
    expect(page.locator("#label-heading + p .eco-letter")).to_have_text("C")
    assert axe_problems(page) == []

    page.locator("#field-hours").fill("-1")
    page.get_by_role("button", name="Save the estimate").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter a number greater than zero.")
    assert axe_problems(page) == []
    editor.close()

    reader = new_context(browser, live_server, language="fr", bypass_csp=True)
    portal = reader.new_page()
    portal.goto(f"/systems/{record.slug}")
    section = portal.locator("section[aria-labelledby=eco-heading]")
    expect(section.get_by_role("heading", name="Empreinte environnementale")).to_be_visible()
    expect(section.locator(".eco-letter")).to_have_text("C")
    expect(section).to_contain_text("Écolabel C, règle du 3 décembre 2026 (version 2026-12-03)")
    expect(section).to_contain_text("g CO2e pour 1 000 décisions")
    expect(section).to_contain_text("Requests arrive as free text in three languages.")
    expect(section.locator("dd[lang=en]").first).to_be_visible()
    assert axe_problems(portal) == []
    section.get_by_role("link", name="Comment le label est attribué").click()
    expect(portal.get_by_role("heading", level=1)).to_have_text("L'écolabel des systèmes d'IA")
    assert axe_problems(portal) == []
    reader.close()
