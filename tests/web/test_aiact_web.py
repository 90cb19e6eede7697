"""The AI Act questionnaire, its result and timeline, and classifications stored on records."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import assert_problem, bearer, browser, csrf_of, post_form, rows

from balise.adapters.db import tables as t
from balise.bootstrap import Container
from balise.domain.accounts.model import Scope
from balise.domain.aiact.ruleset import load_rules
from register_support import create

COMMUNE = {
    "evaluation": {"evaluation_date": "2028-01-10", "law": ""},
    "system": {"system-name": "Housing allowance triage", "system-kind": "ai_system",
               "actor-roles": ["deployer"]},
    "deployer": {"actor-public_body": "yes"},
    "annex_iii": {"annex_iii-points": ["5(a)"], "annex_iii-profiling": "no"},
}  # fmt: skip


def step_of(response: httpx.Response) -> tuple[str, dict[str, str]]:
    """The section (or "result") a redirect leads to, and its query."""
    assert response.status_code == 303, (response.status_code, response.text[:500])
    parts = urlsplit(response.headers["location"])
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return parts.path.rsplit("/", 1)[1], query


def start_anonymous(client: TestClient) -> tuple[str, str]:
    section, query = step_of(post_form(client, "/aiact/start"))
    return section, query["state"]


def answer_token(
    client: TestClient, section: str, state: str, data: dict[str, Any], action: str = "next"
) -> tuple[str, dict[str, str]]:
    response = post_form(
        client,
        f"/aiact/questionnaire/{section}",
        {**data, "state": state, "action": action},
    )
    return step_of(response)


def run_anonymous(client: TestClient, answers: dict[str, dict[str, Any]]) -> tuple[list[str], str]:
    """Answer section after section (the given answers, else the defaults) up to the result."""
    section, state = start_anonymous(client)
    visited = []
    for _ in range(40):
        if section == "result":
            return visited, state
        visited.append(section)
        nxt, query = answer_token(client, section, state, answers.get(section, {}))
        state = query["state"]
        if nxt == section:  # more questions appeared: answer them with the same data
            nxt, query = answer_token(client, section, state, answers.get(section, {}))
            state = query["state"]
        section = nxt
    raise AssertionError("the questionnaire never ended")


@pytest.fixture
def anonymous(app: FastAPI, world: dict[str, Any]) -> TestClient:
    client = browser(app)
    csrf_of(client)
    return client


def test_the_start_page_and_the_timeline_are_public(anonymous: TestClient) -> None:
    page = anonymous.get("/aiact")
    assert page.status_code == 200
    assert 'action="/aiact/start"' in page.text
    timeline = anonymous.get("/aiact/timeline")
    assert timeline.status_code == 200
    # Both versions side by side: Annex III duties from 2 August 2026 (2024) and 2 December 2027.
    assert "2026-08-02" in timeline.text
    assert "2027-12-02" in timeline.text
    assert len(load_rules().versions) == 2


def test_a_commune_deployer_reaches_a_high_risk_result_with_a_fria(anonymous: TestClient) -> None:
    visited, state = run_anonymous(anonymous, COMMUNE)
    assert visited[:4] == ["evaluation", "system", "organisation", "deployer"]
    assert "gpai" not in visited
    assert "market" not in visited  # not placed on the market: no Art 111 questions
    result = anonymous.get("/aiact/result", params={"state": state})
    assert result.status_code == 200, result.text
    assert "High risk" in result.text
    assert "Required of you" in result.text
    body = anonymous.get("/aiact/result.json", params={"state": state}).json()
    assert body["categories"] == ["high_risk"]
    assert body["fria_required"] is True
    assert body["evaluation_date"] == "2028-01-10"
    assert body["facts"]["annex_iii"] == {
        "employment_decisions": False,
        "points": ["5(a)"],
        "profiling": False,
        "derogation": {"no_significant_risk": False},  # the four tasks were not asked
    }
    assert {"fria", "deployer_registration"} <= {o["code"] for o in body["obligations"]}
    assert all(o["applies"] for o in body["obligations"] if o["code"] == "fria")


def test_a_gpai_model_gets_no_annex_iii_nor_deployer_questions(anonymous: TestClient) -> None:
    answers = {
        "system": {"system-kind": "gpai_model", "actor-roles": ["provider", "deployer"]},
        "gpai": {"gpai-training_compute_flop": "3e25"},
    }
    visited, state = run_anonymous(anonymous, answers)
    assert "gpai" in visited
    assert not {"annex_iii", "annex_i", "prohibited", "deployer", "biometrics"} & set(visited)
    body = anonymous.get("/aiact/result.json", params={"state": state}).json()
    assert "gpai_systemic_risk" in body["categories"]


def test_follow_up_questions_appear_only_when_the_gate_is_ticked(anonymous: TestClient) -> None:
    section, state = start_anonymous(anonymous)
    for data in (
        {},
        {"system-kind": "ai_system", "actor-roles": ["provider"]},
        {},
        {},
    ):
        section, query = answer_token(anonymous, section, state, data)
        state = query["state"]
    assert section == "prohibited"
    page = anonymous.get("/aiact/questionnaire/prohibited", params={"state": state})
    assert 'name="prohibited-social_scoring-used"' in page.text
    assert "prohibited-social_scoring-detrimental_unrelated_context" not in page.text
    # Deployer-only and provider-only follow-ups are filtered by role.
    assert "prohibited-intimate_imagery-used_for_that_purpose" not in page.text
    again, query = answer_token(
        anonymous, "prohibited", state, {"prohibited-social_scoring-used": "yes"}
    )
    assert again == "prohibited"
    assert query["more"] == "1"
    page = anonymous.get(
        "/aiact/questionnaire/prohibited", params={"state": query["state"], "more": "1"}
    )
    assert 'name="prohibited-social_scoring-detrimental_unrelated_context"' in page.text
    assert "more questions relevant" in page.text
    # No Art 6(3) conditions until an Annex III point is chosen; no deployer questions for a
    # provider.
    document = anonymous.get("/aiact/result.json", params={"state": query["state"]}).json()
    assert "deployer" not in document["roles"]
    annex = anonymous.get("/aiact/questionnaire/annex_iii", params={"state": query["state"]})
    assert "annex_iii-derogation-no_significant_risk" not in annex.text
    assert (
        "actor-public_body"
        not in anonymous.get(
            "/aiact/questionnaire/deployer", params={"state": query["state"]}
        ).text.split("<form")[1]
    )


def test_going_back_keeps_answers_and_drops_irrelevant_ones(anonymous: TestClient) -> None:
    _, state = run_anonymous(anonymous, COMMUNE)
    # Change the role to provider: the deployer's answers no longer count.
    section, query = answer_token(
        anonymous, "system", state, {**COMMUNE["system"], "actor-roles": ["provider"]}
    )
    assert section == "organisation"
    body = anonymous.get("/aiact/result.json", params={"state": query["state"]}).json()
    assert "public_body" not in body["facts"].get("actor", {})
    assert body["fria_required"] is False
    # Back from the organisation goes to the system section, answers kept.
    back, query = answer_token(anonymous, "organisation", query["state"], {}, action="back")
    assert back == "system"
    page = anonymous.get("/aiact/questionnaire/system", params={"state": query["state"]})
    assert 'value="Housing allowance triage"' in page.text


def test_invalid_answers_are_shown_beside_their_fields(anonymous: TestClient) -> None:
    _, state = start_anonymous(anonymous)
    response = post_form(
        anonymous,
        "/aiact/questionnaire/evaluation",
        {"state": state, "evaluation_date": "22/11/2026", "action": "next"},
    )
    assert response.status_code == 422
    assert 'href="#field-evaluation_date"' in response.text
    assert 'aria-invalid="true"' in response.text


def test_a_damaged_token_is_refused(anonymous: TestClient) -> None:
    _, state = start_anonymous(anonymous)
    response = anonymous.get("/aiact/result", params={"state": state[:-3] + "xyz"})
    assert response.status_code == 422
    problem = anonymous.get("/aiact/result.json", params={"state": "nonsense"})
    assert_problem(problem, 422)


def test_the_result_page_in_two_languages(app: FastAPI, world: dict[str, Any]) -> None:
    with browser(app, language="fr") as french, browser(app, language="en") as english:
        _, state = run_anonymous(english, COMMUNE)
        fr_page = french.get("/aiact/result", params={"state": state})
        en_page = english.get("/aiact/result", params={"state": state})
    assert re.search(r'<html lang="fr">', fr_page.text)
    assert re.search(r'<html lang="en">', en_page.text)
    fria = load_rules().version("2026").obligations["fria"].explanation
    assert fria["fr"] in fr_page.text.replace("&#39;", "'")
    assert fria["en"] in en_page.text.replace("&#39;", "'")
    assert fria["en"] not in fr_page.text.replace("&#39;", "'")


def test_the_evaluation_date_and_the_2024_text_can_be_chosen(anonymous: TestClient) -> None:
    _, state = run_anonymous(anonymous, COMMUNE)
    params = {"state": state, "date": "2026-11-22"}
    amended = anonymous.get("/aiact/result.json", params=params).json()
    original = anonymous.get("/aiact/result.json", params={**params, "law": "2024"}).json()
    assert (amended["law"], original["law"]) == ("2026", "2024")
    fria = {body["law"]: next(o for o in body["obligations"] if o["code"] == "fria")
            for body in (amended, original)}  # fmt: skip
    assert fria["2026"]["applies_from"] == "2027-12-02"
    assert fria["2026"]["applies"] is False
    assert fria["2024"]["applies_from"] == "2026-08-02"
    assert fria["2024"]["applies"] is True
    page = anonymous.get("/aiact/timeline", params=params)
    assert "Your obligations on a time axis" in page.text
    assert page.text.index("2027") < page.text.rindex("fria")


def answer_saved(
    client: TestClient, qid: int, section: str, data: dict[str, Any], action: str = "next"
) -> httpx.Response:
    return post_form(client, f"/aiact/saved/{qid}/{section}", {**data, "action": action})


def test_a_signed_in_user_saves_and_comes_back(
    browsers: dict[str, TestClient], container: Container
) -> None:
    editor = browsers["editor"]
    response = post_form(editor, "/aiact/start")
    assert response.status_code == 303
    match = re.fullmatch(r"/aiact/saved/(\d+)/evaluation", response.headers["location"])
    assert match, response.headers["location"]
    qid = int(match.group(1))
    assert step_of(answer_saved(editor, qid, "evaluation", {"law": "2024"}))[0] == "system"
    saved = answer_saved(editor, qid, "system", COMMUNE["system"], action="save")
    assert saved.headers["location"] == "/aiact/saved?kept=1"
    listing = editor.get("/aiact/saved")
    assert "Housing allowance triage" in listing.text
    assert f"/aiact/saved/{qid}/organisation" in listing.text  # where to continue
    page = editor.get(f"/aiact/saved/{qid}/system")
    assert 'value="Housing allowance triage"' in page.text
    stored = rows(container, "SELECT answers, law, section FROM aiact_questionnaires")
    assert len(stored) == 1
    assert stored[0].law == "2024"
    assert stored[0].section == "organisation"
    events = rows(
        container,
        "SELECT event_type FROM audit_events WHERE entity_type = 'aiact_questionnaire'",
    )
    assert [e.event_type for e in events] == [
        "aiact_questionnaire.created",
        "aiact_questionnaire.saved",
        "aiact_questionnaire.saved",
    ]
    # Only its owner sees it.
    for other in ("reviewer", "admin"):
        assert browsers[other].get(f"/aiact/saved/{qid}/system").status_code == 404
    assert browsers["reviewer"].get(f"/aiact/saved/{qid}/result.json").status_code == 404
    result = editor.get(f"/aiact/saved/{qid}/result.json").json()
    assert result["law"] == "2024"
    deleted = post_form(editor, f"/aiact/saved/{qid}/delete")
    assert deleted.headers["location"] == "/aiact/saved?deleted=1"
    assert rows(container, "SELECT id FROM aiact_questionnaires") == []


def test_an_anonymous_questionnaire_can_be_kept_after_signing_in(
    browsers: dict[str, TestClient], anonymous: TestClient, container: Container
) -> None:
    _, state = run_anonymous(anonymous, COMMUNE)
    response = post_form(browsers["reviewer"], "/aiact/saved", {"state": state})
    assert response.status_code == 303
    answers = rows(container, "SELECT answers FROM aiact_questionnaires")[0].answers
    answers = answers if isinstance(answers, dict) else json.loads(answers)
    assert answers["annex_iii.points"] == ["5(a)"]


def store(client: TestClient, state: str, slug: str, **extra: str) -> httpx.Response:
    return post_form(client, "/aiact/store", {"state": state, "slug": slug, **extra})


def test_a_result_is_stored_on_a_record_and_rerun(
    browsers: dict[str, TestClient],
    anonymous: TestClient,
    container: Container,
    world: dict[str, Any],
) -> None:
    record = create(container, world)
    _, state = run_anonymous(anonymous, COMMUNE)
    # The result page offers the organisation's records to its editor.
    page = browsers["editor"].get("/aiact/result", params={"state": state})
    assert f'<option value="{record.slug}">' in page.text
    assert (
        "Store this result on a register record"
        not in anonymous.get("/aiact/result", params={"state": state}).text
    )
    stored = store(browsers["editor"], state, record.slug)
    assert stored.headers["location"] == f"/register/{record.slug}/classification?stored=1"
    # Another organisation's editor and the regulator may not store on it.
    assert store(browsers["other-editor"], state, record.slug).status_code == 404
    assert store(browsers["regulator"], state, record.slug).status_code == 403
    saved = rows(container, "SELECT * FROM aiact_classifications")
    assert len(saved) == 1
    assert saved[0].law == "2026"
    assert saved[0].ruleset_version.startswith("sha256:")
    assert str(saved[0].evaluation_date) == "2028-01-10"
    fields = rows(container, "SELECT fields FROM systems WHERE slug = :slug", slug=record.slug)
    assert "high_risk" in str(fields[0].fields)  # copied onto the record for the portal
    page = browsers["reviewer"].get(f"/register/{record.slug}/classification")
    assert page.status_code == 200
    assert "Latest classification" in page.text
    assert "High risk" in page.text
    rerun = browsers["reviewer"].get(f"/register/{record.slug}/classification?rerun=1")
    assert "Nothing changed" in rerun.text
    assert (
        browsers["other-editor"].get(f"/register/{record.slug}/classification").status_code == 404
    )
    assert browsers["regulator"].get(f"/register/{record.slug}/classification").status_code == 200
    twin = browsers["editor"].get(f"/register/{record.slug}/classification.json").json()
    assert twin["classifications"][0]["result"]["categories"] == ["high_risk"]


def test_a_rerun_shows_what_the_new_rules_changed(
    browsers: dict[str, TestClient],
    anonymous: TestClient,
    container: Container,
    world: dict[str, Any],
) -> None:
    """A result stored under older rules: FRIA dated 2026 and an obligation since dropped."""
    record = create(container, world)
    _, state = run_anonymous(anonymous, COMMUNE)
    store(browsers["editor"], state, record.slug)
    with container.engine.begin() as connection:
        row = connection.execute(sa.select(t.aiact_classifications)).one()
        old = dict(row.result)
        old["obligations"] = [
            {**o, "applies_from": "2026-08-02"} if o["code"] == "fria" else o
            for o in old["obligations"]
        ] + [{**old["obligations"][0], "code": "retired_duty"}]
        old["categories"] = ["high_risk", "transparency_only"]
        connection.execute(
            t.aiact_classifications.update().values(result=old, ruleset_version="sha256:old")
        )
    page = browsers["editor"].get(f"/register/{record.slug}/classification?rerun=1")
    assert "Category removed: Transparency duties only" in page.text
    changes = page.text[page.text.index("changes-caption") :]
    assert "retired_duty" in changes
    assert "removed" in changes
    assert "2026-08-02" in changes
    assert "2027-12-02" in changes
    stored = post_form(browsers["editor"], f"/register/{record.slug}/classification")
    assert stored.status_code == 303
    assert len(rows(container, "SELECT id FROM aiact_classifications")) == 2


def test_the_api_stores_and_lists_classifications(
    app: FastAPI, world: dict[str, Any], container: Container, issue_token: Callable[..., str]
) -> None:
    record = create(container, world)
    facts = {
        "actor": {"roles": ["deployer"], "public_body": True},
        "system": {"kind": "ai_system"},
        "annex_iii": {"point": "5(a)"},
    }
    url = f"/api/v1/systems/{record.slug}/classifications"
    with browser(app) as client:
        created = client.post(
            url + "?date=2028-01-10", json=facts, headers=bearer(issue_token("editor"))
        )
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["result"]["categories"] == ["high_risk"]
        assert body["evaluation_date"] == "2028-01-10"
        # Stored in facts schema 2, with the Annex III points beside the result (version 3).
        assert body["annex_iii_points"] == body["result"]["annex_iii_points"] == ["5(a)"]
        assert body["facts"]["schema_version"] == 2
        assert body["facts_converted"]["from"] == 1
        read_only = issue_token("editor", Scope.READ, name="reader")
        assert_problem(client.post(url, json=facts, headers=bearer(read_only)), 403)
        assert_problem(client.post(url, json=facts, headers=bearer(issue_token("regulator"))), 403)
        other = issue_token("other-editor")
        assert_problem(client.post(url, json=facts, headers=bearer(other)), 404)
        bad = client.post(
            url, json={"annex_iii": {"point": "9(z)"}}, headers=bearer(issue_token("reviewer"))
        )
        assert [e["field"] for e in assert_problem(bad, 422)["errors"]] == ["annex_iii.point"]
        listed = client.get(url, headers=bearer(issue_token("regulator"))).json()
        assert [c["id"] for c in listed["classifications"]] == [body["id"]]
        assert listed["rerun_changes"]["changed"] is False
        assert_problem(client.get(url), 401)
