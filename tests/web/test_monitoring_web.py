"""Monitoring on the web: the citizen's request and follow-up, staff handling, incidents, API."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from monitoring_support import INCIDENT_JSON, REQUEST_JSON
from web_support import bearer, post_form

from balise.adapters.mail.smtp import SmtpMailer
from balise.bootstrap import Container
from monitoring_helpers import smtp_server
from register_support import create_published

GERMAN_FORM = {
    "system": "triage",
    "kind": "human_review",
    "decision_reference": "AZ-2026-4711",
    "text": "Bitte prüfen Sie meinen Bescheid.",
    "contact_email": "buerger@example.be",
    "language": "de",
}
ANSWER = {
    "outcome": "changed",
    "ai_role": "Das System schlug eine Stufe vor.",
    "main_elements": "Einkommen.",
    "data_used": "Ihr Antrag.",
    "how_to_contest": "Datenschutzbehörde.",
}


def file_in_german(browsers: dict[str, TestClient]) -> tuple[str, str]:
    citizen = browsers["anonymous"]
    citizen.headers["Accept-Language"] = "de"
    response = post_form(citizen, "/requests/new", GERMAN_FORM)
    assert response.status_code == 201, response.text
    reference = re.search(r'id="reference">(BAL-\d{4}-\d{6})<', response.text)
    link = re.search(r'id="follow-up-link" href="([^"]+)"', response.text)
    assert reference is not None
    assert link is not None
    return reference.group(1), link.group(1)


def test_a_citizen_files_in_german_from_a_system_page_and_follows_it(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    citizen = browsers["anonymous"]
    citizen.headers["Accept-Language"] = "de"
    page = citizen.get("/systems/triage")
    assert "/requests/new?system=triage&amp;kind=human_review" in page.text
    form = citizen.get("/requests/new?system=triage&kind=human_review")
    assert '<html lang="de"' in form.text
    assert "Eine Erklärung oder eine menschliche Überprüfung beantragen" in form.text
    with smtp_server() as (inbox, port):
        container.__dict__["mailer"] = SmtpMailer(host="127.0.0.1", port=port, sender="b@x.be")
        reference, link = file_in_german(browsers)
        assert len(inbox.messages) == 1
        mail = inbox.messages[0]
        assert str(mail["Subject"]) == f"Ihr Antrag {reference} ist eingegangen"
        assert link.split("?")[0] in mail.get_content()
    followed = citizen.get(link)
    assert followed.status_code == 200
    assert "Eingegangen" in followed.text
    wrong = citizen.get(f"/requests/{reference}?key=not-the-secret")
    assert wrong.status_code == 404


def test_a_request_without_contact_or_reference_names_both_fields(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    response = post_form(
        browsers["anonymous"],
        "/requests/new",
        {**GERMAN_FORM, "contact_email": "", "decision_reference": ""},
    )
    assert response.status_code == 422
    assert 'href="#field-contact"' in response.text
    assert 'href="#field-decision_reference"' in response.text
    with container.uow() as uow:
        assert uow.citizen_requests.list_for() == []


def test_the_request_form_lists_its_errors_in_page_order_and_says_the_reference_is_required(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    citizen = browsers["anonymous"]
    form = citizen.get("/requests/new").text
    label = re.search(r'<label for="field-decision_reference">(.*?)</label>', form, re.S)
    assert label is not None
    assert '<span class="required">(required)</span>' in label.group(1)
    response = post_form(citizen, "/requests/new", {"organisation": "alpha", "text": ""})
    assert response.status_code == 422
    summary = response.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    listed = re.findall(r'href="#field-([a-z_]+)"', summary)
    assert listed == ["kind", "decision_reference", "text", "contact"]
    # Without an administration chosen, that error comes first among the others, not after them.
    unaddressed = post_form(citizen, "/requests/new", {"text": ""})
    assert unaddressed.status_code == 422
    summary = unaddressed.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    listed = re.findall(r'href="#field-([a-z_]+)"', summary)
    assert listed == ["organisation", "kind", "decision_reference", "text", "contact"]
    # The staff's form of a request received by post or at the desk, in its own page order.
    staff = post_form(browsers["editor"], "/monitoring/requests/new", {"channel": "letter"})
    assert staff.status_code == 422
    summary = staff.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    listed = re.findall(r'href="#field-([a-z_]+)"', summary)
    assert listed == ["received_on", "kind", "decision_reference", "text", "contact"]


def test_staff_assign_answer_and_the_citizen_reads_the_outcome(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "triage")
    reference, link = file_in_german(browsers)
    editor, reviewer = browsers["editor"], browsers["reviewer"]
    inbox = editor.get("/monitoring")
    assert reference in inbox.text
    reviewer_id = str(world["users"]["reviewer"].id)
    same = post_form(
        editor,
        f"/monitoring/requests/{reference}/assign",
        {"reviewer_id": reviewer_id, "decision_maker_id": reviewer_id},
    )
    assert same.status_code == 422
    assert "must not be the person who took the original decision" in same.text
    assigned = post_form(
        editor,
        f"/monitoring/requests/{reference}/assign",
        {"reviewer_id": reviewer_id, "decision_maker_id": str(world["users"]["editor"].id)},
    )
    assert assigned.status_code == 303
    incomplete = post_form(reviewer, f"/monitoring/requests/{reference}/answer", {})
    assert incomplete.status_code == 422
    for name in ("outcome", "ai_role", "main_elements", "data_used", "how_to_contest"):
        assert f'href="#field-{name}"' in incomplete.text
    answered = post_form(reviewer, f"/monitoring/requests/{reference}/answer", ANSWER)
    assert answered.status_code == 303
    followed = browsers["anonymous"].get(link)
    assert 'id="outcome"' in followed.text
    assert "Entscheidung geändert" in followed.text
    other = browsers["other-editor"].get(f"/monitoring/requests/{reference}")
    assert other.status_code == 404
    stats = browsers["anonymous"].get("/requests/statistics.json").json()
    row = stats["organisations"]["rows"][0]
    assert row["by_kind"]["human_review"] == 1
    assert row["share_changed"] == 1.0
    assert "buerger" not in str(stats)


def test_the_request_api(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    create_published(container, world, "alpha")
    client = browsers["anonymous"]
    created = client.post("/api/v1/requests", json=REQUEST_JSON)
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) == {"reference", "due_on", "follow_up_url"}
    secret = body["follow_up_url"].split("key=")[1]
    read = client.get(
        f"/api/v1/requests/{body['reference']}", headers={"X-Follow-Up-Secret": secret}
    )
    assert read.status_code == 200
    assert read.json()["due_on"] == body["due_on"]
    assert read.json()["state"] == "received"
    wrong = client.get(
        f"/api/v1/requests/{body['reference']}", headers={"X-Follow-Up-Secret": "nope"}
    )
    assert wrong.status_code == 404
    assert wrong.headers["content-type"].startswith("application/problem+json")
    invalid = client.post(
        "/api/v1/requests", json={**REQUEST_JSON, "contact_email": "", "decision_reference": ""}
    )
    assert invalid.status_code == 422
    assert {e["field"] for e in invalid.json()["errors"]} == {"contact", "decision_reference"}
    # No addressee and no text: both told at once, not the addressee once the rest is right.
    unaddressed = client.post("/api/v1/requests", json={**REQUEST_JSON, "system": "", "text": ""})
    assert unaddressed.status_code == 422
    assert {e["field"] for e in unaddressed.json()["errors"]} == {"organisation", "text"}


def test_a_deployer_reports_a_death_and_the_regulator_sees_a_ten_day_clock(
    container: Container,
    world: dict[str, Any],
    browsers: dict[str, TestClient],
    issue_token: Callable[..., str],
) -> None:
    create_published(container, world, "alpha")
    report = {
        "reporter_role": "deployer",
        "system_id": "",
        "system_name": "Triage",
        "provider_name": "Vendor SA",
        "category": "health",
        "death": "on",
        "aware_on": "2026-12-02",
        "description": "A delayed treatment.",
    }
    missing = post_form(browsers["editor"], "/monitoring/incidents/new", {**report, "aware_on": ""})
    assert missing.status_code == 422
    assert 'href="#field-aware_on"' in missing.text
    created = post_form(browsers["editor"], "/monitoring/incidents/new", report)
    assert created.status_code == 303
    path = created.headers["location"]
    reference = path.rsplit("/", 1)[1]
    regulator = browsers["regulator"]
    inbox = regulator.get("/monitoring/regulator")
    assert reference in inbox.text
    assert "December 14, 2026" in inbox.text
    assert "Art 73(4)" in inbox.text
    assessed = post_form(
        regulator,
        f"{path}/assess",
        {"state": "under_assessment"},
    )
    assert assessed.status_code == 303
    post_form(
        regulator,
        f"{path}/assess",
        {"state": "measures_requested", "measures": "Human check.", "follow_up_due_on": ""},
    )
    published = post_form(regulator, f"{path}/publish", {"public_summary": "Delayed care."})
    assert published.status_code == 303
    public = browsers["anonymous"].get("/incidents.json").json()
    assert [i["reference"] for i in public["incidents"]] == [reference]
    assert "A delayed treatment" not in str(public)
    # The report named a system outside the register: no system's page lists it.
    assert browsers["anonymous"].get("/incidents.json?system=alpha").json()["incidents"] == []
    api_public = browsers["anonymous"].get("/api/v1/incidents/public").json()
    assert api_public["incidents"] == public["incidents"]
    token = issue_token("editor")
    made = browsers["anonymous"].post(
        "/api/v1/incidents", json=INCIDENT_JSON, headers=bearer(token)
    )
    assert made.status_code == 201, made.text
    assert made.json()["article"].endswith("Art 73(2)")
    listed = browsers["anonymous"].get(
        "/api/v1/incidents", headers=bearer(issue_token("regulator"))
    )
    assert {i["reference"] for i in listed.json()["incidents"]} == {
        reference,
        made.json()["reference"],
    }


BASIS_PAGE = "/monitoring/organisations/alpha/request-basis"


def test_the_organisation_chooses_the_basis_of_its_deadlines(
    world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    editor = browsers["editor"]
    inbox = editor.get("/monitoring")
    assert "Regulation (EU) 2016/679 (GDPR), Art 12(3)" in inbox.text
    assert f'href="{BASIS_PAGE}"' in inbox.text
    page = editor.get(BASIS_PAGE)
    assert page.status_code == 200
    assert 'id="basis-gdpr" name="basis" value="gdpr" checked' in page.text
    refused = post_form(editor, BASIS_PAGE, {"basis": "whatever"})
    assert refused.status_code == 422
    assert 'id="error-basis"' in refused.text
    saved = post_form(editor, BASIS_PAGE, {"basis": "publicity_1994"})
    assert saved.status_code == 303
    assert saved.headers["location"] == BASIS_PAGE + "?saved=1"
    again = editor.get(saved.headers["location"])
    assert 'value="publicity_1994" checked' in again.text
    assert 'role="status"' in again.text
    assert "Art 6 §5" in editor.get("/monitoring").text
    # the reviewer handles requests but does not choose for the organisation
    assert f'href="{BASIS_PAGE}"' not in browsers["reviewer"].get("/monitoring").text
    assert browsers["reviewer"].get(BASIS_PAGE).status_code == 403
    assert browsers["other-editor"].get(BASIS_PAGE).status_code == 403


def test_the_basis_page_speaks_the_readers_language(browsers: dict[str, TestClient]) -> None:
    editor = browsers["editor"]
    editor.headers["Accept-Language"] = "nl"
    page = editor.get(BASIS_PAGE)
    assert "Termijnen van verzoeken van burgers" in page.text
    assert "openbaarheid van bestuur" in page.text
