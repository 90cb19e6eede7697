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
