"""Impact assessments on the web: a FRIA from prefill to signature, the vote, the gate, the API."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from assessments_support import (
    PASSWORD,
    classify_high_risk,
    fria_answers,
    make_committee,
    make_reviewed_fria,
    make_voted_fria,
)
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import bearer, browser, post_form, rows, sign_in

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Scope
from balise.services import assessments, register
from register_support import actor_of, create, create_published, draft, publish


def signed_in(app: FastAPI, email: str, language: str = "en") -> TestClient:
    client = browser(app, language=language)
    sign_in(client, email, PASSWORD)
    return client


def test_templates_api_is_public_and_complete(browsers: dict[str, TestClient]) -> None:
    response = browsers["anonymous"].get("/api/v1/assessment-templates")
    assert response.status_code == 200
    codes = {t["code"]: t for t in response.json()["templates"]}
    assert set(codes) == {"fria", "dpia", "ethics"}
    assert codes["fria"]["languages"] == ["fr", "nl", "de", "en"]
    assert all("id" in q and "type" in q for q in codes["fria"]["questions"])


def test_a_fria_from_prefill_to_signature(
    app: FastAPI, browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    members = make_committee(container, world)
    create_published(container, world, slug="alpha")
    editor = browsers["editor"]
    response = post_form(editor, "/register/alpha/assessments", {"template": "fria"})
    assert response.status_code == 303, response.text
    page = response.headers["location"]
    fria = editor.get(f"{page}.json").json()
    prefilled = {a["question_id"]: a for a in fria["answers"]}
    assert prefilled["fria.process.description"]["source"] == "prefill:intended_purpose"
    assert "fria.persons.categories" in prefilled  # affected groups of the record
    # Submitting too early lists every missing question.
    refused = post_form(editor, f"{page}/submit", {"committee": "federal"})
    assert refused.status_code == 422
    assert "fria.period.frequency" in editor.get(f"{page}.json").json()["missing"]
    for section in ("process", "period", "persons", "risks", "oversight", "measures"):
        assert editor.get(f"{page}/sections/{section}").status_code == 200
    answers = {f"q-{qid}": value for qid, value in fria_answers().items()}
    assert post_form(editor, f"{page}/sections/process", answers).status_code == 303
    for section in ("period", "persons", "risks", "oversight", "measures"):
        post_form(editor, f"{page}/sections/{section}", answers)
    bad = post_form(editor, f"{page}/sections/risks", {"q-fria.risks.severity": "7"})
    assert bad.status_code == 422
    risk = {
        "right": "art21",
        "group": "Students",
        "description": "Indirect bias",
        "likelihood": "3",
        "severity": "3",
        "residual_likelihood": "1",
        "residual_severity": "3",
        "measure": "Yearly audit",
        "owner": "Data team",
        "due": "2027-01-31",
    }
    assert post_form(editor, f"{page}/risks", risk).status_code == 303
    post_form(editor, f"{page}/summary", {"summary_nl": "Samenvatting", "summary_fr": "Résumé"})
    assert post_form(editor, f"{page}/submit", {"committee": "federal"}).status_code == 303
    # The committee: the chair opens the vote; alpha's reviewer may not vote.
    chair = signed_in(app, "chair@balise.test")
    assert "Nothing awaits" not in chair.get("/assessments").text
    assert post_form(chair, f"{page}/review").status_code == 303
    insider = post_form(browsers["reviewer"], f"{page}/vote", {"choice": "for", "reason": "x"})
    assert insider.status_code in {403, 409}
    for email, choice in (
        ("chair@balise.test", "for"),
        ("rapporteur@balise.test", "for"),
        ("member@balise.test", "against"),
    ):
        voter = signed_in(app, email)
        assert (
            post_form(voter, f"{page}/vote", {"choice": choice, "reason": "Because."}).status_code
            == 303
        )
    opinion = {
        "kind": "favourable_with_conditions",
        "original_language": "en",
        "text_en": "Favourable, with a yearly audit.",
        "text_nl": "Gunstig, met een jaarlijkse audit.",
        "text_fr": "Favorable, avec un audit annuel.",
        "condition_1_en": "Audit every year",
        "condition_1_nl": "Elk jaar auditen",
        "condition_1_due": "2027-06-30",
    }
    assert post_form(chair, f"{page}/opinion", opinion).status_code == 303
    document = editor.get(f"{page}.json").json()
    assert document["state"] == "opinion_issued"
    assert document["opinion"]["tally"]["minority"][0]["reason"] == "Because."
    assert post_form(editor, f"{page}/notify").status_code == 303
    regulator = browsers["regulator"]
    assert page.rsplit("/", 1)[1] in regulator.get("/regulator/notifications").text
    pack = regulator.get(f"{page}/notification.json").json()
    assert pack["kind"] == "ai_act_art27_3_notification"
    assert post_form(browsers["reviewer"], f"{page}/sign").status_code == 303
    assert editor.get(f"{page}.json").json()["state"] == "signed"
    report = editor.get(f"{page}/report")
    assert "Signatories" in report.text
    assert "2026.12" in report.text
    assert members
    # Published: the opinion and the summary on the portal, in Dutch and in French.
    nl_page = browser(app, language="nl").get("/systems/alpha").text
    assert "Gunstig, met een jaarlijkse audit." in nl_page
    assert "Samenvatting" in nl_page
    fr_page = browser(app, language="fr").get("/systems/alpha").text
    assert "Favorable, avec un audit annuel." in fr_page
    annex = browsers["anonymous"].get("/systems/alpha/annex-viii.json").json()
    points = {p["point"]: p for section in annex["sections"] for p in section["points"]}
    assert points["C.4"]["assessment"]["opinion"]["kind"] == "favourable_with_conditions"
    assert "assessment" not in points["C.5"]


def test_publication_gate_needs_a_fria_or_an_exemption(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world, slug="gated")
    classify_high_risk(container, world, record.slug)
    gate = browsers["editor"].get("/api/v1/systems/gated/assessments").json()["gate"]
    assert gate["fria_required"] is True
    assert gate["required_from"] == "2027-12-02"
    # Before the date the record may be published, and says from when the FRIA is required.
    page = browsers["editor"].get("/register/gated/assessments")
    assert "required from" in page.text


def test_the_gate_refuses_once_the_obligation_applies(
    variant_of: Any, container: Container, world: dict[str, Any]
) -> None:
    from datetime import UTC, datetime

    from balise.domain.shared.clock import FixedClock
    from balise.domain.shared.errors import Conflict
    from balise.services import assessments

    record = create(container, world, slug="later")
    classify_high_risk(container, world, record.slug)
    later = variant_of(clock=FixedClock(datetime(2028, 1, 10, tzinfo=UTC)))
    with pytest.raises(Conflict):
        publish(later, world, "later")
    with later.uow() as uow:
        reviewer = __import__("register_support").actor_of(world, "reviewer")
        assessments.record_exemption(
            uow, actor=reviewer, slug="later", reason="The system is only piloted internally."
        )
        uow.commit()
    assert publish(later, world, "later").state.value == "published"


def test_api_tokens_need_the_assessments_scope(
    issue_token: Any, browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    create_published(container, world, slug="alpha")
    client = browsers["anonymous"]
    read_only = issue_token("editor", Scope.READ)
    body = {"system": "alpha", "template": "dpia"}
    refused = client.post("/api/v1/assessments", json=body, headers=bearer(read_only))
    assert refused.status_code == 403
    writer = issue_token("editor", Scope.READ, Scope.ASSESSMENTS_WRITE)
    created = client.post("/api/v1/assessments", json=body, headers=bearer(writer))
    assert created.status_code == 201, created.text
    assessment_id = created.json()["id"]
    saved = client.put(
        f"/api/v1/assessments/{assessment_id}/answers",
        json={"answers": {"dpia.risks.level": "9"}},
        headers=bearer(writer),
    )
    assert saved.status_code == 422
    listed = client.get("/api/v1/assessments", headers=bearer(read_only)).json()
    assert [a["id"] for a in listed["assessments"]] == [assessment_id]


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_pages_in_four_languages(
    app: FastAPI, container: Container, world: dict[str, Any], language: str
) -> None:
    create_published(container, world, slug="alpha")
    client = signed_in(app, "editor@balise.test", language)
    start = post_form(client, "/register/alpha/assessments", {"template": "ethics"})
    page = start.headers["location"]
    html = client.get(page).text
    assert f'lang="{language}"' in html
    expected = {
        "fr": "Auto-évaluation éthique",
        "nl": "Ethische zelfevaluatie",
        "de": "Ethische Selbstbewertung",
        "en": "Ethics self-assessment",
    }[language]
    assert expected in html


def test_a_new_version_when_the_system_changes_and_the_comparison(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    create_published(container, world, slug="alpha")
    fria = make_reviewed_fria(container, world, "alpha")
    editor = browsers["editor"]
    assert post_form(browsers["reviewer"], f"/assessments/{fria}/sign").status_code == 303
    unchanged = post_form(editor, f"/assessments/{fria}/new-version")
    assert unchanged.status_code == 409  # neither the system nor the template changed
    with container.uow() as uow:
        register.update_system(
            uow,
            actor=actor_of(world, "editor"),
            slug="alpha",
            draft=draft(frequency_of_use="Twice a day."),
        )
        uow.commit()
    publish(container, world, "alpha")
    assert "changed since this version" in editor.get(f"/assessments/{fria}").text
    started = post_form(editor, f"/assessments/{fria}/new-version")
    assert started.status_code == 303
    again = started.headers["location"]
    document = editor.get(f"{again}.json").json()
    assert (document["number"], document["state"], document["previous_id"]) == (2, "draft", fria)
    assert "No answer changed." in editor.get(f"{again}/compare").text
    post_form(editor, f"{again}/sections/period", {"q-fria.period.frequency": "Twice a day."})
    compared = editor.get(f"{again}/compare").text
    assert "Twice a day." in compared
    events = rows(container, "SELECT event_type FROM audit_events WHERE entity_type = 'assessment'")
    assert {
        "assessment.started",
        "assessment.voted",
        "assessment.signed",
        "assessment.versioned",
    } <= {row.event_type for row in events}


def statements_of(container: Container, client: TestClient, path: str) -> int:
    """How many SQL statements reading `path` runs."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    sa.event.listen(container.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa.event.remove(container.engine, "before_cursor_execute", count)
    return len(seen)


def start(container: Container, world: dict[str, Any], slug: str, code: str) -> int:
    with container.uow() as uow:
        started = assessments.start_assessment(
            uow, actor=actor_of(world, "editor"), slug=slug, code=code
        )
        uow.commit()
    assert started.id is not None
    return started.id


def test_the_lists_name_the_system_and_its_organisation_in_the_readers_language(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    create_published(
        container,
        world,
        "childcare",
        name={"nl": "Kinderopvangtoelage", "fr": "Allocation de garde"},
    )
    create(container, world, "plates", name={"nl": "Nummerplaten", "fr": "Lecture de plaques"})
    fria, _chair = make_voted_fria(container, world, "childcare")
    draft_id = start(container, world, "plates", "ethics")
    # The chair's inbox, in French: the system linked to its public page, the organisation.
    chair = signed_in(app, "chair@balise.test", "fr")
    inbox = chair.get("/assessments").text
    assert (
        f'#{fria}</a>\n    · <a href="/systems/childcare">Allocation de garde</a> · alpha FR'
        in inbox
    )
    # The editor's list: the unpublished system is named but not linked.
    editor = signed_in(app, "editor@balise.test", "nl")
    listed = editor.get("/assessments").text
    assert f"#{draft_id}</a> · Nummerplaten · alpha NL · " in listed
    assert (
        f'#{fria}</a> · <a href="/systems/childcare">Kinderopvangtoelage</a> · alpha NL' in listed
    )
    assert "/systems/plates" not in listed
    # The JSON twin says the same, in every language.
    document = editor.get("/assessments.json").json()
    systems = {row["id"]: row["system"] for row in document["assessments"]}
    assert systems[fria]["public_url"] == "/systems/childcare"
    assert systems[draft_id] == {
        "slug": "plates",
        "name": {"nl": "Nummerplaten", "fr": "Lecture de plaques"},
        "public_url": None,
        "organisation": {"slug": "alpha", "name": {"fr": "alpha FR", "nl": "alpha NL"}},
    }
    # The regulator's notified FRIAs; a name missing in English is marked with its language.
    regulator = signed_in(app, "regulator@balise.test")
    notified = regulator.get("/regulator/notifications").text
    assert '<a href="/systems/childcare"><span lang="nl">Kinderopvangtoelage</span></a>' in notified
    assert '<span lang="fr">alpha FR</span>' in notified
    # One read for the names of a list, whatever its length: two more rows, no more statements.
    before = statements_of(container, editor, "/assessments")
    start(container, world, "plates", "dpia")
    start(container, world, "childcare", "dpia")
    assert statements_of(container, editor, "/assessments") == before
    assert editor.get("/assessments").text.count("alpha NL") == 4


def test_a_committee_member_reads_the_answers_before_the_vote_and_opinion_forms(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    members = make_committee(container, world)
    create_published(container, world, "alpha")
    editor = actor_of(world, "editor")
    with container.uow() as uow:
        fria = assessments.start_assessment(uow, actor=editor, slug="alpha", code="fria")
        assert fria.id is not None
        assessments.save_answers(uow, actor=editor, assessment_id=fria.id, raw=fria_answers())
        assessments.submit_assessment(uow, actor=editor, assessment_id=fria.id, committee="federal")
        assessments.start_review(uow, actor=Actor(user=members["chair"]), assessment_id=fria.id)
        uow.commit()
    for email, form in (
        ("member@balise.test", f'action="/assessments/{fria.id}/vote"'),
        ("chair@balise.test", f'action="/assessments/{fria.id}/opinion"'),
    ):
        html = signed_in(app, email).get(f"/assessments/{fria.id}").text
        skip, answers = html.index('href="#committee-work"'), html.index("<h2>Answers</h2>")
        assert skip < answers < html.index('id="committee-work"') < html.index(form)
