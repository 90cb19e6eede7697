"""axe-core on every page of the app, in the states that matter, against WCAG 2.1 A and AA.

Each page state is also shown 320 CSS pixels wide, where nothing but a data table may scroll
sideways (WCAG 1.4.10 Reflow, which axe does not check).

Every GET route that answers HTML must be visited here and checked: the test fails when one is
missing, so a new page cannot ship without an accessibility check. Partial pages (htmx
fragments) are checked where they are shown, inside the page that fetches them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiact_e2e_support import (
    follow_ups_shown,
    make_aiact,
    questionnaire_invalid,
    rerun_shown,
    time_axis_shown,
)
from assessments_e2e_support import make_assessments
from audit_connections_e2e_support import connection_refused, make_connections
from audit_e2e_support import columns_refused, make_audits, reference_refused, upload_refused
from consultations_e2e_support import (
    consultation_invalid,
    contribution_invalid,
    contribution_sent,
    make_consultations,
)
from e2e_support import AXE_SCRIPT, EMAILS, LiveServer, new_context, sign_in_context
from eco_e2e_support import make_eco_jobs
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from guichet_e2e_support import make_guichet, question_followed, question_invalid
from import_e2e_support import make_import_jobs, register_import_refused
from monitoring_e2e_support import (
    make_monitoring,
    request_followed,
    request_invalid,
    staff_form_invalid,
)
from obligations_e2e_support import duty_invalid, make_obligations
from observatory_e2e_support import make_observatory
from panel_e2e_support import make_sweep_panels
from panel_messages_e2e_support import SWEEP_PANEL, make_sweep_messages
from panel_survey_e2e_support import make_sweep_survey
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect
from starlette.routing import compile_path

from balise.domain.accounts.model import Actor
from balise.domain.jobs.model import JobStatus
from balise.services import jobs, register
from balise.services.audit_log import take_checkpoint
from balise.web.app import create_app, routes_of
from panel_members_support import make_sweep_registrations, member_cookie
from register_support import actor_of, create, create_published

pytestmark = pytest.mark.e2e

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ("fr", "nl", "de", "en")
CSV_HEADER = "slug,name_fr,name_nl,kind,size_class,sector,enterprise_number\n"
GOOD_CSV = CSV_HEADER + (
    "ville-de-namur,Ville de Namur,Stad Namen,public_body,large,public_administration,\n"
    "datakern,Datakern SA,Datakern NV,company,small,research,0203.201.340\n"
)
BAD_CSV = CSV_HEADER + (
    "Not A Slug,,,club,huge,public_administration,123\nfine-one,Fine,,company,micro,other,\n"
)

POLL_TIMEOUT_MS = 15_000

Step = Callable[[Page], None]


# --- The states a page is checked in, beyond its plain rendering -------------------------------


def submit(page: Page, form: str = "main form[method=post]") -> None:
    """Click the form's submit button, as a person would, and wait for the answer."""
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator(form).locator("button[type=submit]").last.click()


def shows_errors(page: Page) -> None:
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()


def registration_invalid(page: Page) -> None:
    page.locator("#field-code").fill("ABCDE")
    submit(page)
    shows_errors(page)


def member_sign_in_refused(page: Page) -> None:
    page.locator("#field-code").fill("AAAAA-AAAAA")
    submit(page, "main form[action$='/space/sign-in']")
    shows_errors(page)


def login_refused(page: Page) -> None:
    page.locator("#field-email").fill("admin@balise.test")
    page.locator("#field-password").fill("not the password")
    submit(page)
    shows_errors(page)


def searched(page: Page) -> None:
    """Search the portal with a Dutch word, through its form, as a person would."""
    page.locator("#field-q").fill("aanvraag")  # the record says "aanvragen"
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("ol.results li").first).to_be_visible()


def record_invalid(page: Page) -> None:
    page.locator("#field-slug").fill("Not A Slug!")
    page.locator("#field-name_fr").fill("x" * 101)
    submit(page)
    shows_errors(page)


def record_section_invalid(page: Page) -> None:
    """The error summary of a section page, with an error inside the folded translations."""
    page.locator("#field-name_nl").fill("x" * 101)
    page.locator("#field-name_fr").fill("y" * 101)
    submit(page)
    shows_errors(page)


def organisation_invalid(page: Page) -> None:
    page.locator("#field-slug").fill("Not A Slug!")
    for language in LANGUAGES:
        page.locator(f"#field-name_{language}").fill("")
    page.locator("#field-enterprise_number").fill("0203.201.341")
    page.locator("#field-contact_email").fill("not-an-address")
    submit(page)
    shows_errors(page)


def import_refused(page: Page) -> None:
    page.locator("#field-file").set_input_files(
        files=[{"name": "organisations.txt", "mimeType": "text/plain", "buffer": b"slug,kind\n"}]
    )
    submit(page)
    shows_errors(page)


def user_invalid(page: Page) -> None:
    page.locator("#field-email").fill("not-an-address")
    page.locator("#field-password").fill("short")
    submit(page)
    shows_errors(page)


def password_refused(page: Page) -> None:
    page.locator("#field-current_password").fill("not the password")
    page.locator("#field-new_password").fill("short")
    submit(page, "form[action='/account/password']")
    shows_errors(page)


def token_created(page: Page) -> None:
    page.locator("#field-name").fill("inventory sync")
    submit(page, "form[action='/account/tokens']")
    expect(page.locator(".secret")).to_be_visible()
    expect(page.locator("main table")).to_be_visible()


def progress_polled(page: Page) -> None:
    """Wait until htmx has swapped in the progress fragment, then stop polling during the check."""
    page.evaluate(
        """(timeout) => new Promise((resolve, reject) => {
        document.body.addEventListener('htmx:afterSettle', () => {
            document.body.addEventListener('htmx:beforeRequest', event => event.preventDefault());
            resolve();
        }, {once: true});
        setTimeout(() => reject(new Error('htmx never refreshed the progress')), timeout);
    })""",
        POLL_TIMEOUT_MS,
    )


def panel_invalid(page: Page) -> None:
    page.locator("#field-slug").fill("Not A Slug!")
    page.locator("#field-size").fill("0")
    submit(page)
    shows_errors(page)


def title_refused(page: Page) -> None:
    """The title form, opened, with a title too long: its error next to the German field."""
    page.locator("#title summary").click()
    page.locator("#field-title_de").fill("x" * 201)
    submit(page, 'form[action$="/title"]')
    shows_errors(page)
    expect(page.locator("#title")).to_have_attribute("open", "")


def pool_refused(page: Page) -> None:
    """An upload whose quotas file has a wrong number: the error names line and column."""
    page.locator("#field-people").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": b"id,group\np1,a\n"}]
    )
    page.locator("#field-quotas").set_input_files(
        files=[
            {
                "name": "quotas.csv",
                "mimeType": "text/csv",
                "buffer": b"feature,value,min,max\ngroup,a,one,1\n",
            }
        ]
    )
    submit(page, "form[action$='/pool']")
    shows_errors(page)


def message_invalid(page: Page) -> None:
    page.locator("#field-text_fr").fill("Seulement en français")
    submit(page, "form[action$='/messages/new']")
    shows_errors(page)


def commitment_refused(page: Page) -> None:
    page.locator("#field-party_commitments").fill("not a hash")
    submit(page, "form[action$='/commit']")
    shows_errors(page)


@dataclass(frozen=True)
class Visit:
    role: str  # "anonymous" or a `world` user
    path: str  # may name the jobs made in setup: {queued}, {imported}, {rejected}, {verified}
    status: int = 200
    language: str = "en"
    then: Step | None = None

    def __str__(self) -> str:
        state = f", then {self.then.__name__.replace('_', ' ')}" if self.then else ""
        return f"{self.path} as {self.role} in {self.language} (HTTP {self.status}{state})"


VISITS: list[Visit] = [
    # The public.
    Visit("anonymous", "/"),
    Visit("anonymous", "/login"),
    Visit("anonymous", "/login", then=login_refused),
    Visit("anonymous", "/organisations"),
    Visit("anonymous", "/organisations/alpha"),
    Visit("anonymous", "/no-such-page", status=404),
    Visit("anonymous", "/organisations/no-such-organisation", status=404),
    # The pages about Balise, and what waits for staff after signing in.
    *(
        Visit("anonymous", path, language=language)
        for language in LANGUAGES
        for path in ("/about", "/privacy", "/accessibility", "/contact")
    ),
    Visit("reviewer", "/my-work"),
    Visit("regulator", "/my-work"),
    *(Visit("regulator", "/regulator", language=language) for language in LANGUAGES),
    Visit("editor", "/my-work", language="fr"),
    # Administrators.
    Visit("admin", "/"),
    Visit("admin", "/organisations"),
    Visit("admin", "/organisations/alpha"),
    Visit("admin", "/organisations/new"),
    Visit("admin", "/organisations/new", then=organisation_invalid),
    Visit("admin", "/organisations/import"),
    Visit("admin", "/organisations/import", then=import_refused),
    Visit("admin", "/organisations/alpha/edit"),
    Visit("admin", "/organisations/alpha/history"),
    Visit("admin", "/admin/users"),
    Visit("admin", "/admin/users", then=user_invalid),
    Visit("admin", "/audit-log"),
    *(Visit("anonymous", "/audit-log/checkpoints", language=language) for language in LANGUAGES),
    Visit("admin", "/account", then=token_created),
    Visit("admin", "/jobs/{queued}", then=progress_polled),
    Visit("admin", "/jobs/{imported}"),
    Visit("admin", "/jobs/{rejected}"),
    Visit("admin", "/jobs/{verified}"),
    # The register's working pages.
    Visit("editor", "/register"),
    Visit("editor", "/register/new"),
    Visit("editor", "/register/new", then=record_invalid),
    Visit("editor", "/register/{system}"),
    Visit("editor", "/register/{draft}"),
    Visit("editor", "/register/{system}/edit"),
    # The record form in sections: the overview and a section in four languages, its errors.
    *(Visit("editor", "/register/{system}/edit", language=language) for language in LANGUAGES),
    *(
        Visit("editor", "/register/{system}/edit/purpose", language=language)
        for language in LANGUAGES
    ),
    Visit("editor", "/register/{system}/edit/purpose", then=record_section_invalid),
    Visit("editor", "/register/{system}/edit/record"),
    Visit("editor", "/register/{draft}/edit"),
    Visit("editor", "/register/{system}/check"),
    Visit("editor", "/register/{draft}/check"),
    # Eco: a record's footprint (with its forms) and the label's guide, in four languages.
    *(Visit("editor", "/register/{system}/footprint", language=language) for language in LANGUAGES),
    *(Visit("anonymous", "/eco/label", language=language) for language in LANGUAGES),
    Visit("editor", "/register/{system}/footprint/jobs/{eco_queued}", then=progress_polled),
    *(
        Visit("editor", "/register/{system}/footprint/jobs/{eco_done}", language=language)
        for language in LANGUAGES
    ),
    *(
        Visit("editor", "/register/{system}/footprint/jobs/{eco_failed}", language=language)
        for language in LANGUAGES
    ),
    # Obligations: a classified record's tracker in four languages, a duty's form and its errors.
    *(
        Visit("editor", "/register/{system}/obligations", language=language)
        for language in LANGUAGES
    ),
    Visit("regulator", "/register/{system}/obligations"),
    Visit("editor", "/register/{system}/obligations/ai_literacy/deployer"),
    Visit("editor", "/register/{system}/obligations/fria/deployer", then=duty_invalid),
    Visit("reviewer", "/register/{draft}"),
    Visit("regulator", "/register"),
    *(Visit("editor", "/register/{draft}", language=language) for language in ("fr", "nl", "de")),
    # Bulk import of records, and open data.
    Visit("editor", "/register/import"),
    Visit("editor", "/register/import", then=register_import_refused),
    Visit("editor", "/register/import/jobs/{import_queued}", then=progress_polled),
    Visit("editor", "/register/import/jobs/{import_done}"),
    Visit("editor", "/register/import/jobs/{import_failed}"),
    *(
        Visit("editor", "/register/import/jobs/{import_failed}", language=language)
        for language in ("fr", "nl", "de")
    ),
    Visit("anonymous", "/open-data"),
    *(
        Visit("anonymous", "/systems/{system}/annex-viii", language=language)
        for language in LANGUAGES
    ),
    # The public portal.
    Visit("anonymous", "/systems"),
    Visit("anonymous", "/systems", then=searched),
    Visit("anonymous", "/systems/{system}"),
    Visit("anonymous", "/systems/{system}/versions"),
    Visit("anonymous", "/systems/{system}/compare"),
    *(
        Visit("anonymous", path, language=language)
        for language in ("fr", "nl", "de")
        for path in ("/systems", "/systems/{system}")
    ),
    # Oversight.
    Visit("regulator", "/audit-log"),
    Visit("regulator", "/organisations/beta/history"),
    # An organisation's own people.
    Visit("editor", "/organisations/alpha"),
    Visit("editor", "/organisations/alpha/edit"),
    Visit("editor", "/organisations/alpha/edit", then=organisation_invalid),
    Visit("editor", "/organisations/alpha/history"),
    Visit("editor", "/account"),
    Visit("editor", "/account", then=password_refused),
    Visit("editor", "/admin/users", status=403),
    Visit("reviewer", "/organisations/alpha"),
    Visit("reviewer", "/account"),
    # Citizens' panels: the public pages, and every step of an organiser's page.
    Visit("anonymous", "/panels"),
    Visit("anonymous", "/panels/sweep-committed"),
    Visit("anonymous", "/panels/sweep-drawn"),
    Visit("anonymous", "/panels/sweep-draft", status=404),
    Visit("editor", "/panels"),
    Visit("editor", "/panels/new"),
    Visit("editor", "/panels/new", then=panel_invalid),
    Visit("admin", "/panels/new"),
    Visit("editor", "/panels/sweep-draft/manage"),
    Visit("editor", "/panels/sweep-draft/manage", then=pool_refused),
    Visit("editor", "/panels/sweep-draft/manage", then=title_refused),
    Visit("editor", "/panels/sweep-infeasible/manage"),
    Visit("editor", "/panels/sweep-selected/manage"),
    Visit("editor", "/panels/sweep-selected/manage", then=commitment_refused),
    Visit("reviewer", "/panels/sweep-committed/manage"),
    Visit("reviewer", "/panels/sweep-drawn/manage"),
    Visit("reviewer", "/panels/sweep-drawn"),
    # The panels' messages: results, annex and follow-up; the organisers' pages; a member's votes
    # ("member": a member of the drawn sweep panel, signed in to its members' space).
    Visit("anonymous", "/panels/sweep-drawn/messages"),
    Visit("anonymous", "/panels/sweep-drawn/messages/{closed_message}"),
    Visit("anonymous", "/panels/sweep-drawn/follow-up"),
    Visit("editor", "/panels/sweep-drawn/messages/manage"),
    Visit("editor", "/panels/sweep-drawn/messages/manage", then=message_invalid),
    Visit("editor", "/panels/sweep-drawn/messages/{draft_message}/edit"),
    Visit("editor", "/panels/sweep-drawn/messages/{closed_message}/edit"),
    Visit("member", "/panels/sweep-drawn/space/votes"),
    # The before/after questionnaire: results (published, and not yet), organisers, a member.
    Visit("anonymous", "/panels/sweep-survey/survey"),
    Visit("anonymous", "/panels/sweep-drawn/survey"),
    Visit("editor", "/panels/sweep-drawn/survey/manage"),
    Visit("editor", "/panels/sweep-survey/survey/manage"),
    Visit("member", "/panels/sweep-drawn/space/questionnaire"),
    *(
        Visit(role, path, language=language)
        for language in ("fr", "nl", "de")
        for role, path in (
            ("anonymous", "/panels/sweep-survey/survey"),
            ("member", "/panels/sweep-drawn/space/questionnaire"),
        )
    ),
    *(
        Visit(role, path, language=language)
        for language in ("fr", "nl", "de")
        for role, path in (
            ("anonymous", "/panels/sweep-drawn/messages/{closed_message}"),
            ("member", "/panels/sweep-drawn/space/votes"),
        )
    ),
    # Registration with an invitation code, the organisers' registrations, the members' space.
    Visit("anonymous", "/panels/sweep-selected/register"),
    Visit("anonymous", "/panels/sweep-selected/register", then=registration_invalid),
    Visit("editor", "/panels/sweep-selected/registrations"),
    Visit("anonymous", "/panels/sweep-drawn/space/sign-in"),
    Visit("anonymous", "/panels/sweep-drawn/space/sign-in", then=member_sign_in_refused),
    Visit("anonymous", "/panels/sweep-drawn/space/link/not-a-token"),
    Visit("member", "/panels/sweep-drawn/space"),
    *(
        Visit(role, path, language=language)
        for language in ("fr", "nl", "de")
        for role, path in (
            ("anonymous", "/panels/sweep-selected/register"),
            ("anonymous", "/panels/sweep-drawn/space/sign-in"),
            ("editor", "/panels/sweep-selected/registrations"),
            ("member", "/panels/sweep-drawn/space"),
        )
    ),
    # The AI Act classifier: the questionnaire, its errors and follow-up questions, results.
    Visit("anonymous", "/aiact"),
    Visit("anonymous", "/aiact/questionnaire/evaluation"),
    Visit("anonymous", "/aiact/questionnaire/organisation", then=questionnaire_invalid),
    Visit("anonymous", "/aiact/questionnaire/evaluation", then=follow_ups_shown),
    Visit("anonymous", "/aiact/result"),
    Visit("anonymous", "/aiact/timeline"),
    Visit("editor", "/aiact/saved"),
    Visit("editor", "/aiact/saved/{questionnaire}/annex_iii"),
    Visit("editor", "/aiact/saved/{questionnaire}/result"),
    Visit("editor", "/aiact/saved/{questionnaire}/result", then=time_axis_shown),
    Visit("editor", "/register/{classified}/classification"),
    Visit("editor", "/register/{classified}/classification", then=rerun_shown),
    *(
        Visit("editor", "/aiact/saved/{questionnaire}/result", language=language)
        for language in ("fr", "nl", "de")
    ),
    # Audits: uploading, choosing the columns, a job waiting, reports of both kinds.
    Visit("editor", "/organisations/alpha/audits"),
    Visit("editor", "/organisations/alpha/audits", then=upload_refused),
    Visit("regulator", "/organisations/alpha/audits"),
    Visit("editor", "/register/{system}/audits"),
    Visit("editor", "/audits/uploads/{audit_upload}"),
    Visit("editor", "/audits/uploads/{audit_upload}", then=columns_refused),
    Visit("editor", "/audits/uploads/{audit_upload}", then=reference_refused),
    Visit("editor", "/audits/{audit_queued}", then=progress_polled),
    Visit("editor", "/audits/{audit_report}"),
    Visit("editor", "/audits/{audit_shares}"),
    Visit("regulator", "/audits/{audit_report}"),
    Visit("editor", "/organisations/alpha/audits/connections"),
    Visit("editor", "/organisations/alpha/audits/connections", then=connection_refused),
    Visit("editor", "/audits/connections/{audit_connection}"),
    Visit("editor", "/audits/connections/{audit_connection}/audit"),
    *(
        Visit("editor", path, language=language)
        for path in (
            "/organisations/alpha/audits/connections",
            "/audits/connections/{audit_connection}",
        )
        for language in ("fr", "nl", "de")
    ),
    *(
        Visit("editor", "/audits/{audit_report}", language=language)
        for language in ("fr", "nl", "de")
    ),
    # Impact assessments: the deployer's pages, the committees, the regulator's inbox.
    Visit("editor", "/assessments"),
    Visit("editor", "/register/{system}/assessments"),
    Visit("editor", "/assessments/{assessment}"),
    Visit("editor", "/assessments/{assessment}/sections/process"),
    Visit("editor", "/assessments/{draft_assessment}"),
    Visit("editor", "/assessments/{draft_assessment}/sections/risks"),
    Visit("editor", "/assessments/{assessment}/report"),
    Visit("editor", "/assessments/{assessment}/compare"),
    Visit("editor", "/assessments/{assessment}/action-plan"),
    Visit("regulator", "/assessments/{assessment}/notification"),
    Visit("admin", "/committees"),
    Visit("regulator", "/regulator/notifications"),
    *(
        Visit("editor", "/assessments/{assessment}", language=language)
        for language in ("fr", "nl", "de")
    ),
    # Monitoring: the citizen's request, its follow-up, staff and regulator inboxes, incidents.
    Visit("anonymous", "/requests/new"),
    Visit("anonymous", "/requests/new", then=request_invalid),
    Visit("anonymous", "/requests/new", then=request_followed),
    Visit("anonymous", "/requests/statistics"),
    Visit("anonymous", "/incidents"),
    *(Visit("anonymous", "/requests/new", language=language) for language in ("fr", "nl", "de")),
    Visit("editor", "/monitoring"),
    Visit("editor", "/monitoring/requests/new"),
    Visit("editor", "/monitoring/requests/new", then=staff_form_invalid),
    Visit("editor", "/monitoring/requests/{request}"),
    Visit("editor", "/monitoring/incidents/new"),
    Visit("editor", "/monitoring/incidents/new", then=staff_form_invalid),
    Visit("editor", "/monitoring/incidents/{incident}"),
    Visit("reviewer", "/monitoring/requests/{request}", language="de"),
    Visit("editor", "/monitoring/organisations/alpha/request-basis"),
    Visit("editor", "/monitoring/organisations/alpha/request-basis", language="nl"),
    Visit("regulator", "/monitoring/regulator"),
    Visit("regulator", "/monitoring/incidents/{incident}"),
    # The observatory: indicators with charts, a definition, the annual report.
    *(Visit("anonymous", "/observatory", language=language) for language in LANGUAGES),
    Visit("anonymous", "/observatory/indicators/{indicator}"),
    Visit("anonymous", "/observatory/indicators/{indicator}", language="de"),
    Visit("anonymous", "/observatory/report"),
    Visit("regulator", "/observatory"),
    # The guichet: guides, the FAQ, the question desk and the review of guides.
    *(Visit("anonymous", "/guides", language=language) for language in LANGUAGES),
    *(Visit("anonymous", "/guides/{guide}", language=language) for language in LANGUAGES),
    Visit("anonymous", "/faq"),
    Visit("anonymous", "/faq", language="nl"),
    Visit("anonymous", "/questions/new"),
    Visit("anonymous", "/questions/new", then=question_invalid),
    Visit("anonymous", "/questions/new", then=question_followed),
    *(Visit("anonymous", "/questions/new", language=language) for language in ("fr", "nl", "de")),
    Visit("regulator", "/guichet"),
    Visit("regulator", "/guichet/questions/{question}"),
    Visit("regulator", "/guichet/questions/{question}", language="fr"),
    Visit("regulator", "/guichet/guides"),
    Visit("admin", "/guichet/guides", language="de"),
    # Consultations: the list, a consultation and a section with its form, moderation, creation.
    *(Visit("anonymous", "/consultations", language=language) for language in LANGUAGES),
    *(
        Visit("anonymous", "/consultations/{consultation}", language=language)
        for language in LANGUAGES
    ),
    *(
        Visit(
            "anonymous",
            "/consultations/{consultation}/sections/{consultation_section}",
            language=language,
        )
        for language in LANGUAGES
    ),
    Visit(
        "anonymous",
        "/consultations/{consultation}/sections/{consultation_section}",
        then=contribution_invalid,
    ),
    Visit(
        "anonymous",
        "/consultations/{consultation}/sections/{consultation_section}",
        then=contribution_sent,
    ),
    Visit("regulator", "/consultations/{consultation}/moderation"),
    Visit("regulator", "/consultations/{consultation}/moderation", language="fr"),
    Visit("admin", "/consultations/new"),
    Visit("admin", "/consultations/new", then=consultation_invalid),
    Visit("admin", "/consultations/new", language="nl"),
    # Every language, on the public pages and on a form's errors.
    *(
        Visit("anonymous", path, language=language)
        for language in ("fr", "nl", "de")
        for path in ("/", "/organisations", "/organisations/alpha", "/login")
    ),
    *(
        Visit(role, path, language=language)
        for language in ("fr", "nl", "de")
        for role, path in (
            ("anonymous", "/panels/sweep-drawn"),
            ("editor", "/panels/sweep-drawn/manage"),
        )
    ),
    *(
        Visit("editor", "/panels/sweep-draft/manage", language=language, then=pool_refused)
        for language in ("fr", "nl", "de")
    ),
    *(
        Visit("admin", "/organisations/new", language=language, then=organisation_invalid)
        for language in ("fr", "nl", "de")
    ),
    *(
        Visit("anonymous", "/no-such-page", status=404, language=language)
        for language in ("fr", "nl", "de")
    ),
]


# --- Routes, and which of them a visit showed ---------------------------------------------------


def html_pages(app: FastAPI) -> dict[str, re.Pattern[str]]:
    """Every GET route that answers HTML (the API, JSON documents, the health check and the
    addresses that only redirect to a page, declared `response_class=RedirectResponse`, aside).

    Routes without parameters come first, so that /organisations/new is not taken for a slug.
    """
    paths = {
        route.path
        for route in routes_of(app)
        if "GET" in route.methods
        and route.route.response_class is not RedirectResponse
        and not route.path.startswith(("/api/", "/auth/oidc/"))
        # data and downloads
        and not route.path.endswith((".json", ".csv", ".html", ".pdf", ".jsonld", ".xlsx"))
        and route.path != "/healthz"
    }
    return {path: compile_path(path)[0] for path in sorted(paths, key=lambda p: ("{" in p, p))}


class RouteLog:
    """The routes whose HTML a page received (documents and htmx fragments) since last taken."""

    def __init__(self, routes: dict[str, re.Pattern[str]]) -> None:
        self.routes = routes
        self.seen: set[str] = set()

    def watch(self, page: Page) -> None:
        page.on("response", self._record)

    def _record(self, response: Response) -> None:
        if response.request.method != "GET" or response.status != 200:
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        path = urlsplit(response.url).path
        for route, pattern in self.routes.items():
            if pattern.match(path):
                self.seen.add(route)
                return

    def take(self) -> set[str]:
        taken, self.seen = self.seen, set()
        return taken


# --- axe ------------------------------------------------------------------------------------------

AXE_RUN = """async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
    });
    return results.violations.map(violation => ({
        id: violation.id, impact: violation.impact, help: violation.help,
        helpUrl: violation.helpUrl,
        nodes: violation.nodes.map(node => ({
            target: node.target.join(' '), html: node.html, summary: node.failureSummary,
        })),
    }));
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE_SCRIPT))
    violations: list[dict[str, Any]] = page.evaluate(AXE_RUN, AXE_TAGS)
    return violations


# --- Reflow (WCAG 1.4.10), which axe does not check ---------------------------------------------

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 720}
OVERFLOWING = """(width) => {
    const wide = [...document.body.querySelectorAll('*')].filter(element => {
        if (element.closest('.table-scroll')) return false;  // a data table may scroll, alone
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1;
    });
    return wide.filter(element => !wide.some(other => other !== element && element.contains(other)))
        .slice(0, 5).map(element => element.outerHTML.slice(0, 160));
}"""


def reflow_problems(page: Page) -> list[str]:
    """What makes the page scroll sideways at 320 CSS pixels (1280 pixels zoomed to 400 %)."""
    page.set_viewport_size(NARROW)
    try:
        if page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]:
            return []
        overflowing: list[str] = page.evaluate(OVERFLOWING, NARROW["width"])
        return overflowing or ["the page scrolls sideways"]
    finally:
        page.set_viewport_size(WIDE)


def describe(visit: Visit, violations: list[dict[str, Any]]) -> str:
    lines = [f"{visit}:"]
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            lines.extend(f"      {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)


# --- Setup: jobs in each state -------------------------------------------------------------------


def make_jobs(server: LiveServer) -> dict[str, str]:
    """One job left queued (its page keeps polling), and one finished in each way."""
    container = server.container
    admin = Actor(user=server.world["users"]["admin"])

    def start(kind: str, params: dict[str, str]) -> str:
        with container.uow() as uow:
            job = jobs.start_job(uow, actor=admin, kind=kind, params=params)
            uow.commit()
        return job.id

    def upload(text: str) -> dict[str, str]:
        key = container.storage.save(io.BytesIO(text.encode()), suffix=".csv", max_bytes=1 << 20)
        return {"file": key}

    # Never handed to the queue, so it stays queued however long the consumer runs.
    queued = start("organisations.import", upload(GOOD_CSV))
    finished = {
        "imported": start("organisations.import", upload(GOOD_CSV)),
        "rejected": start("organisations.import", upload(BAD_CSV)),
        "verified": start("audit_log.verify", {}),
    }
    expected = {
        "imported": JobStatus.SUCCEEDED,
        "rejected": JobStatus.FAILED,
        "verified": JobStatus.SUCCEEDED,
    }
    for name, job_id in finished.items():
        assert container.run_job(job_id).status is expected[name], name
    with container.uow() as uow:  # a signed checkpoint for /audit-log/checkpoints to list
        take_checkpoint(uow)
        uow.commit()
    return {"queued": queued, **finished}


def make_records(server: LiveServer) -> dict[str, str]:
    """A published record and a draft sent for review, of organisation alpha."""
    published = create_published(server.container, server.world)
    draft = create(
        server.container,
        server.world,
        name={"nl": "Premieaanvragen sorteren", "fr": "Tri des demandes de prime"},
    )
    with server.container.uow() as uow:
        register.submit_system(uow, actor=actor_of(server.world, "editor"), slug=draft.slug)
        uow.commit()
    return {"system": published.slug, "draft": draft.slug}


@pytest.fixture
def sweep_context(
    browser: Browser, live_server: LiveServer
) -> Iterator[Callable[[str, str], BrowserContext]]:
    """Browser profiles per role and language.

    add_script_tag injects axe as an inline script, which the app's Content-Security-Policy
    refuses, so these profiles bypass it; the journeys run with the policy enforced.
    """
    opened: list[BrowserContext] = []

    def open_as(role: str, language: str) -> BrowserContext:
        context = new_context(browser, live_server, language=language, bypass_csp=True)
        opened.append(context)
        if role == "member":
            member = member_cookie(live_server.container, SWEEP_PANEL, live_server.url)
            context.add_cookies([member])
        elif role != "anonymous":
            sign_in_context(context, EMAILS[role])
        return context

    yield open_as
    for context in opened:
        context.close()


def test_every_page_passes_axe_and_reflows(
    live_server: LiveServer, sweep_context: Callable[[str, str], BrowserContext]
) -> None:
    routes = html_pages(create_app(live_server.container))
    assert {"/", "/organisations/{slug}"} <= set(routes), f"route enumeration broken: {routes}"
    log = RouteLog(routes)
    ids = {
        **make_jobs(live_server),
        **make_records(live_server),
        **make_aiact(live_server),
        **make_audits(live_server),
        **make_connections(live_server),
        **make_import_jobs(live_server),
    }
    ids.update(make_assessments(live_server, ids["system"]))
    ids.update(make_monitoring(live_server, ids["system"]))
    ids.update(make_obligations(live_server, ids["system"]))
    ids.update(make_eco_jobs(live_server, ids["system"]))
    ids.update(make_observatory(live_server))
    ids.update(make_guichet(live_server))
    ids.update(make_consultations(live_server))
    make_sweep_panels(live_server)
    ids.update(make_sweep_messages(live_server))
    make_sweep_survey(live_server)
    make_sweep_registrations(live_server.container, live_server.world)
    covered: set[str] = set()
    failures: list[str] = []

    def who(visit: Visit) -> tuple[str, str]:
        return visit.role, visit.language

    for (role, language), visits in groupby(sorted(VISITS, key=who), key=who):
        page = sweep_context(role, language).new_page()
        log.watch(page)
        for visit in visits:
            response = page.goto(visit.path.format(**ids))
            assert response is not None
            assert response.status == visit.status, f"{visit}: got HTTP {response.status}"
            assert urlsplit(page.url).path == visit.path.format(**ids), f"{visit}: at {page.url}"
            if visit.then is not None:
                visit.then(page)
            expect(page.locator("html")).to_have_attribute("lang", visit.language)
            violations = axe_violations(page)
            covered |= log.take()
            if violations:
                failures.append(describe(visit, violations))
            if overflowing := reflow_problems(page):
                failures.append(
                    f"{visit}:\n  [serious] reflow: 320 CSS pixels wide, these stick"
                    " out sideways (WCAG 1.4.10)\n"
                    + "\n".join(f"    {html}" for html in overflowing)
                )
        page.close()

    unchecked = sorted(set(routes) - covered)
    if unchecked:
        pytest.fail(
            "These pages were not checked with axe; add a Visit for each to VISITS in "
            f"tests/e2e/test_accessibility.py: {', '.join(unchecked)}",
            pytrace=False,
        )
    if failures:
        pytest.fail(
            f"WCAG 2.1 A/AA violations on {len(failures)} page state(s):\n\n"
            + "\n\n".join(failures),
            pytrace=False,
        )
