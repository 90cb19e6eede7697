"""An editor registers the organisation's PostgreSQL table (a real one, on the server at
127.0.0.1) as a data connection, tests it, runs a fairness audit from it and reads the report
saying that only the count table left the engine; the password is never shown again. With the
Content-Security-Policy enforced. SQLite only, like the other journeys."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from e2e_support import EMAILS, PASSWORD, LiveServer, text_in
from playwright.sync_api import Page, expect

from audit_connections_support import SECRET_PASSWORD, decisions_table

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite", "postgresql"])]


def en(key: str, **params: object) -> str:
    return text_in("en", key, **params)


@pytest.fixture
def table() -> Iterator[str]:
    with decisions_table() as name:
        yield name


def test_editor_audits_a_postgresql_table_where_it_lives(
    page: Page, live_server: LiveServer, table: str
) -> None:
    page.goto("/login")
    page.get_by_label(en("E-mail address")).fill(EMAILS["editor"])
    page.get_by_label(en("Password")).fill(PASSWORD)
    page.get_by_role("button", name=en("Sign in"), exact=True).click()
    page.goto("/organisations/alpha/audits")
    page.get_by_role("link", name=en("data connections")).click()
    expect(page).to_have_url(re.compile(r"/organisations/alpha/audits/connections$"))

    form = page.locator("form[action$='/audits/connections']")
    form.get_by_label(en("Name of the connection")).fill("Decision log")
    form.get_by_label("PostgreSQL", exact=True).check()
    form.get_by_label(en("Host"), exact=True).fill("127.0.0.1")
    form.get_by_label(en("Port"), exact=True).fill("5432")
    form.get_by_label(en("Database"), exact=True).fill("postgres")
    form.get_by_label(en("User"), exact=True).fill("postgres")
    form.get_by_label(en("Password"), exact=True).fill(SECRET_PASSWORD)
    form.get_by_label(en("Table or view"), exact=True).fill(table)
    form.get_by_role("button", name=en("Register the connection")).click()

    expect(page).to_have_url(re.compile(r"/audits/connections/\d+\?saved=1$"))
    expect(page.get_by_text(en("Password stored (encrypted, never shown)"))).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text(table)
    assert SECRET_PASSWORD not in page.content()
    assert page.locator("#field-password").input_value() == ""

    page.get_by_role("button", name=en("Test the connection")).click()
    expect(page.get_by_text(en("The connection works."))).to_be_visible()
    columns = page.get_by_role("table", name=re.compile("3 columns"))
    expect(columns).to_contain_text("decision")

    page.get_by_role("link", name=en("Start an audit from this connection")).click()
    fairness = page.locator("form[action$='/fairness']")
    fairness.get_by_label(en("Label: the true outcome")).select_option("label")
    fairness.get_by_label(en("Prediction: the decision")).select_option("decision")
    fairness.get_by_label("sex", exact=True).check()
    fairness.get_by_role("button", name=en("Run the fairness audit")).click()

    expect(page).to_have_url(re.compile(r"/audits/\d+$"))
    findings = page.get_by_role("heading", name=en("Findings"))
    expect(findings).to_be_visible(timeout=60_000)
    expect(page.locator("body")).to_contain_text(
        "Only the count table left the engine (postgresql)"
    )
    expect(page.locator("body")).to_contain_text(en("Query fingerprint (SHA-256)"))
    assert SECRET_PASSWORD not in page.content()
