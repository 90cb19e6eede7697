"""The AI Act result as a person reads it: no category from missing answers, every word in the
page's language (the codes stay in the JSON download)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import browser, csrf_of, post_form

START = "/aiact/start"


def state_after(client: TestClient, section: str, state: str, data: dict[str, Any]) -> str:
    response = post_form(
        client, f"/aiact/questionnaire/{section}", {**data, "state": state, "action": "next"}
    )
    assert response.status_code == 303, response.text[:300]
    return re.search(r"state=([^&#]+)", response.headers["location"]).group(1)  # type: ignore[union-attr]


def fresh_state(client: TestClient) -> str:
    response = post_form(client, START)
    return re.search(r"state=([^&#]+)", response.headers["location"]).group(1)  # type: ignore[union-attr]


@pytest.fixture
def anonymous(app: FastAPI, world: dict[str, Any]) -> TestClient:
    client = browser(app)
    csrf_of(client)
    return client


def test_nothing_answered_names_the_questions_and_gives_no_category(
    anonymous: TestClient,
) -> None:
    state = fresh_state(anonymous)
    page = anonymous.get("/aiact/result", params={"state": state})
    assert page.status_code == 200
    assert "Questions still to answer" in page.text
    assert "Your roles" in page.text
    assert "What is it?" in page.text
    assert "High risk" not in page.text
    assert "Minimal risk" not in page.text
    assert "/aiact/questionnaire/system" in page.text
    body = anonymous.get("/aiact/result.json", params={"state": state}).json()
    assert body["missing"] == ["actor.roles", "system.kind"]
    assert "categories" not in body


def test_a_kind_without_a_role_still_names_the_role(anonymous: TestClient) -> None:
    state = state_after(anonymous, "system", fresh_state(anonymous), {"system-kind": "ai_system"})
    body = anonymous.get("/aiact/result.json", params={"state": state}).json()
    assert body["missing"] == ["actor.roles"]


COMMUNE = {
    "evaluation": {"evaluation_date": "2028-01-10", "law": ""},
    "system": {
        "system-name": "Woontoeslag",
        "system-kind": "ai_system",
        "actor-roles": ["deployer"],
    },
    "deployer": {"actor-public_body": "yes"},
    "annex_iii": {"annex_iii-points": ["5(a)"], "annex_iii-profiling": "no"},
    "transparency": {"transparency-interacts_with_persons": "yes"},
}
# Words a Dutch page may share with the English one: proper names, abbreviations, numbers'
# neighbours and words both languages spell alike.
SHARED = {
    "ai", "eu", "eur", "ue", "json", "balise", "art", "iii", "ii", "iv", "in", "is", "de", "op",
    "van", "of", "pdf", "ict", "id", "api", "data", "met", "ba", "bb", "ce", "dd", "mm", "eupl",
    "openapi", "deutsch", "english", "français", "nederlands", "woontoeslag",
    # Dutch words spelt as in English
    "basis", "browser", "conform", "context", "december", "impact", "logs", "match", "menu",
    "contact", "model", "open", "output", "product", "relevant", "scoring", "test", "train",
    "video",
}  # fmt: skip


def visible_words(page: str) -> set[str]:
    body = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", page)
    body = re.sub(r"(?s)<[^>]+>", " ", body)
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ_]{2,}", html.unescape(body))}


def walk(client: TestClient) -> str:
    state = fresh_state(client)
    order = ["evaluation", "system", "organisation", "deployer", "scope", "prohibited"]
    order += ["biometrics", "annex_i", "annex_iii", "transparency", "operators", "role_changes"]
    for section in order:
        for _ in range(2):  # once more when the answers opened new questions
            response = post_form(
                client,
                f"/aiact/questionnaire/{section}",
                {**COMMUNE.get(section, {}), "state": state, "action": "next"},
            )
            if response.status_code != 303:
                break
            state = re.search(r"state=([^&#]+)", response.headers["location"]).group(1)  # type: ignore[union-attr]
    return state


def test_the_dutch_result_page_has_no_english_words(app: FastAPI, world: dict[str, Any]) -> None:
    with browser(app, language="nl") as dutch, browser(app, language="en") as english:
        csrf_of(english)
        state = walk(english)
        en_page = english.get("/aiact/result", params={"state": state})
        nl_page = dutch.get("/aiact/result", params={"state": state})
    assert en_page.status_code == nl_page.status_code == 200
    assert "High risk" in en_page.text
    english_words = visible_words(en_page.text)
    dutch_words = visible_words(nl_page.text)
    leaked = sorted((english_words & dutch_words) - SHARED)
    assert leaked == [], " ".join(leaked)
    assert not [w for w in dutch_words if "_" in w], "codes are not shown as text"
    assert 'download="aiact-result.json"' in nl_page.text
    assert "Hoog risico" in nl_page.text
