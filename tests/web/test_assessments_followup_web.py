"""Impact assessments after submission: the action plan, an opinion with several conditions,
the portal's JSON twin, the FRIA notice on the record page, the Art 27(3) notification pack."""

from __future__ import annotations

from typing import Any

from assessments_support import (
    PASSWORD,
    classify_high_risk,
    make_reviewed_fria,
    make_voted_fria,
)
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import bearer, browser, post_form, rows, sign_in

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Scope
from balise.services import accounts
from register_support import create, create_published

UPDATED = "assessment.measure_updated"
RISK = {
    "right": "art21",
    "group": "Applicants",
    "description": "Indirect discrimination",
    "likelihood": "3",
    "severity": "3",
    "residual_likelihood": "1",
    "residual_severity": "3",
    "owner": "Data team",
}


def signed_in(app: FastAPI, email: str, language: str = "en") -> TestClient:
    client = browser(app, language=language)
    sign_in(client, email, PASSWORD)
    return client


def test_the_action_plan_flags_overdue_measures_and_changes_their_status(
    browsers: dict[str, TestClient],
    container: Container,
    world: dict[str, Any],
    issue_token: Any,
) -> None:
    create_published(container, world, slug="alpha")
    editor = browsers["editor"]
    page = post_form(editor, "/register/alpha/assessments", {"template": "fria"})
    fria = page.headers["location"]
    late = {**RISK, "measure": "Yearly audit", "due": "2020-01-31"}
    later = {**RISK, "right": "art8", "measure": "Delete old files", "due": "2099-01-31"}
    assert post_form(editor, f"{fria}/risks", later).status_code == 303
    assert post_form(editor, f"{fria}/risks", late).status_code == 303
    # Overdue first, flagged on the plan, on its JSON twin and on the assessment's page.
    plan = editor.get(f"{fria}/action-plan.json").json()
    assert plan["overdue"] == 1
    assert [(m["risk"], m["number"], m["overdue"]) for m in plan["measures"]] == [
        ("r2", 1, True),
        ("r1", 1, False),
    ]
    html = editor.get(f"{fria}/action-plan").text
    assert "Overdue measures in the action plan: 1" in html
    assert "Overdue measures in the action plan: 1" in editor.get(fria).text
    # The deployer marks the late measure done: it is no longer overdue.
    done = post_form(editor, f"{fria}/risks/r2/measures/1", {"status": "done"})
    assert done.status_code == 303
    assert done.headers["location"] == f"{fria}/action-plan"
    plan = editor.get(f"{fria}/action-plan.json").json()
    assert plan["overdue"] == 0
    assert {m["risk"]: m["status"] for m in plan["measures"]}["r2"] == "done"
    refused = post_form(editor, f"{fria}/risks/r2/measures/1", {"status": "finished"})
    assert refused.status_code == 422
    assert "Choose from the list." in refused.text
    assert post_form(editor, f"{fria}/risks/r9/measures/1", {"status": "done"}).status_code == 409
    # The API: a token with the assessments scope.
    assessment_id = fria.rsplit("/", 1)[1]
    writer = issue_token("editor", Scope.READ, Scope.ASSESSMENTS_WRITE)
    client = browsers["anonymous"]
    updated = client.put(
        f"/api/v1/assessments/{assessment_id}/risks/r1/measures/1",
        json={"status": "in_progress"},
        headers=bearer(writer),
    )
    assert updated.status_code == 200, updated.text
    read = client.get(f"/api/v1/assessments/{assessment_id}/action-plan", headers=bearer(writer))
    assert {m["risk"]: m["status"] for m in read.json()["measures"]} == {
        "r1": "in_progress",
        "r2": "done",
    }
    events = rows(
        container,
        "SELECT event_type FROM audit_events WHERE event_type = 'assessment.measure_updated'",
    )
    assert len(events) == 2
    # Only the deployer's writers change it; the regulator reads the plan without a form.
    assert "<form" not in browsers["regulator"].get(f"{fria}/action-plan").text.split("<main")[-1]


def test_an_opinion_with_several_conditions_lists_every_error_and_writes_nothing(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    create_published(container, world, slug="alpha")
    fria_id, _chair = make_voted_fria(container, world, "alpha")
    page = f"/assessments/{fria_id}"
    chair = signed_in(app, "chair@balise.test")
    form = chair.get(page).text
    assert 'name="condition_3_due"' in form
    assert 'name="condition_4_due"' not in form
    more = post_form(chair, f"{page}/opinion", {"condition_1_en": "Kept", "more_conditions": "1"})
    assert more.status_code == 200
    assert 'name="condition_5_due"' in more.text
    assert "Kept" in more.text
    bad = {
        "kind": "favourable_with_conditions",
        "original_language": "en",
        "text_en": "Favourable, with conditions.",
        "condition_1_en": "Audit every year",  # no due date
        "condition_2_en": "Publish the audit",
        "condition_2_due": "next year",  # not a date
        "condition_4_nl": "Alleen in het Nederlands",  # not in the original language
        "condition_4_due": "2027-06-30",
    }
    refused = post_form(chair, f"{page}/opinion", bad)
    assert refused.status_code == 422
    for message in (
        "Give a due date.",
        "Give a date as YYYY-MM-DD.",
        "Write the condition in the opinion&#39;s original language.",
    ):
        assert message in refused.text
    assert 'href="#field-condition_1_due"' in refused.text
    assert 'href="#field-condition_2_due"' in refused.text
    assert 'href="#field-condition_4_en"' in refused.text
    assert 'value="next year"' in refused.text  # what was typed stays
    document = chair.get(f"{page}.json").json()
    assert (document["state"], document["opinion"]) == ("under_review", None)
    good = {
        **bad,
        "condition_1_due": "2027-06-30",
        "condition_2_due": "2027-12-31",
        "condition_4_en": "Explain it in Dutch too",
    }
    assert post_form(chair, f"{page}/opinion", good).status_code == 303
    conditions = chair.get(f"{page}.json").json()["opinion"]["conditions"]
    assert [(c["key"], c["due"]) for c in conditions] == [
        ("c1", "2027-06-30"),
        ("c2", "2027-12-31"),
        ("c3", "2027-06-30"),
    ]


def test_the_opinion_through_the_api(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any], issue_token: Any
) -> None:
    create_published(container, world, slug="alpha")
    fria_id, chair = make_voted_fria(container, world, "alpha")
    with container.uow() as uow:  # the chair's token, with the assessments scope
        _, secret = accounts.issue_api_token(
            uow,
            actor=Actor(user=chair),
            name="chair",
            scopes=frozenset({Scope.READ, Scope.ASSESSMENTS_WRITE}),
            days=30,
        )
        uow.commit()
    client = browsers["anonymous"]
    body = {
        "kind": "unfavourable",
        "text": {"en": "Not yet."},
        "original_language": "en",
        "conditions": [{"text": {"en": "Audit"}, "due": "soon"}],
    }
    refused = client.post(
        f"/api/v1/assessments/{fria_id}/opinion", json=body, headers=bearer(secret)
    )
    assert refused.status_code == 422
    fields = {e["field"] for e in refused.json()["errors"]}
    assert fields == {"condition_1_due", "kind"}
    body = {
        "kind": "favourable_with_conditions",
        "text": {"en": "Favourable."},
        "original_language": "en",
        "conditions": [
            {"text": {"en": "Audit yearly"}, "due": "2027-06-30"},
            {"text": {"en": "Publish it"}, "due": "2027-09-30"},
        ],
    }
    issued = client.post(
        f"/api/v1/assessments/{fria_id}/opinion", json=body, headers=bearer(secret)
    )
    assert issued.status_code == 200, issued.text
    assert len(issued.json()["opinion"]["conditions"]) == 2


def test_the_portal_json_twin_carries_the_public_summaries_and_opinion(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    create_published(container, world, slug="alpha")
    make_reviewed_fria(container, world, "alpha")
    document = browsers["anonymous"].get("/systems/alpha.json").json()
    [fria] = document["assessments"]
    assert fria["template"] == "fria"
    assert fria["summary"] == {"fr": "Résumé", "nl": "Samenvatting"}
    assert fria["opinion"]["kind"] == "favourable_with_conditions"
    assert fria["opinion"]["text"]["nl"] == "Gunstig."
    assert fria["opinion"]["conditions"] == [
        {
            "text": {"en": "Audit yearly.", "nl": "Jaarlijks auditen."},
            "due": "2027-06-30",
            "closed": False,
        }
    ]
    # Only public fields: no answers, votes, reasons or names.
    text = str(fria)
    for private in ("answers", "tally", "minority", "Sound.", "issued_by", "Chair"):
        assert private not in text


def test_the_record_page_says_from_when_a_fria_is_required(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world, slug="gated")
    assert "AI Act Art 27" not in browsers["editor"].get("/register/gated").text
    classify_high_risk(container, world, record.slug)
    page = browsers["editor"].get("/register/gated").text
    assert "A FRIA (AI Act Art 27) is required from" in page
    assert "2027" in page
    assert 'href="/register/gated/assessments"' in page
    french = browsers["editor"].get("/register/gated", headers={"Accept-Language": "fr"})
    assert "/register/gated/assessments" in french.text


def test_the_notification_pack_as_a_pdf_from_the_ui_and_the_api(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any], issue_token: Any
) -> None:
    create_published(container, world, slug="alpha")
    fria = make_reviewed_fria(container, world, "alpha")
    regulator = browsers["regulator"]
    page = regulator.get(f"/assessments/{fria}/notification")
    assert page.status_code == 200
    for element in (
        "Notification of a fundamental rights impact assessment",
        "Article 27(3)",
        "The elements of Article 27(1)",
        "Notified on",
        "Art 27(1)(a)",
        "Answer to fria.process.description",
    ):
        assert element in page.text, element
    pdf = regulator.get(f"/assessments/{fria}/notification.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert f"notification-{fria}.pdf" in pdf.headers["content-disposition"]
    report = regulator.get(f"/assessments/{fria}/report.pdf")
    assert report.content != pdf.content  # its own document, not the report
    token = issue_token("regulator", Scope.READ)
    client = browsers["anonymous"]
    pack = client.get(f"/api/v1/assessments/{fria}/notification", headers=bearer(token))
    assert pack.json()["kind"] == "ai_act_art27_3_notification"
    api_pdf = client.get(f"/api/v1/assessments/{fria}/notification.pdf", headers=bearer(token))
    assert api_pdf.content.startswith(b"%PDF")
    editor = browsers["editor"]
    assert f"/assessments/{fria}/notification.pdf" in editor.get(f"/assessments/{fria}").text
    dpia = post_form(editor, "/register/alpha/assessments", {"template": "dpia"})
    dpia_id = dpia.headers["location"].rsplit("/", 1)[1]
    assert editor.get(f"/assessments/{dpia_id}/notification.pdf").status_code == 404
