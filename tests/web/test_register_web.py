"""The editors' pages of the register: a record from a blank form to a published version."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from web_support import post_form, rows

from balise.bootstrap import Container
from register_support import create, create_published

FORM = {
    "organisation": "alpha",
    "default_language": "nl",
    "checked_languages": ["nl"],
    "name_nl": "Slimme parkeerplanning",
    "description_short_nl": "Voorspelt de bezetting van parkings om verkeer te spreiden.",
    "intended_purpose_nl": "Bestuurders naar vrije plaatsen leiden.",
    "affected_groups_nl": "Bestuurders in het centrum.",
    "decision_type": "information_only",
    "lifecycle_status": "pilot",
    "contact_email": "mobiliteit@alpha.example",
    "contact_name": "An Claes",
    "visibility_contact_name": "restricted",
    "human_intervention_nl": "Een verkeersregelaar volgt de voorspellingen op.",
    "oversight_mode": "on_the_loop",
    "objection_procedure_nl": "Klachten via het loket mobiliteit.",
    "explanation_channel": "mobiliteit@alpha.example",
    "themes": ["mobility", "environment"],
    "tags": "parking, verkeer",
}


def test_an_editor_registers_a_system_and_a_reviewer_publishes_it(
    browsers: dict[str, TestClient], container: Container
) -> None:
    editor, reviewer = browsers["editor"], browsers["reviewer"]

    created = post_form(editor, "/register/new", FORM)
    assert created.status_code == 303, created.text
    assert created.headers["location"] == "/register/slimme-parkeerplanning?saved=1"
    page = editor.get("/register/slimme-parkeerplanning")
    assert "Slimme parkeerplanning" in page.text
    assert "Your organisation and the regulator" in page.text  # contact name made restricted

    assert post_form(editor, "/register/slimme-parkeerplanning/submit").status_code == 303
    assert post_form(reviewer, "/register/slimme-parkeerplanning/approve").status_code == 303
    published = post_form(reviewer, "/register/slimme-parkeerplanning/publish", {"note": "Eerste"})
    assert published.status_code == 303

    saved = rows(container, "SELECT state, version, fields FROM systems")[0]
    assert (saved.state, saved.version) == ("published", 1)
    fields = saved.fields if isinstance(saved.fields, dict) else json.loads(saved.fields)
    assert fields["themes"] == ["mobility", "environment"]
    assert fields["tags"] == ["parking", "verkeer"]
    assert rows(container, "SELECT slug FROM portal_systems")[0].slug == "slimme-parkeerplanning"


def test_a_refused_form_names_the_fields_and_keeps_what_was_typed(
    browsers: dict[str, TestClient], container: Container
) -> None:
    bad = {**FORM, "contact_email": "not an address", "begin_date": "yesterday"}
    response = post_form(browsers["editor"], "/register/new", bad)
    assert response.status_code == 422
    assert 'href="#field-contact_email"' in response.text
    assert 'href="#field-begin_date"' in response.text
    assert "Slimme parkeerplanning" in response.text
    assert rows(container, "SELECT count(*) AS n FROM systems")[0].n == 0


def test_the_errors_are_in_the_readers_language(browsers: dict[str, TestClient]) -> None:
    editor = browsers["editor"]
    editor.headers["Accept-Language"] = "fr"
    response = post_form(editor, "/register/new", {**FORM, "contact_email": "x"})
    assert response.status_code == 422
    assert "adresse e-mail" in response.text


def test_an_incomplete_draft_cannot_be_sent_for_review(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world, oversight_mode=None)
    response = post_form(browsers["editor"], f"/register/{record.slug}/submit")
    assert response.status_code == 422
    assert "field-oversight_mode" in browsers["editor"].get(f"/register/{record.slug}").text
    assert rows(container, "SELECT state FROM systems")[0].state == "draft"


def test_the_author_sees_that_another_reviewer_must_approve(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    reviewer = browsers["reviewer"]
    form = {**FORM, "name_nl": "Andere naam"}
    form.pop("organisation")
    assert post_form(reviewer, f"/register/{record.slug}/edit", form).status_code == 303
    assert post_form(reviewer, f"/register/{record.slug}/submit").status_code == 303
    refused = post_form(reviewer, f"/register/{record.slug}/approve")
    assert refused.status_code == 409
    assert "Another person" in refused.text


def test_withdrawal_needs_a_reason(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create_published(container, world)
    reviewer = browsers["reviewer"]
    assert (
        post_form(reviewer, f"/register/{record.slug}/withdraw", {"reason": ""}).status_code == 422
    )
    done = post_form(reviewer, f"/register/{record.slug}/withdraw", {"reason": "Stopgezet."})
    assert done.status_code == 303
    assert rows(container, "SELECT withdrawn FROM portal_systems")[0].withdrawn


def test_other_organisations_do_not_see_drafts(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    assert browsers["other-editor"].get(f"/register/{record.slug}").status_code == 404
    assert record.slug not in browsers["other-editor"].get("/register").text
    assert record.slug in browsers["regulator"].get("/register").text


def test_a_stale_record_is_flagged_to_its_organisation(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    create(container, world, revision_date="2020-01-01")
    page = browsers["editor"].get("/register")
    assert "past its review date" in page.text
