"""The record's rules without a database: parsing each kind of field, visibility, workflow."""

from __future__ import annotations

from typing import Any

import pytest

from balise.domain.register.model import (
    State,
    SystemRecord,
    differences,
    effective_visibility,
    parse_values,
    readable,
    slugify,
    translation_status,
)
from balise.domain.register.standard import FIELDS, Kind, Visibility
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import Language


def errors_of(raw: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        parse_values(raw)
    return {name: message.key for name, message in raised.value.errors.items()}


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ({"name": {"nl": "  Toelage  ", "fr": ""}}, {"name": {"nl": "Toelage"}}),
        ({"themes": ["health", "health", "taxes"]}, {"themes": ["health", "taxes"]}),
        ({"tags": "beurs, , onderwijs"}, {"tags": ["beurs", "onderwijs"]}),
        ({"member_states": "be, nl"}, {"member_states": ["BE", "NL"]}),
        ({"personal_data": "ja"}, {"personal_data": True}),
        ({"personal_data": False}, {"personal_data": False}),
        ({"personal_data": ""}, {}),
        ({"explanation_days": "30"}, {"explanation_days": 30}),
        ({"begin_date": "2026-02-01"}, {"begin_date": "2026-02-01"}),
        ({"website": "https://gent.be"}, {"website": "https://gent.be"}),
        ({"lifecycle_status": " "}, {}),
    ],
)
def test_values_are_parsed_by_kind(raw: dict[str, Any], parsed: dict[str, Any]) -> None:
    assert parse_values(raw) == parsed


def test_every_bad_value_is_named() -> None:
    found = errors_of(
        {
            "name": "not per language",
            "description_short": {"nl": "x" * 351},
            "themes": ["health", "astrology"],
            "member_states": "BE, US",
            "personal_data": "perhaps",
            "explanation_days": "-3",
            "begin_date": "01/02/2026",
            "website": "gent.be",
            "contact_email": "nobody",
            "nonsense": "x",
            "annex_iii_point": "x" * 11,
        }
    )
    assert set(found) == {
        "name",
        "description_short_nl",  # a text too long is named per language
        "themes",
        "member_states",
        "personal_data",
        "explanation_days",
        "begin_date",
        "website",
        "contact_email",
        "nonsense",
        "annex_iii_point",
    }


def test_the_standard_is_consistent() -> None:
    names = [spec.name for spec in FIELDS]
    assert len(names) == len(set(names))
    for spec in FIELDS:
        assert (spec.kind in {Kind.CHOICE, Kind.CHOICES}) == bool(spec.choices), spec.name
        assert spec.kind is not Kind.I18N or spec.max_length, spec.name
        if spec.required:
            assert spec.visibility is Visibility.PUBLIC, spec.name


@pytest.mark.parametrize("point", ["1(a)", "6", "7(c)", " 6(d)"])
def test_annex_iii_points_1_6_and_7_restrict_all_but_the_contestation_fields(point: str) -> None:
    visibility = effective_visibility({"annex_iii_point": point}, {"goal": Visibility.PUBLIC})
    assert visibility["goal"] is Visibility.RESTRICTED
    assert visibility["objection_procedure"] is Visibility.PUBLIC
    assert visibility["name"] is Visibility.PUBLIC


@pytest.mark.parametrize("point", ["5(b)", "10", "", "16"])
def test_other_points_keep_the_chosen_visibility(point: str) -> None:
    visibility = effective_visibility({"annex_iii_point": point}, {"goal": Visibility.INTERNAL})
    assert visibility["goal"] is Visibility.INTERNAL
    assert visibility["intended_purpose"] is Visibility.PUBLIC


def test_a_reader_sees_only_fields_at_their_clearance() -> None:
    values = {"name": {"nl": "X"}, "contact_name": "An", "goal": {"nl": "Y"}}
    visibility = effective_visibility(values, {"goal": Visibility.RESTRICTED})
    assert readable(values, visibility, Visibility.PUBLIC) == {"name": {"nl": "X"}}
    assert set(readable(values, visibility, Visibility.INTERNAL)) == {"name", "contact_name"}
    assert readable(values, visibility, Visibility.RESTRICTED) == values


def test_translation_status_counts_texts_written_in_any_language() -> None:
    values = {"name": {"nl": "A", "fr": "B"}, "goal": {"nl": "C"}}
    status = {s.language: s for s in translation_status(values, [Language.NL])}
    assert (status[Language.NL].filled, status[Language.NL].of) == (2, 2)
    assert status[Language.NL].complete
    assert status[Language.NL].checked
    assert (status[Language.FR].filled, status[Language.FR].complete) == (1, False)
    assert status[Language.DE].filled == 0


def test_slugs_are_plain_and_never_reserved() -> None:
    assert slugify("Évaluation des Demandes — 2026!") == "evaluation-des-demandes-2026"
    assert slugify("Import") == "import-system"
    assert slugify("???") == "system"


def record(**changes: Any) -> SystemRecord:
    fields: dict[str, Any] = {
        "slug": "x",
        "organisation_id": 1,
        "default_language": Language.NL,
        "values": {"name": {"nl": "X"}},
    }
    fields.update(changes)
    return SystemRecord(**fields)


def test_the_workflow_refuses_steps_out_of_order() -> None:
    draft = record()
    with pytest.raises(Conflict):
        draft.approved(by=2)
    with pytest.raises(Conflict):
        draft.published()
    with pytest.raises(Conflict):
        draft.withdrawn("reason")
    in_review = record(state=State.IN_REVIEW, submitted_by=1, edited_by=1)
    with pytest.raises(Conflict):
        in_review.edited({}, {}, (), Language.NL, by=1)
    with pytest.raises(Conflict):
        in_review.approved(by=1)
    approved = in_review.approved(by=2)
    published = approved.published()
    assert (published.state, published.version) == (State.PUBLISHED, 1)
    again = published.edited({"name": {"nl": "Y"}}, {}, (), Language.NL, by=1)
    assert (again.state, again.version, again.approved_by) == (State.DRAFT, 1, None)


def test_differences_follow_the_standards_order() -> None:
    changes = differences(
        {"goal": {"nl": "a"}, "name": {"nl": "x"}}, {"name": {"nl": "y"}, "tags": ["t"]}
    )
    assert [change.field for change in changes] == ["name", "goal", "tags"]
