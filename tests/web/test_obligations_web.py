"""The obligation tracker on the web: the record's page and form, the portal summary, the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from web_support import bearer, post_form, rows

from assessment_fixtures import classify_high_risk
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Scope
from balise.services import aiact
from register_support import create_published

DOCUMENT = {
    "status": "met",
    "evidence": "document",
    "evidence_title": "Plan de formation à l'IA 2026",
    "evidence_url": "https://intranet.alpha.example/ia/formation.pdf",
}


def test_an_editor_sets_a_status_with_evidence_and_the_portal_summarises_it(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    classify_high_risk(container, world, "triage")
    editor = browsers["editor"]
    editor.headers["Accept-Language"] = "nl"
    record = editor.get("/register/triage")
    assert 'href="/register/triage/obligations"' in record.text
    page = editor.get("/register/triage/obligations")
    assert page.status_code == 200
    assert "0 van 1 verplichtingen nageleefd" in page.text
    assert "Nog niet van toepassing" in page.text
    assert "art. 27" in page.text
    form = editor.get("/register/triage/obligations/ai_literacy/deployer")
    assert form.status_code == 200
    response = post_form(editor, "/register/triage/obligations/ai_literacy/deployer", DOCUMENT)
    assert response.status_code == 303, response.text
    page = editor.get(response.headers["location"])
    assert "1 van 1 verplichtingen nageleefd" in page.text
    assert "Plan de formation à l&#39;IA 2026" in page.text
    document = editor.get("/register/triage/obligations.json").json()
    literacy = next(d for d in document["duties"] if d["code"] == "ai_literacy")
    assert literacy["evidence"]["url"] == DOCUMENT["evidence_url"]
    assert document["summary"]["met"] == 1

    citizen = browsers["anonymous"]
    citizen.headers["Accept-Language"] = "fr"
    portal = citizen.get("/systems/triage")
    assert "Obligations respectées : 1 sur 1" in portal.text
    assert "Pas encore applicable" in portal.text
    twin = citizen.get("/systems/triage.json").json()
    assert twin["obligations"]["summary"]["met"] == 1
    assert "evidence" not in twin["obligations"]["duties"][0]
    events = rows(
        container, "SELECT event_type FROM audit_events WHERE event_type = 'obligation.status_set'"
    )
    assert len(events) == 1


def test_the_form_names_every_error_at_once_in_the_reader_language(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    classify_high_risk(container, world, "triage")
    editor = browsers["editor"]
    editor.headers["Accept-Language"] = "de"
    response = post_form(
        editor,
        "/register/triage/obligations/fria/deployer",
        {"status": "not_applicable", "evidence": "document", "evidence_url": "intranet"},
    )
    assert response.status_code == 422
    text = response.text
    assert 'href="#field-reason"' in text
    assert 'href="#field-evidence_title"' in text
    assert 'href="#field-evidence_url"' in text
    assert "Geben Sie an, warum diese Pflicht nicht gilt." in text
    response = post_form(
        editor, "/register/triage/obligations/fria/deployer", {"status": "met", "evidence": ""}
    )
    assert response.status_code == 422
    assert 'href="#field-evidence"' in response.text
    assert rows(container, "SELECT id FROM obligation_statuses") == []


def test_the_api_reads_and_writes_the_tracker(
    container: Container, world: dict[str, Any], client: TestClient, issue_token: Any
) -> None:
    create_published(container, world, "triage")
    classify_high_risk(container, world, "triage")
    token = issue_token("editor", Scope.READ, Scope.SYSTEMS_WRITE)
    read = client.get("/api/v1/systems/triage/obligations", headers=bearer(token))
    assert read.status_code == 200
    assert {d["code"] for d in read.json()["duties"]} >= {"fria", "ai_literacy"}
    bad = client.put(
        "/api/v1/systems/triage/obligations/fria/deployer",
        json={"status": "done", "evidence_kind": "contract"},
        headers=bearer(token),
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"status", "evidence_kind"}
    good = client.put(
        "/api/v1/systems/triage/obligations/fria/deployer",
        json={"status": "in_progress"},
        headers=bearer(token),
    )
    assert good.status_code == 200, good.text
    fria = next(d for d in good.json()["duties"] if d["code"] == "fria")
    assert fria["status"] == "in_progress"
    reader = issue_token("editor", Scope.READ)
    refused = client.put(
        "/api/v1/systems/triage/obligations/fria/deployer",
        json={"status": "to_do"},
        headers=bearer(reader),
    )
    assert refused.status_code == 403
    other = issue_token("other-editor")
    assert (
        client.get("/api/v1/systems/triage/obligations", headers=bearer(other)).status_code == 404
    )


COMMUNE_ANSWERS: dict[str, Any] = {
    "evaluation_date": "2028-01-10",
    "system.name": "Triage des demandes d'allocation-loyer",
    "system.kind": "ai_system",
    "actor.roles": ["deployer"],
    "actor.public_body": True,
    "annex_iii.points": ["5(a)"],
}


def test_the_record_and_its_questionnaire_link_to_each_other_in_plain_language(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    editor = browsers["editor"]
    editor.headers["Accept-Language"] = "nl"
    with container.uow() as uow:
        saved = aiact.start_questionnaire(
            uow, actor=Actor(user=world["users"]["editor"]), answers=COMMUNE_ANSWERS, law=None
        )
        uow.commit()
    before = editor.get("/register/triage").text
    assert "Nog niet geclassificeerd" in before
    stored = post_form(editor, "/aiact/store", {"saved": str(saved.id), "slug": "triage"})
    assert stored.status_code == 303, stored.text
    record = editor.get("/register/triage").text
    assert f'href="/aiact/saved/{saved.id}/result"' in record  # the editor's own questionnaire
    assert "Hoog risico" in record
    assert '<span class="hint">(high_risk)</span>' in record  # the code only beside the label
    assert "bijlage III, punt 5(a)" in record
    assert "Gebruiksverantwoordelijke" in record
    result = editor.get(f"/aiact/saved/{saved.id}/result").text
    assert 'href="/register/triage"' in result
    assert "Dit resultaat is opgeslagen op de registerfiche:" in result
    reviewer = browsers["reviewer"].get("/register/triage").text
    assert f"/aiact/saved/{saved.id}/result" not in reviewer  # someone else's notebook
    assert 'href="/register/triage/classification"' in reviewer
