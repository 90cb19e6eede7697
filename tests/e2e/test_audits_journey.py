"""An editor audits a decision log in the browser: the JavaScript uploader sends the file in
chunks and resumes after a lost connection, the columns are chosen, the job runs, and the
report shows its findings, charts and downloads. With the Content-Security-Policy enforced.
SQLite only, like the other journeys (test_journeys.py says why)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_support import EMAILS, PASSWORD, LiveServer, text_in
from playwright.sync_api import ConsoleMessage, Page, Route, expect
from sqlalchemy import text

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]

CHUNK = 256


def en(key: str, **params: object) -> str:
    return text_in("en", key, **params)


def decision_log() -> str:
    lines = ["id,sex,label,decision"]
    for n in range(120):
        sex = "F" if n % 2 else "M"
        label = n % 3 == 0
        decision = (n % 4 == 0) if sex == "F" else (n % 5 != 0)
        lines.append(f"{n},{sex},{int(label)},{int(decision)}")
    return "\n".join(lines) + "\n"


def test_editor_uploads_runs_and_reads_a_fairness_audit(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    live_server.container.settings.audit_chunk_bytes = CHUNK  # several chunks for a small file
    log = tmp_path / "décisions.csv"
    log.write_text(decision_log(), encoding="utf-8")
    assert log.stat().st_size > 3 * CHUNK

    # The second chunk reaches the server, but its answer is lost: the uploader must ask the
    # server where it stands and go on from there.
    puts: list[str] = []

    def lose_one_answer(route: Route) -> None:
        puts.append(route.request.url)
        if len(puts) == 2:
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(re.compile(r"/api/v1/uploads/[0-9a-f]{32}/chunks/\d+$"), lose_one_answer)
    asked: list[str] = []
    page.on(
        "request",
        lambda request: (
            asked.append(request.url)
            if request.method == "GET" and re.search(r"/api/v1/uploads/[0-9a-f]{32}$", request.url)
            else None
        ),
    )

    page.goto("/login")
    page.get_by_label(en("E-mail address")).fill(EMAILS["editor"])
    page.get_by_label(en("Password")).fill(PASSWORD)
    page.get_by_role("button", name=en("Sign in"), exact=True).click()
    page.goto("/organisations/alpha/audits")
    page.get_by_label(en("CSV or Parquet file")).set_input_files(log)
    page.get_by_role("button", name=en("Upload"), exact=True).click()

    expect(page).to_have_url(re.compile(r"/audits/uploads/[0-9a-f]{32}$"), timeout=30_000)
    assert len(puts) > 3
    assert len(asked) == 1  # after the lost answer it asked the server where it stood,
    assert len(set(puts)) == len(puts)  # learnt that the chunk had arrived and went on...
    with live_server.container.engine.connect() as connection:
        stored = connection.execute(text("SELECT storage_key, size FROM audit_uploads")).one()
    saved = live_server.container.storage.path(stored.storage_key).read_bytes()
    assert saved == log.read_bytes()  # ...and the file arrived whole, once

    form = page.locator("form[action$='/fairness']")
    form.get_by_label(en("Label: the true outcome")).select_option("label")
    form.get_by_label(en("Prediction: the decision")).select_option("decision")
    form.get_by_label("sex", exact=True).check()
    form.get_by_role("button", name=en("Run the fairness audit")).click()

    expect(page).to_have_url(re.compile(r"/audits/\d+$"))
    findings = page.get_by_role("heading", name=en("Findings"))
    expect(findings).to_be_visible(timeout=30_000)
    expect(page.locator(".findings")).to_contain_text("sex = F")
    expect(page.locator(".findings")).to_contain_text("not a legal verdict")
    chart = page.get_by_role("img", name=en("Selection rate"))
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name=re.compile(en("Rates per group"), re.I))
    expect(table.get_by_role("rowheader", name="sex = F")).to_be_visible()
    pdf = page.get_by_role("link", name=en("Download the report (PDF)"))
    with page.expect_download() as download:
        pdf.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert errors == []
