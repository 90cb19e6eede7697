"""The record's rules between fields, Annex III points, and the form's sections and progress."""

from __future__ import annotations

import pytest

from balise.domain.aiact.facts import ANNEX_III_POINTS
from balise.domain.register.model import (
    SystemRecord,
    annex_iii_point,
    annex_iii_ranges,
    parse_values,
    review_problems,
)
from balise.domain.register.sections import (
    FORM_ORDER,
    Progress,
    field_name,
    next_section,
    parse_section,
    section_of,
    section_states,
)
from balise.domain.register.standard import FIELDS, Section
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import Language
from register_support import complete_values


def errors_of(raw: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        parse_values(raw)
    return {name: message.key for name, message in refused.value.errors.items()}


@pytest.mark.parametrize("point", ANNEX_III_POINTS)
def test_every_point_of_annex_iii_is_accepted(point: str) -> None:
    assert parse_values({"annex_iii_point": point}) == {"annex_iii_point": point}


@pytest.mark.parametrize(("written", "point"), [("5 (B)", "5(b)"), ("5b", "5(b)"), (" 2 ", "2")])
def test_a_point_is_written_in_its_usual_form(written: str, point: str) -> None:
    assert annex_iii_point(written) == point


@pytest.mark.parametrize("point", ["99(z)", "1", "2(a)", "3(e)", "8(c)", "9", "x", "5(bb)"])
def test_a_point_outside_annex_iii_is_refused_naming_the_points(point: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_values({"annex_iii_point": point})
    message = refused.value.errors["annex_iii_point"]
    assert message.key == "Give a point of Annex III: %(points)s."
    assert message.params["points"] == annex_iii_ranges()


def test_the_points_are_listed_short() -> None:
    assert annex_iii_ranges() == (
        "1(a)–(c), 2, 3(a)–(d), 4(a)–(b), 5(a)–(d), 6(a)–(e), 7(a)–(d), 8(a)–(b)"
    )


def test_an_end_date_before_the_start_date_is_refused() -> None:
    found = errors_of({"begin_date": "2025-03-01", "end_date": "2025-02-28"})
    assert found == {"end_date": "This is before the date it is in use since (%(begin)s)."}


@pytest.mark.parametrize("end", ["2025-03-01", "2026-01-01"])
def test_an_end_date_on_or_after_the_start_is_accepted(end: str) -> None:
    assert parse_values({"begin_date": "2025-03-01", "end_date": end})["end_date"] == end


def test_every_problem_comes_at_once_and_texts_are_named_per_language() -> None:
    found = errors_of(
        {
            "name": {"fr": "x" * 101, "nl": "y" * 101, "en": "fine"},
            "annex_iii_point": "99(z)",
            "begin_date": "2025-05-01",
            "end_date": "2024-01-01",
            "contact_email": "nobody",
        }
    )
    assert found == {
        "name_fr": "At most %(limit)s characters.",
        "name_nl": "At most %(limit)s characters.",
        "annex_iii_point": "Give a point of Annex III: %(points)s.",
        "end_date": "This is before the date it is in use since (%(begin)s).",
        "contact_email": "This is not an e-mail address.",
    }


def test_a_stored_value_that_breaks_a_rule_stops_the_review() -> None:
    record = SystemRecord(
        slug="s",
        organisation_id=1,
        default_language=Language.NL,
        values=complete_values(annex_iii_point="99(z)"),
    )
    assert set(review_problems(record.values, Language.NL)) == {"annex_iii_point"}
    with pytest.raises(ValidationError) as refused:
        record.submitted(by=None)
    assert set(refused.value.errors) == {"annex_iii_point"}


def test_the_form_has_every_section_once() -> None:
    assert sorted(FORM_ORDER) == sorted(Section)
    assert parse_section("oversight") is Section.OVERSIGHT
    assert parse_section("nonsense") is None
    assert next_section(FORM_ORDER[0]) is FORM_ORDER[1]
    assert next_section(FORM_ORDER[-1]) is None


@pytest.mark.parametrize(
    ("key", "name", "section"),
    [
        ("name_fr", "name", Section.PURPOSE),
        ("visibility_contact_name", "contact_name", Section.ACCOUNTABILITY),
        ("end_date", "end_date", Section.LIFECYCLE),
        ("default_language", None, Section.RECORD),
    ],
)
def test_a_form_key_belongs_to_its_section(key: str, name: str | None, section: Section) -> None:
    assert field_name(key) == name
    assert section_of(key) is section


def test_sections_are_not_started_in_progress_complete_or_in_error() -> None:
    values = parse_values(complete_values(oversight_mode=None, annex_iii_point=None))
    values["annex_iii_point"] = "99(z)"  # saved before the rule was there
    states = {state.section: state for state in section_states(values, Language.NL)}
    assert states[Section.PURPOSE].progress is Progress.COMPLETE
    assert states[Section.OVERSIGHT].progress is Progress.IN_PROGRESS  # oversight_mode missing
    assert set(states[Section.OVERSIGHT].problems) == {"oversight_mode"}
    assert states[Section.AI_ACT].progress is Progress.HAS_ERRORS
    assert states[Section.DATA].progress is Progress.NOT_STARTED
    assert states[Section.DATA].optional
    assert not states[Section.PURPOSE].optional


def test_a_section_with_a_required_field_is_not_optional() -> None:
    required = {spec.section for spec in FIELDS if spec.required}
    states = section_states({}, Language.FR)
    assert {state.section for state in states if not state.optional} == required
    assert all(state.progress is Progress.NOT_STARTED for state in states)
