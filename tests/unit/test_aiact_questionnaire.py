"""The questionnaire definition cannot drift from the facts document."""

from __future__ import annotations

from dataclasses import replace

import pytest

from balise.domain.aiact.facts_schema import parse_facts
from balise.domain.aiact.questionnaire import (
    Kind,
    check,
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
        "annex_iii.point": "5(b)",
        "annex_iii.exclusion": "financial_fraud_detection",
        "gpai.open_release": True,  # not relevant for an AI system: left out
    }
    document = facts_document(answers)
    assert "gpai" not in document
    facts = parse_facts(document)
    assert facts.annex_iii.exclusion is not None


def test_relevance_follows_the_answers() -> None:
    ids = [section.id for section in relevant_sections({"system.kind": "not_ai_system"})]
    assert ids == ["evaluation", "system"]
    annex = load_questionnaire().section("annex_iii")
    assert annex is not None
    shown = [q.field for q in visible_questions(annex, {"annex_iii.point": "4(a)"})]
    assert "annex_iii.exclusion" not in shown
    assert "annex_iii.derogation.no_significant_risk" in shown
    profiled = {"annex_iii.point": "4(a)", "annex_iii.profiling": True}
    assert "annex_iii.derogation.no_significant_risk" not in [
        q.field for q in visible_questions(annex, profiled)
    ]


def test_a_choice_no_longer_offered_is_dropped() -> None:
    answers = {"annex_iii.point": "1(a)", "annex_iii.exclusion": "financial_fraud_detection"}
    document = facts_document(answers)
    assert document["annex_iii"] == {"point": "1(a)"}
    parse_facts(document)
