"""The record form in sections: an overview with progress, one page and one Save per section,
and the error summary (every problem at once, each naming its field and linking to it)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import post_form, rows

from balise.bootstrap import Container
from balise.domain.register.sections import FORM_ORDER
from balise.domain.register.standard import Section, in_section
from register_support import create

SAVES: dict[str, tuple[dict[str, Any], str, Any]] = {
    "purpose": ({"name_nl": "Nieuwe naam", "decision_type": "decision_support"}, "name", None),
    "oversight": ({"oversight_mode": "on_the_loop"}, "oversight_mode", "on_the_loop"),
    "accountability": ({"contact_email": "nieuw@alpha.example"}, "contact_email", None),
    "lifecycle": (
        {"lifecycle_status": "pilot", "begin_date": "2025-01-01", "end_date": "2025-12-31"},
        "end_date",
        "2025-12-31",
    ),
    "ai_act": ({"annex_iii_point": "5 (B)"}, "annex_iii_point", "5(b)"),
    "data": (
        {"data_summary_nl": "Dossiergegevens.", "personal_data": "true"},
        "personal_data",
        True,
    ),
    "technical": ({"algorithm_type": "rule_based"}, "algorithm_type", "rule_based"),
    "risks": ({"risks_summary_nl": "Weinig risico."}, "risks_summary", {"nl": "Weinig risico."}),
    "record": (
        {"default_language": "nl", "checked_languages": ["nl"], "tags": "a, b"},
        "tags",
        ["a", "b"],
    ),
}


def fields_of(container: Container) -> dict[str, Any]:
    saved = rows(container, "SELECT fields FROM systems")[0].fields
    return saved if isinstance(saved, dict) else dict(json.loads(saved))


def test_the_sections_of_the_standard_each_have_a_save() -> None:
    assert [section.value for section in FORM_ORDER] == list(SAVES)


@pytest.mark.parametrize("section", list(SAVES))
def test_each_section_saves_only_its_own_fields(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any], section: str
) -> None:
    record = create(container, world)
    before = fields_of(container)
    editor = browsers["editor"]
    page = editor.get(f"/register/{record.slug}/edit/{section}")
    assert page.status_code == 200
    assert f'action="/register/{record.slug}/edit/{section}"' in page.text

    form, name, expected = SAVES[section]
    saved = post_form(editor, f"/register/{record.slug}/edit/{section}", form)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"/register/{record.slug}/edit?saved={section}"
    after = fields_of(container)
    if expected is not None:
        assert after[name] == expected
    own = {spec.name for spec in in_section(Section(section))}
    assert {k: v for k, v in after.items() if k not in own} == {
        k: v for k, v in before.items() if k not in own
    }
    events = rows(container, "SELECT event_type FROM audit_events ORDER BY seq")
    assert events[-1].event_type == "system.updated"
    assert "is saved" in editor.get(saved.headers["location"]).text


def test_saving_one_section_leaves_the_others_as_they_were(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world, goal={"nl": "Sneller beslissen."})
    before = fields_of(container)
    saved = post_form(
        browsers["editor"], f"/register/{record.slug}/edit/data", {"data_summary_nl": "Gegevens."}
    )
    assert saved.status_code == 303
    after = fields_of(container)
    assert after.pop("data_summary") == {"nl": "Gegevens."}
    assert after == before


def test_next_goes_to_the_following_section(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    saved = post_form(
        browsers["editor"],
        f"/register/{record.slug}/edit/purpose",
        {**_purpose_form(), "then": "next"},
    )
    assert saved.headers["location"] == f"/register/{record.slug}/edit/oversight"


def _purpose_form() -> dict[str, str]:
    return {
        "name_nl": "Toekenning van studietoelagen",
        "description_short_nl": "Rangschikt aanvragen.",
        "intended_purpose_nl": "Dringende aanvragen eerst.",
        "affected_groups_nl": "Studenten.",
        "decision_type": "decision_support",
    }


def test_the_error_summary_names_every_field_once_and_links_to_it(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    before = fields_of(container)
    form = {
        **_purpose_form(),
        "name_fr": "x" * 101,
        "name_en": "y" * 101,
        "description_short_nl": "z" * 351,
        "decision_type": "magic",
    }
    refused = post_form(browsers["editor"], f"/register/{record.slug}/edit/purpose", form)
    assert refused.status_code == 422
    page = refused.text
    summary = page[
        page.index('class="error-summary"') : page.index("</div>", page.index("error-summary"))
    ]
    links = re.findall(r'<a href="#field-([a-z_]+)">([^<]+)</a>', summary)
    assert [key for key, _ in links] == [
        "name_fr",
        "name_en",
        "description_short_nl",
        "decision_type",
    ]
    texts = dict(links)
    assert texts["name_fr"] == "Name (French): At most 100 characters."
    assert texts["name_en"] == "Name (English): At most 100 characters."
    assert texts["description_short_nl"] == "Summary (Dutch): At most 350 characters."
    assert texts["decision_type"] == "Degree of automation: Choose from the list."
    for key, text in links:
        assert page.count(text) == 2  # in the summary and at the field, nowhere else
        assert f'id="field-{key}"' in page
        assert f'<p class="error" id="error-{key}">{text}</p>' in page
    assert "autofocus" in summary.split(">")[0]
    assert 'value="' + "y" * 101 + '"' in page  # what was typed is kept
    assert fields_of(container) == before


def test_an_error_in_another_section_links_to_its_page(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    with container.uow() as uow:  # saved before the rule existed
        values = {**record.values, "annex_iii_point": "99(z)"}
        uow.systems.update(replace(record, values=values), at=uow.clock.now())
        uow.commit()
    editor = browsers["editor"]
    refused = post_form(editor, f"/register/{record.slug}/edit/data", {"data_summary_nl": "G."})
    assert refused.status_code == 422
    assert f'href="/register/{record.slug}/edit/ai_act#field-annex_iii_point"' in refused.text
    overview = editor.get(f"/register/{record.slug}/edit")
    assert "Has errors" in overview.text
    check = editor.get(f"/register/{record.slug}/check")
    assert f'href="/register/{record.slug}/edit/ai_act#field-annex_iii_point"' in check.text
    assert "Send for review" not in check.text.split("</h1>")[1]


def test_the_overview_shows_each_sections_state_and_the_progress(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world, oversight_mode=None)
    page = browsers["editor"].get(f"/register/{record.slug}/edit").text
    assert "4 of 9 sections complete." in page  # purpose, accountability, life cycle, record
    for section in FORM_ORDER:
        assert f'href="/register/{record.slug}/edit/{section.value}"' in page
    assert page.count("Not started") == 4  # AI Act profile, data, how it works, risks
    assert page.count("In progress") == 1  # oversight: its mode is missing
    assert f'href="/register/{record.slug}/check"' in page


def test_the_check_page_lists_what_is_missing_and_then_sends_for_review(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world, oversight_mode=None)
    editor = browsers["editor"]
    check = editor.get(f"/register/{record.slug}/check").text
    assert f'href="/register/{record.slug}/edit/oversight#field-oversight_mode"' in check
    assert "Kind of human oversight: Fill this in before asking for review." in check
    saved = post_form(
        editor,
        f"/register/{record.slug}/edit/oversight",
        {
            "human_intervention_nl": "Een dossierbeheerder beslist altijd zelf.",
            "oversight_mode": "in_the_loop",
            "objection_procedure_nl": "Bezwaar binnen dertig dagen.",
            "explanation_channel": "https://alpha.example/uitleg",
        },
    )
    assert saved.status_code == 303, saved.text
    ready = editor.get(f"/register/{record.slug}/check").text
    assert f'action="/register/{record.slug}/submit"' in ready
    assert post_form(editor, f"/register/{record.slug}/submit").status_code == 303
    assert rows(container, "SELECT state FROM systems")[0].state == "in_review"


def test_a_record_in_review_cannot_be_changed_and_says_why(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    editor = browsers["editor"]
    assert post_form(editor, f"/register/{record.slug}/submit").status_code == 303
    refused = post_form(editor, f"/register/{record.slug}/edit/data", {"data_summary_nl": "G."})
    assert refused.status_code == 409
    assert "ask for it back first" in refused.text


def test_an_unknown_section_is_not_found(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    assert browsers["editor"].get(f"/register/{record.slug}/edit/nothing").status_code == 404
