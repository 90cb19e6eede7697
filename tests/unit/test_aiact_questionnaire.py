"""The questionnaire definition cannot drift from the facts document."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest

from balise.domain.aiact.facts_schema import parse_facts
from balise.domain.aiact.questionnaire import (
    Kind,
    answer_section,
    check,
    current_value,
    facts_document,
    facts_fields,
    field_schema,
    kind_of,
    load_questionnaire,
    relevant_sections,
    visible_questions,
)
from balise.domain.aiact.ruleset import LANGUAGES


def test_every_facts_field_has_exactly_one_question() -> None:
    asked = [question.field for question in load_questionnaire().questions()]
    assert sorted(asked) == sorted(facts_fields())
    assert len(asked) == len(set(asked))


def test_a_facts_field_without_a_question_is_refused() -> None:
    questionnaire = load_questionnaire()
    first = questionnaire.sections[1]
    shorter = replace(first, questions=first.questions[1:])
    broken = replace(
        questionnaire, sections=(questionnaire.sections[0], shorter, *questionnaire.sections[2:])
    )
    with pytest.raises(ValueError, match=first.questions[0].field):
        check(broken)


def test_questions_take_their_kind_and_choices_from_the_schema() -> None:
    for question in load_questionnaire().questions():
        schema = field_schema(question.field)
        assert question.kind is kind_of(schema)
        if question.kind in {Kind.CHOICE, Kind.MULTIPLE}:
            values = schema.get("items", schema)["enum"]
            assert [o.value for o in question.options] == [v for v in values if v is not None]
        for text in (question.label, question.help, *(o.label for o in question.options)):
            assert set(text) == set(LANGUAGES)


def test_the_answers_make_a_valid_facts_document() -> None:
    answers = {
        "system.kind": "ai_system",
        "actor.roles": ["deployer"],
        "actor.public_body": True,
        "annex_iii.points": ["5(b)"],
        "annex_iii.exclusions": ["financial_fraud_detection"],
        "gpai.release": "open_source",  # not relevant for an AI system: left out
    }
    document = facts_document(answers)
    assert "gpai" not in document
    facts = parse_facts(document)
    assert facts.annex_iii.exclusions
    assert document["schema_version"] == 2


def test_relevance_follows_the_answers() -> None:
    ids = [section.id for section in relevant_sections({"system.kind": "not_ai_system"})]
    assert ids == ["evaluation", "system"]
    annex = load_questionnaire().section("annex_iii")
    assert annex is not None
    shown = [q.field for q in visible_questions(annex, {"annex_iii.points": ["4(a)"]})]
    assert "annex_iii.exclusions" not in shown
    assert "annex_iii.derogation.no_significant_risk" in shown
    profiled = {"annex_iii.points": ["4(a)"], "annex_iii.profiling": True}
    assert "annex_iii.derogation.no_significant_risk" not in [
        q.field for q in visible_questions(annex, profiled)
    ]


def test_a_choice_no_longer_offered_is_dropped() -> None:
    answers = {
        "annex_iii.points": ["1(a)", "4(b)"],
        "annex_iii.exclusions": ["financial_fraud_detection", "biometric_verification"],
    }
    document = facts_document(answers)
    assert document["annex_iii"] == {
        "points": ["1(a)", "4(b)"],
        "exclusions": ["biometric_verification"],
    }
    parse_facts(document)


def test_answers_to_the_version_1_questions_are_read_as_version_2() -> None:
    old = {
        "annex_iii.point": "5(b)",
        "actor.roles": ["deployer"],
        "actor.employer_workplace_use": True,
    }
    document = facts_document(old)
    assert document["annex_iii"] == {"points": ["5(b)"]}
    assert document["actor"]["employer_use_on_workers"] is True


def _shown(section_id: str, answers: Mapping[str, Any]) -> list[str]:
    section = load_questionnaire().section(section_id)
    assert section is not None
    return [q.field for q in visible_questions(section, answers)]


def test_the_facts_schema_2_questions_are_asked_when_relevant() -> None:
    # A system in use, its dates optional; the Art 111 questions follow.
    assert "system.placed_on_market" not in _shown("system", {})
    in_use = {"system.market_status": "in_use", "actor.roles": ["provider"]}
    assert {"system.placed_on_market", "system.put_into_service"} <= set(_shown("system", in_use))
    assert "market" in [s.id for s in relevant_sections(in_use)]
    assert "market" not in [s.id for s in relevant_sections({"system.market_status": "not_yet"})]
    # Several objectives; national law only once one is ticked.
    rbi = {
        "biometrics.remote_identification": True,
        "biometrics.real_time": True,
        "biometrics.publicly_accessible_space": True,
        "biometrics.for_law_enforcement": True,
    }
    assert "biometrics.national_law_authorises" not in _shown("biometrics", rbi)
    ticked = {**rbi, "biometrics.rbi_objectives": ["victims", "threat"]}
    assert "biometrics.national_law_authorises" in _shown("biometrics", ticked)
    question = load_questionnaire().question("biometrics.rbi_objectives")
    assert question is not None
    assert question.kind is Kind.MULTIPLE
    # The ancillary carve-out comes before the Art 5(1)(g) attributes, and replaces them.
    ancillary = {"biometrics.categorisation": True, "biometrics.categorisation_ancillary": True}
    assert "biometrics.categorisation_art5_attributes" not in _shown("biometrics", ancillary)
    # Deep fakes by a provider's users; the employer's use apart from employment decisions.
    assert "transparency.users_generate_deep_fakes" in _shown("transparency", in_use)
    deployer = {"actor.roles": ["deployer"]}
    assert "transparency.users_generate_deep_fakes" not in _shown("transparency", deployer)
    assert "actor.employer_use_on_workers" in _shown("deployer", deployer)
    assert "annex_iii.employment_decisions" in _shown("annex_iii", deployer)
    decisions = {**deployer, "annex_iii.employment_decisions": True}
    assert "annex_iii.profiling" in _shown("annex_iii", decisions)
    gpai = {"system.kind": "gpai_model", "actor.roles": ["provider"]}
    assert {"gpai.release", "gpai.downstream_modification"} <= set(_shown("gpai", gpai))


def test_a_version_1_answer_is_shown_and_replaced_by_its_version_2_question() -> None:
    old = {"actor.roles": ["provider"], "annex_iii.point": "4(a)"}
    question = load_questionnaire().question("annex_iii.points")
    assert question is not None
    assert current_value(question, old) == ["4(a)"]
    cleared = answer_section(old, "annex_iii", {"annex_iii-points": []})
    assert "annex_iii.point" not in cleared
    assert "annex_iii.points" not in cleared
