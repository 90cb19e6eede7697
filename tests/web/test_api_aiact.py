"""The AI Act classifier on the API: public, the same document as the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import assert_problem, browser, csrf_of

FACTS = {
    "actor": {"roles": ["deployer"], "public_body": True},
    "system": {"kind": "ai_system"},
    "annex_iii": {"point": "5(a)"},
}


@pytest.fixture
def api(app: FastAPI, world: dict[str, Any]) -> Iterator[TestClient]:
    """An anonymous caller: without an API token, a POST proves CSRF like a browser does."""
    with browser(app) as client:
        client.headers["X-CSRF-Token"] = csrf_of(client)
        yield client


def test_a_program_with_a_token_needs_no_csrf_proof(
    app: FastAPI, world: dict[str, Any], issue_token: Callable[..., str]
) -> None:
    with browser(app) as client:
        response = client.post(
            "/api/v1/aiact/classify",
            json=FACTS,
            headers={"Authorization": f"Bearer {issue_token('reviewer')}"},
        )
    assert response.status_code == 200, response.text


def test_classify_is_public_and_returns_the_documented_document(api: TestClient) -> None:
    response = api.post("/api/v1/aiact/classify?date=2026-11-22", json=FACTS)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["categories"] == ["high_risk"]
    assert body["fria_required"] is True
    assert body["law"] == "2026"
    codes = {obligation["code"] for obligation in body["obligations"]}
    assert {"fria", "deployer_registration", "use_per_instructions"} <= codes
    assert body["trace"]


def test_the_2024_text_can_be_asked_for(api: TestClient) -> None:
    body = api.post("/api/v1/aiact/classify?date=2026-11-22&law=2024", json=FACTS).json()
    assert body["law"] == "2024"
    fria = next(o for o in body["obligations"] if o["code"] == "fria")
    assert (fria["applies_from"], fria["applies"]) == ("2026-08-02", True)


def test_invalid_facts_are_a_problem_naming_the_field(api: TestClient) -> None:
    response = api.post("/api/v1/aiact/classify", json={"annex_iii": {"point": "9(z)"}})
    body = assert_problem(response, 422)
    assert [error["field"] for error in body["errors"]] == ["annex_iii.point"]


def test_no_category_from_missing_facts(api: TestClient) -> None:
    body = assert_problem(api.post("/api/v1/aiact/classify", json={}), 422)
    assert sorted(error["field"] for error in body["errors"]) == ["actor.roles", "system.kind"]
    assert "categories" not in body
    partial = {"actor": {"roles": ["provider"]}}
    body = assert_problem(api.post("/api/v1/aiact/classify", json=partial), 422)
    assert [error["field"] for error in body["errors"]] == ["system.kind"]


def test_both_regimes_and_the_fria_of_deployers(api: TestClient) -> None:
    facts = {
        "actor": {"roles": ["provider"]},
        "system": {"kind": "ai_system"},
        "annex_iii": {"point": "5(b)"},
        "transparency": {"interacts_with_persons": True},
    }
    body = api.post("/api/v1/aiact/classify?date=2026-11-22", json=facts).json()
    assert body["categories"] == ["high_risk", "transparency_only"]
    assert body["regimes_applicable_on"] == ["transparency_only"]
    assert (body["fria_required"], body["fria_required_of_deployer"]) == (False, True)


@pytest.mark.parametrize("query", ["date=tomorrow", "law=2019"])
def test_invalid_query_is_a_problem(api: TestClient, query: str) -> None:
    response = api.post(f"/api/v1/aiact/classify?{query}", json={})
    assert_problem(response, 422)


def test_timeline_and_schema(api: TestClient) -> None:
    laws = api.get("/api/v1/aiact/timeline").json()["laws"]
    assert {law["law"] for law in laws} == {"2024", "2026"}
    schema = api.get("/api/v1/aiact/schema").json()
    assert schema["title"] == "Balise AI Act facts"


def test_a_version_1_document_is_converted_with_a_note_in_the_callers_language(
    app: FastAPI, world: dict[str, Any]
) -> None:
    with browser(app, language="nl") as client:
        client.headers["X-CSRF-Token"] = csrf_of(client)
        body = client.post("/api/v1/aiact/classify?date=2026-11-22", json=FACTS).json()
    converted = body["facts_converted"]
    assert (converted["from"], converted["to"]) == (1, 2)
    assert converted["facts"]["annex_iii"] == {"points": ["5(a)"]}
    assert converted["notes"] == [
        "Feiten gelezen in versie 1 van het schema en omgezet naar versie 2: annex_iii.point is "
        "nu annex_iii.points."
    ]
    assert body["annex_iii_points"] == ["5(a)"]


def test_a_version_2_document_with_several_points(api: TestClient) -> None:
    facts = {
        "schema_version": 2,
        "actor": {"roles": ["deployer"], "public_body": True},
        "system": {"kind": "ai_system", "market_status": "not_yet"},
        "annex_iii": {"points": ["4(b)", "1(a)"]},
    }
    body = api.post("/api/v1/aiact/classify?date=2028-01-10", json=facts).json()
    assert "facts_converted" not in body
    assert body["annex_iii_points"] == ["1(a)", "4(b)"]
    assert body["legal_basis"] == ["Art. 6(2)", "Annex III point 1(a)", "Annex III point 4(b)"]
    schema = api.get("/api/v1/aiact/schema").json()
    assert schema["properties"]["schema_version"]["enum"] == [2]
    bad = api.post(
        "/api/v1/aiact/classify",
        json={
            **facts,
            "system": {
                "kind": "ai_system",
                "market_status": "not_yet",
                "placed_on_market": "2025-01-01",
            },
        },
    )
    assert [e["field"] for e in assert_problem(bad, 422)["errors"]] == ["system.market_status"]
