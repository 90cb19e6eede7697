"""The editors' pages of the register: a record from a blank form to a published version."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from web_support import post_form, rows

from balise.bootstrap import Container
from register_support import create, create_published

NEW = {"organisation": "alpha", "default_language": "nl", "name_nl": "Slimme parkeerplanning"}
SECTIONS: dict[str, dict[str, Any]] = {
    "purpose": {
        "name_nl": "Slimme parkeerplanning",
        "description_short_nl": "Voorspelt de bezetting van parkings om verkeer te spreiden.",
        "intended_purpose_nl": "Bestuurders naar vrije plaatsen leiden.",
        "affected_groups_nl": "Bestuurders in het centrum.",
        "decision_type": "information_only",
        "themes": ["mobility", "environment"],
    },
    "oversight": {
        "human_intervention_nl": "Een verkeersregelaar volgt de voorspellingen op.",
        "oversight_mode": "on_the_loop",
        "objection_procedure_nl": "Klachten via het loket mobiliteit.",
        "explanation_channel": "mobiliteit@alpha.example",
    },
    "accountability": {
        "contact_email": "mobiliteit@alpha.example",
        "contact_name": "An Claes",
        "visibility_contact_name": "restricted",
    },
    "lifecycle": {"lifecycle_status": "pilot"},
    "record": {"default_language": "nl", "checked_languages": ["nl"], "tags": "parking, verkeer"},
}


def test_an_editor_registers_a_system_section_by_section_and_a_reviewer_publishes_it(
    browsers: dict[str, TestClient], container: Container
) -> None:
    editor, reviewer = browsers["editor"], browsers["reviewer"]

    created = post_form(editor, "/register/new", NEW)
    assert created.status_code == 303, created.text
    assert created.headers["location"] == "/register/slimme-parkeerplanning/edit?created=1"
    for section, form in SECTIONS.items():
        saved = post_form(editor, f"/register/slimme-parkeerplanning/edit/{section}", form)
        assert saved.status_code == 303, saved.text
        assert saved.headers["location"].endswith(f"/edit?saved={section}")
    page = editor.get("/register/slimme-parkeerplanning")
    assert "Slimme parkeerplanning" in page.text
    assert "Your organisation and the regulator" in page.text  # contact name made restricted

    assert post_form(editor, "/register/slimme-parkeerplanning/submit").status_code == 303
    assert post_form(reviewer, "/register/slimme-parkeerplanning/approve").status_code == 303
    published = post_form(reviewer, "/register/slimme-parkeerplanning/publish", {"note": "Eerste"})
    assert published.status_code == 303

    saved_row = rows(container, "SELECT state, version, fields FROM systems")[0]
    assert (saved_row.state, saved_row.version) == ("published", 1)
    fields = (
        saved_row.fields if isinstance(saved_row.fields, dict) else json.loads(saved_row.fields)
    )
    assert fields["themes"] == ["mobility", "environment"]
    assert fields["tags"] == ["parking", "verkeer"]
    assert rows(container, "SELECT slug FROM portal_systems")[0].slug == "slimme-parkeerplanning"


def test_a_refused_first_section_names_every_field_at_once_and_keeps_what_was_typed(
    browsers: dict[str, TestClient], container: Container
) -> None:
    bad = {**NEW, "organisation": "", "slug": "Not A Slug!", "name_fr": "x" * 101}
    response = post_form(browsers["editor"], "/register/new", bad)
    assert response.status_code == 422
    for key in ("organisation", "slug", "name_fr"):
        assert f'href="#field-{key}"' in response.text
    assert "Name (French): At most 100 characters." in response.text
    assert "Slimme parkeerplanning" in response.text
    assert rows(container, "SELECT count(*) AS n FROM systems")[0].n == 0


def test_the_errors_are_in_the_readers_language(
    browsers: dict[str, TestClient], world: dict[str, Any], container: Container
) -> None:
    record = create(container, world)
    editor = browsers["editor"]
    editor.headers["Accept-Language"] = "fr"
    response = post_form(
        editor, f"/register/{record.slug}/edit/accountability", {"contact_email": "x"}
    )
    assert response.status_code == 422
    assert 'href="#field-contact_email">E-mail de contact' in response.text
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
    form = {**SECTIONS["purpose"], "name_nl": "Andere naam"}
    assert post_form(reviewer, f"/register/{record.slug}/edit/purpose", form).status_code == 303
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
