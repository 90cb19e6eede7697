"""The language-leak check on the demo's pages that no link leads to.

test_language_leaks.py crawls the demo by following links; some pages have no link to them, or
only one with a secret or a query the crawl drops: a citizen's follow-up page (its link carries
the request's key), the panel members' space (a member signs in with a one-time link), a job's
page (a job must be started), the comparison of two versions of a record (`?from=1&to=2`)...
This test reaches each of them as a person would, through the forms, then looks for leaks with
the same functions. `ELSEWHERE` (in test_language_leaks.py) lists these routes; the ones not
opened here are in `NOT_OPENED`, with the reason.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from guichet_support import ASK_FORM, QUESTION_ANSWER_FORM
from monitoring_support import ANSWER_FORM, REQUEST_FORM
from test_audits_web import LOG, run_audit, start_fairness, upload_form
from test_language_leaks import (
    ELSEWHERE,
    LANGUAGES,
    VisibleText,
    choose,
    demo_app,
    english_sources,
    leaks_report,
    look_for_leaks,
    route_patterns,
    signed_in,
    template_of,
)
from web_support import post_form

from audit_connections_support import checked_connection, decisions_table, postgres_form
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.assessments.catalogue import templates
from balise.domain.panels.record import Panel
from balise.domain.shared.i18n import LocalizedText
from balise.i18n import translations
from balise.services import panels, panels_members, register
from balise.services.assessments import drafting as assessment_drafting
from balise.services.panels_demo import DEMO_PANEL_SLUG
from balise.web.assessments.views import BASES
from eco_support import EMISSIONS_CSV
from import_support import THREE, csv_text
from panel_members_support import MEMBER_QUOTAS, sign_in_member

__all__ = ["demo_app"]  # the fixture, shared with test_language_leaks.py

EDITOR = "editor.bosa@demo.balise.be"
REVIEWER = "reviewer.bosa@demo.balise.be"
ADMIN = "admin@demo.balise.be"
# Routes of ELSEWHERE this test does not open, and why.
NOT_OPENED = {
    # Redirects, not pages: to the space, the sign-in page or a vote's anchor.
    "/panels/{slug}/space/link": "a redirect",
    "/panels/{slug}/space/sign-out": "a redirect",
    "/panels/{slug}/space/erasure": "a redirect",
    "/panels/{slug}/space/votes/{message_id}": "a redirect",
}


def user_id(container: Container, email: str) -> str:
    with container.uow(read_only=True) as uow:
        user = uow.users.find_by_email(email)
    assert user is not None, email
    return str(user.id)


def demo_member(container: Container, email: str) -> tuple[Actor, int]:
    """The demo account `email` as an actor, and the id of the demo's FOD BOSA."""
    with container.uow(read_only=True) as uow:
        user = uow.users.find_by_email(email)
        organisation = uow.organisations.find_by_slug("fod-bosa")
    assert user is not None
    assert organisation is not None
    assert organisation.id is not None
    return Actor(user=user), organisation.id


def take_registrations(container: Container) -> None:
    """A draft panel of the demo's FOD BOSA, "registrations-open", that takes registrations."""
    actor, organisation_id = demo_member(container, ADMIN)
    with container.uow() as uow:
        panels.create_panel(
            uow,
            actor=actor,
            panel=Panel(
                organisation_id=organisation_id,
                slug="registrations-open",
                title=LocalizedText(en="Panel 2027"),
                size=2,
                lottery_size=100,
            ),
        )
        panels_members.save_registration_settings(
            uow,
            actor=actor,
            slug="registrations-open",
            open=True,
            categories=MEMBER_QUOTAS,
            exclusions=("elected_office", "party_staff", "organiser_staff"),
        )
        uow.commit()


def connected(container: Container, table: str) -> int:
    """The demo editor's connection to `table` of decisions, tested (its columns found)."""
    editor, organisation = demo_member(container, EDITOR)
    return checked_connection(container, editor, organisation, postgres_form(table))


def second_version(container: Container, candidates: list[int]) -> int:
    """A second version of the demo's impact assessment of the Ixelbeek social service's
    system (one of `candidates`): the system's record changed (how often it is used) and
    published again, then one answer changed, so that the comparison shows both."""
    with container.uow() as uow:
        admin = uow.users.find_by_email(ADMIN)
        organisation = uow.organisations.find_by_slug("cpas-ocmw-ixelbeek")
        assert admin is not None
        assert organisation is not None
        actor = Actor(user=admin)
        first, record = next(
            (assessment.id, record)
            for assessment in filter(None, map(uow.assessments.get, candidates))
            if assessment.template == "fria"
            and (record := uow.systems.get(assessment.system_id)) is not None
            and record.organisation_id == organisation.id
        )
        assert first is not None
        values = {**record.values, "frequency_of_use": {"fr": "Deux fois par jour."}}
        draft = register.Draft(
            values=values,
            visibility=dict(record.chosen_visibility),
            default_language=record.default_language.value,
            checked_languages=[language.value for language in record.checked_languages],
        )
        editor = uow.users.find_by_email("editor.ixelbeek@demo.balise.be")
        assert editor is not None
        register.update_system(uow, actor=Actor(user=editor), slug=record.slug, draft=draft)
        register.submit_system(uow, actor=Actor(user=editor), slug=record.slug)
        register.approve_system(uow, actor=actor, slug=record.slug)
        register.publish_system(uow, actor=actor, slug=record.slug)
        again = assessment_drafting.new_version(uow, actor=actor, assessment_id=first)
        assert again.id is not None
        assessment_drafting.save_answers(
            uow,
            actor=actor,
            assessment_id=again.id,
            raw={"fria.period.frequency": "Deux fois par jour, pour chaque demande."},
        )
        uow.commit()
    return again.id


def links_to(client: TestClient, address: str, pattern: str) -> list[str]:
    """The links of the page at `address` (read in English) that match `pattern` entirely;
    none if there is no such page."""
    choose(client, "en")
    response = client.get(address)
    if response.status_code != 200:
        return []
    parser = VisibleText("en")
    parser.feed(response.text)
    return [link for link in parser.links if re.fullmatch(pattern, link)]


def filed(client: TestClient, base: str, form: dict[str, str]) -> tuple[str, str]:
    """Fill in the public form `{base}/new`: the follow-up link its answer gives (with the key),
    and the reference."""
    made = post_form(client, f"{base}/new", form)
    assert made.status_code == 201, made.text
    found = re.search(f'"({base}/([^"?]+)\\?key=[^"]+)"', made.text)
    assert found, made.text
    return found.group(1), found.group(2)


def located(response: Any, prefix: str) -> str:
    """Where a form sent the browser (303), which must start with `prefix`."""
    assert response.status_code == 303, response.text
    location = str(response.headers["location"])
    assert location.startswith(prefix), location
    return location


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_no_english_or_codes_on_the_pages_no_link_leads_to(
    demo_app: FastAPI, container: Container
) -> None:
    patterns = route_patterns(demo_app)
    sources = english_sources()
    leaks: dict[str, set[str]] = {}
    opened: set[str] = set()

    def check(client: TestClient, address: str, role: str) -> None:
        look_for_leaks(client, address, role, sources, leaks)
        opened.add(template_of(urlsplit(address).path, patterns) or address)

    anonymous = signed_in(demo_app, None)
    editor = signed_in(demo_app, EDITOR)
    reviewer = signed_in(demo_app, REVIEWER)
    regulator = signed_in(demo_app, "regulator@demo.balise.be")
    admin = signed_in(demo_app, ADMIN)
    try:
        # A citizen asks for an explanation, then a question of the help desk: the page that
        # confirms each gives its follow-up link, with its key. Each follow-up page is read
        # before and after the answer.
        choose(anonymous, "fr")
        request, reference = filed(
            anonymous, "/requests", {**REQUEST_FORM, "organisation": "fod-bosa"}
        )
        check(anonymous, request, "citizen")
        assigned = post_form(
            editor,
            f"/monitoring/requests/{reference}/assign",
            {
                "reviewer_id": user_id(container, REVIEWER),
                "decision_maker_id": user_id(container, EDITOR),
            },
        )
        located(assigned, f"/monitoring/requests/{reference}")
        answered = post_form(reviewer, f"/monitoring/requests/{reference}/answer", ANSWER_FORM)
        located(answered, f"/monitoring/requests/{reference}")
        check(anonymous, request, "citizen")
        question, reference = filed(anonymous, "/questions", ASK_FORM)
        check(anonymous, question, "citizen")
        replied = post_form(
            regulator, f"/guichet/questions/{reference}/answer", QUESTION_ANSWER_FORM
        )
        located(replied, "/guichet/questions/")
        check(anonymous, question, "citizen")

        # A member of the demo panel: the sign-in page, then the space and its pages.
        space = f"/panels/{DEMO_PANEL_SLUG}/space"
        check(anonymous, f"{space}/sign-in", "anonymous")
        member = signed_in(demo_app, None)
        try:
            sign_in_member(member, container, DEMO_PANEL_SLUG)
            for address in (space, f"{space}/questionnaire", f"{space}/votes"):
                check(member, address, "member")
        finally:
            member.__exit__(None, None, None)

        # A panel of the demo's organisation taking registrations: the form a volunteer fills.
        take_registrations(container)
        check(anonymous, "/panels/registrations-open/register", "anonymous")

        # Jobs: the observatory's snapshot, an import of the register (a dry run), a footprint's
        # measured runs; each page while the job waits, then once it has run.
        job = located(post_form(regulator, "/observatory/snapshot"), "/jobs/")
        check(regulator, job, "regulator")
        container.run_job(job.rsplit("/", 1)[1])
        check(regulator, job, "regulator")
        upload = post_form(
            editor,
            "/register/import",
            {"organisation": "fod-bosa", "dry_run": "1"},
            files={"file": ("inventaris.csv", csv_text(THREE).encode())},
        )
        job = located(upload, "/register/import/jobs/")
        check(editor, job, "editor")
        container.run_job(job.rsplit("/", 1)[1])
        check(editor, job, "editor")
        records = links_to(editor, "/register", r"/register/[a-z0-9-]+")
        footprints = [
            f"{record}/footprint"
            for record in records
            if "/footprint/import" in editor.get(f"{record}/footprint").text
        ]
        assert footprints, records
        measured = post_form(
            editor,
            f"{footprints[0]}/import",
            {"phase": "training"},
            files={"file": ("emissions.csv", EMISSIONS_CSV.encode(), "text/csv")},
        )
        job = located(measured, f"{footprints[0]}/jobs/")
        check(editor, job, "editor")
        container.run_job(job.rsplit("/", 1)[1])
        check(editor, job, "editor")

        # The changes between two versions of a published record.
        systems = links_to(anonymous, "/systems", r"/systems/[a-z0-9-]+")
        compared = [
            link
            for system in dict.fromkeys(systems)
            for link in links_to(anonymous, f"{system}/versions", r"/systems/.+/compare\?.+")
        ]
        assert compared, systems
        check(anonymous, compared[0], "anonymous")

        # A saved AI Act questionnaire: its first section and its result.
        saved = located(post_form(editor, "/aiact/saved", {}), "/aiact/saved/")
        check(editor, saved, "editor")
        check(editor, f"{saved.rsplit('/', 1)[0]}/result", "editor")

        # An audit of a decision log uploaded through the form: the columns' page, the report
        # while its job waits and once it has run, and the report's HTML download.
        uploaded = upload_form(editor, "/organisations/fod-bosa/audits", LOG, "decisions.csv")
        columns = located(uploaded, "/audits/uploads/")
        check(editor, columns, "editor")
        audit = located(start_fairness(editor, columns.rsplit("/", 1)[1]), "/audits/")
        check(editor, audit, "editor")
        run_audit(container, int(audit.rsplit("/", 1)[1]))
        check(editor, audit, "editor")
        check(editor, f"{audit}.html", "editor")

        # An audit where the data live: a connection to a real table of decisions, its page and
        # the form that starts an audit on it.
        with decisions_table() as table:
            connection = connected(container, table)
            check(editor, f"/audits/connections/{connection}", "editor")
            check(editor, f"/audits/connections/{connection}/audit", "editor")

        # The assessments' sections, and the comparison with an earlier version (the demo has
        # none: the page says so); a duty of a record's tracker.
        assessments = list(dict.fromkeys(links_to(admin, "/assessments", r"/assessments/\d+")))
        assert assessments
        for assessment in assessments:
            for link in links_to(admin, assessment, r"/assessments/\d+/sections/[^/]+"):
                check(admin, link, "admin")
        check(admin, f"{assessments[0]}/compare", "admin")
        # ... and a second version whose answers and record changed.
        again = second_version(container, [int(link.rsplit("/", 1)[1]) for link in assessments])
        check(admin, f"/assessments/{again}/compare", "admin")
        assert "Deux fois par jour, pour" in admin.get(f"/assessments/{again}/compare").text
        duties = [
            link
            for record in dict.fromkeys(links_to(admin, "/register", r"/register/[a-z0-9-]+"))
            for link in links_to(admin, f"{record}/obligations", r"/register/.+/obligations/.+/.+")
        ]
        assert duties
        check(admin, duties[0], "admin")
    finally:
        for client in (anonymous, editor, reviewer, regulator, admin):
            client.__exit__(None, None, None)
    assert opened == ELSEWHERE - NOT_OPENED.keys(), sorted(opened ^ (ELSEWHERE - NOT_OPENED.keys()))
    assert leaks_report(leaks) == [], "\n".join(leaks_report(leaks))


def test_every_assessment_basis_can_be_shown_in_each_language() -> None:
    """The templates cite their legal basis in English; the pages show it translated."""
    for chosen in templates():
        for basis in (chosen.legal_basis, *(section.basis for section in chosen.sections)):
            assert basis in BASES, (chosen.code, basis)
            for language in LANGUAGES:
                assert translations(language).ugettext(basis) != basis, (language, basis)
