"""Journeys through the app in a real browser: keyboard only, languages, forms, an htmx job page.

They run on SQLite only. What they test happens in the browser (focus, keyboard, forms, language
cookie, htmx polling, the Content-Security-Policy) and is the same whichever database is behind
the app; the axe sweep (test_accessibility.py) and the web and integration suites run on both
databases, and one backend keeps the browser suite quick.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_support import EMAILS, PASSWORD, LiveServer, is_focused, text_in
from playwright.sync_api import ConsoleMessage, Locator, Page, expect

from balise.domain.jobs.model import JobStatus
from balise.web.labels import LABELS

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]

TAB_LIMIT = 40
VALID_KBO = "0203.201.340"
WRONG_CHECK_DIGITS = "0203.201.341"
CHECK_DIGITS_WRONG = "This enterprise number's check digits are wrong."
IMPORTED_ROWS = 120


def nl(key: str, **params: object) -> str:
    """The Dutch the app shows for a message, from its catalogue."""
    return text_in("nl", key, **params)


def en(key: str, **params: object) -> str:
    return text_in("en", key, **params)


@pytest.fixture
def browser_errors(page: Page) -> list[str]:
    """Console errors (a refused inline script or style included) and uncaught exceptions.

    Responses with an error status are left out: the tests check those statuses where they
    expect them (a refused sign-in answers 400), and Chromium asks for a /favicon.ico.
    """
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"console: {message.text} at {message.location}")

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{TAB_LIMIT} presses of {key} never reached {target}")


def has_focus_ring(locator: Locator) -> bool:
    """The focused element shows an outline or a box shadow (WCAG 2.4.7 Focus Visible)."""
    shown: bool = locator.evaluate("""element => {
        const style = getComputedStyle(element);
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== 'none';
    }""")
    return shown


def test_keyboard_only_skip_link_language_switch_and_sign_in(
    page: Page, live_server: LiveServer, browser_errors: list[str]
) -> None:
    page.goto("/")

    # The first Tab reaches the skip link, which appears, and Enter moves the focus to main.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=en("Skip to main content"))
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert has_focus_ring(skip)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"/#main$"))
    page.keyboard.press("Tab")
    expect(page.locator("main a").first).to_be_focused()

    # The language switch, with the keyboard only.
    dutch = page.get_by_role("button", name="Nederlands")
    tab_to(page, dutch, backwards=True)
    assert has_focus_ring(dutch)
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("button", name="Nederlands")).to_have_attribute("aria-current", "true")

    # Signing in: a wrong password first, then the right one, never touching the mouse.
    sign_in_link = page.get_by_role("link", name=nl("Sign in"), exact=True)
    tab_to(page, sign_in_link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/login$"))
    email = page.locator("#field-email")
    tab_to(page, email)
    page.keyboard.type(EMAILS["admin"])
    page.keyboard.press("Tab")
    expect(page.locator("#field-password")).to_be_focused()
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")

    # The errors get the focus first; their link leads to the field in question.
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link")).to_be_focused()
    page.keyboard.press("Enter")
    password = page.locator("#field-password")
    expect(password).to_be_focused()
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_value(EMAILS["admin"])
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    sign_out = page.get_by_role("button", name=nl("Sign out"))
    expect(sign_out).to_be_visible()
    tab_to(page, sign_out)
    assert is_focused(page, "header form[action='/logout'] button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=nl("Sign in"), exact=True)).to_be_visible()
    assert browser_errors == []


def test_admin_switches_to_dutch_and_creates_an_organisation(
    page: Page, live_server: LiveServer, browser_errors: list[str]
) -> None:
    # Sign in through the form.
    page.goto("/")
    page.get_by_role("link", name=en("Sign in"), exact=True).click()
    page.get_by_label(en("E-mail address")).fill(EMAILS["admin"])
    page.get_by_label(en("Password")).fill(PASSWORD)
    page.get_by_role("button", name=en("Sign in"), exact=True).click()
    expect(page.get_by_role("button", name=en("Sign out"))).to_be_visible()

    # Switch to Dutch; the choice holds on the next pages.
    page.get_by_role("button", name="Nederlands").click()
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "nl")
    page.get_by_role("navigation").get_by_role("link", name=nl("Organisations")).click()
    expect(page).to_have_url(re.compile(r"/organisations$"))
    expect(html).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Organisations"))

    # Create an organisation, named in two languages, with a valid KBO/BCE number.
    page.get_by_role("link", name=nl("Add an organisation")).click()
    expect(html).to_have_attribute("lang", "nl")

    def fill_form(slug: str, enterprise_number: str) -> None:
        page.get_by_label(nl("Address in Balise")).fill(slug)
        page.get_by_label("Nederlands", exact=True).fill(f"Stad {slug.title()}")
        page.get_by_label("Français", exact=True).fill(f"Ville de {slug.title()}")
        page.get_by_label(nl("Kind")).select_option("public_body")
        page.get_by_label(nl("Size")).select_option("large")
        page.get_by_label(nl("Sector")).select_option("public_administration")
        page.get_by_label(nl("Enterprise number (KBO/BCE)")).fill(enterprise_number)
        page.get_by_role("button", name=nl("Save")).click()

    fill_form("gent", VALID_KBO)
    expect(page).to_have_url(re.compile(r"/organisations/gent\?created=1$"))
    expect(page.get_by_role("status")).to_have_text(nl("The organisation was created."))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stad Gent")
    expect(html).to_have_attribute("lang", "nl")
    expect(page.get_by_text("Ville de Gent")).to_have_attribute("lang", "fr")
    expect(page.locator("dl#facts")).to_contain_text(VALID_KBO)

    # The same form with a wrong enterprise number: the Dutch error sits by its field.
    page.goto("/organisations/new")
    fill_form("brugge", WRONG_CHECK_DIGITS)
    expect(page).to_have_url(re.compile(r"/organisations/new$"))
    error = nl(CHECK_DIGITS_WRONG)
    assert error != en(CHECK_DIGITS_WRONG), "the nl catalogue lacks this error's translation"
    field = page.get_by_label(nl("Enterprise number (KBO/BCE)"))
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value(WRONG_CHECK_DIGITS)
    expect(field).to_have_accessible_description(re.compile(re.escape(error)))
    expect(page.locator(".field", has=field).locator(".error")).to_have_text(error)
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=error)).to_have_attribute(
        "href", "#field-enterprise_number"
    )
    expect(html).to_have_attribute("lang", "nl")
    # What was typed is kept, and nothing was created.
    expect(page.get_by_label("Nederlands", exact=True)).to_have_value("Stad Brugge")
    assert page.goto("/organisations/brugge").status == 404
    assert browser_errors == []


def test_admin_imports_organisations_and_watches_the_job(
    page: Page, live_server: LiveServer, browser_errors: list[str], tmp_path: Path
) -> None:
    csv = tmp_path / "organisations.csv"
    csv.write_text(
        "slug,name_fr,name_nl,name_en,kind,size_class,sector,enterprise_number\n"
        + "".join(
            f"gemeente-{n},Commune {n},Gemeente {n},Municipality {n},public_body,medium,"
            f"public_administration,\n"
            for n in range(1, IMPORTED_ROWS + 1)
        ),
        encoding="utf-8",
    )
    page.goto("/login")
    page.get_by_label(en("E-mail address")).fill(EMAILS["admin"])
    page.get_by_label(en("Password")).fill(PASSWORD)
    page.get_by_role("button", name=en("Sign in"), exact=True).click()
    page.get_by_role("navigation").get_by_role("link", name=en("Organisations")).click()
    page.get_by_role("link", name=en("Import from a CSV file")).click()
    page.get_by_label(en("CSV file")).set_input_files(csv)

    # Hold the queue, so that the job page is seen waiting and polling before the job runs.
    live_server.stop_jobs()
    page.get_by_role("button", name=en("Import"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f]{32}$"))
    status = page.locator("#job-progress .job-status")
    expect(status).to_have_text(en(LABELS[JobStatus.QUEUED]))
    page.evaluate("window.balisePageMark = 'not reloaded'")
    with page.expect_response(re.compile(r"/jobs/[0-9a-f]{32}/progress$")) as polled:
        pass
    assert polled.value.status == 200

    live_server.start_jobs()
    bar = page.get_by_role("progressbar", name=en("Progress"))
    expect(bar).to_have_attribute("value", "100", timeout=30_000)
    expect(status).to_have_text(en(LABELS[JobStatus.SUCCEEDED]))
    expect(page.locator("#job-progress")).not_to_have_attribute("hx-get", re.compile(".*"))
    done = en("%(count)s organisations were imported.", count=IMPORTED_ROWS)
    expect(page.locator("#job-progress .notice")).to_contain_text(done)
    # htmx brought the outcome into the page: it was never reloaded.
    assert page.evaluate("window.balisePageMark") == "not reloaded"

    page.get_by_role("link", name=en("See the organisations")).click()
    expect(page).to_have_url(re.compile(r"/organisations$"))
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Municipality 1", exact=True)).to_be_visible()
    last = table.get_by_role("link", name=f"Municipality {IMPORTED_ROWS}", exact=True)
    expect(last).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(IMPORTED_ROWS + 2)  # and alpha, beta
    assert browser_errors == []
