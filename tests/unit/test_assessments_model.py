"""Assessment templates, risk scoring, the review workflow, the committee and the vote."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from balise.domain.assessments.catalogue import TemplateCode, all_questions, risk_scale, template
from balise.domain.assessments.model import (
    Assessment,
    AssessmentState,
    Comment,
    Committee,
    Condition,
    Gender,
    Measure,
    Member,
    MemberRole,
    Opinion,
    OpinionKind,
    compare_answers,
    parse_answers,
    parse_risk,
    reusable_answers,
    translation_statuses,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import Language, LocalizedText
from balise.domain.shared.votes import Ballot, Choice, Outcome, Voter

AT = datetime(2026, 12, 2, 10, tzinfo=UTC)


def test_fria_covers_every_element_of_article_27_1() -> None:
    fria = template(TemplateCode.FRIA)
    bases = {section.basis for section in fria.sections}
    assert bases == {f"Art 27(1)({letter})" for letter in "abcdef"}
    assert all(section.questions for section in fria.sections)


def test_dpia_covers_article_35_7_and_ethics_the_seven_requirements() -> None:
    assert {s.basis for s in template("dpia").sections} == {
        f"Art 35(7)({letter})" for letter in "abcd"
    }
    assert len(template("ethics").sections) == 7


def test_every_template_is_in_four_languages_with_stable_unique_ids() -> None:
    questions = all_questions()
    for chosen in (template(code) for code in TemplateCode):
        assert chosen.languages == ("fr", "nl", "de", "en")
        for question in chosen.questions:
            assert question.id.startswith(f"{chosen.code.value}.")
            assert question.roles
            for other in question.equivalents:
                assert question.id in questions[other].equivalents  # links go both ways


def test_answers_are_checked_per_question() -> None:
    fria = template("fria")
    with pytest.raises(ValidationError) as raised:
        parse_answers(
            fria,
            {"fria.persons.vulnerable": "maybe", "fria.risks.severity": "9", "nope": "x"},
        )
    assert set(raised.value.errors) == {"fria.persons.vulnerable", "fria.risks.severity", "nope"}


def test_risk_level_is_likelihood_times_severity_on_the_scale() -> None:
    assert risk_scale().level(1, 1) == "low"
    assert risk_scale().level(2, 2) == "medium"
    assert risk_scale().level(2, 4) == "high"
    assert risk_scale().level(4, 4) == "very_high"
    risk = parse_risk(
        "r1",
        {
            "right": "art21",
            "group": "Students",
            "description": "Bias",
            "likelihood": "3",
            "severity": "3",
            "residual_likelihood": "1",
            "residual_severity": "3",
            "measure": "Audit",
            "owner": "Data team",
            "due": "2026-11-01",
        },
    )
    assert (risk.level, risk.residual_level) == ("high", "low")
    assert risk.overdue(date(2026, 12, 1)) == risk.measures
    assert not Measure("x", "y", date(2027, 1, 1)).overdue(date(2026, 12, 1))


def test_a_bad_risk_lists_every_field() -> None:
    with pytest.raises(ValidationError) as raised:
        parse_risk("r1", {"right": "art99", "measure": "Do it"})
    assert {"right", "group", "description", "likelihood", "owner", "due"} <= set(
        raised.value.errors
    )


def draft() -> Assessment:
    return Assessment(
        system_id=1, organisation_id=1, template=TemplateCode.FRIA, template_version="2026.12"
    )


def complete(assessment: Assessment) -> Assessment:
    fria = template("fria")
    values = {
        q.id: ("3" if q.type.value == "scale" else "yes" if q.type.value == "choice" else "text")
        for q in fria.questions
        if q.mandatory
    }
    return assessment.answered(parse_answers(fria, values))


def committee(**changes: object) -> Committee:
    members = (
        Member(10, "Chair", MemberRole.CHAIR, None, Gender.FEMALE),
        Member(11, "Rapporteur", MemberRole.RAPPORTEUR, None, Gender.MALE),
        Member(12, "Member", MemberRole.MEMBER, 2, Gender.FEMALE),
        Member(13, "Insider", MemberRole.MEMBER, 1, Gender.MALE),
    )
    values: dict[str, object] = {
        "slug": "federal",
        "name": LocalizedText(en="Federal committee"),
        "organisation_id": None,
        "quorum": 3,
        "members": members,
    }
    values.update(changes)
    return Committee(**values)  # type: ignore[arg-type]


def test_missing_mandatory_answers_are_listed_per_question_before_submission() -> None:
    with pytest.raises(ValidationError) as raised:
        draft().submitted(template("fria"), committee_id=1, at=AT)
    mandatory = [q.id for q in template("fria").questions if q.mandatory]
    assert list(raised.value.errors) == mandatory


def test_the_workflow_from_draft_to_signed() -> None:
    submitted = complete(draft()).submitted(template("fria"), committee_id=1, at=AT)
    assert submitted.state is AssessmentState.SUBMITTED
    with pytest.raises(Conflict):
        submitted.answered({})
    board = committee()
    ballot = Ballot.open(board.voters(1), quorum=3)
    review = submitted.taken_for_review(ballot)
    for voter, choice in (("10", "for"), ("11", "for"), ("12", "against")):
        review = review.voted(review.ballot.cast(voter, choice, "Reason", at=AT))  # type: ignore[union-attr]
    opinion = Opinion(
        kind=OpinionKind.FAVOURABLE_WITH_CONDITIONS,
        text=LocalizedText(en="Fine, with a condition."),
        translations=translation_statuses(LocalizedText(en="x"), Language.EN),
        conditions=(Condition("c1", LocalizedText(en="Audit yearly"), date(2027, 6, 1)),),
        tally={},
        issued_at=AT,
        issued_by="Chair",
    )
    issued = review.with_opinion(opinion)
    assert issued.state is AssessmentState.OPINION_ISSUED
    assert issued.opinion is not None
    assert [v["voter"] for v in issued.opinion.tally["minority"]] == ["12"]
    closed = issued.with_condition_closed("c1", "https://evidence.example", at=AT)
    assert closed.opinion is not None
    assert closed.opinion.conditions[0].closed
    signed = closed.signed(name="Reviewer", role="reviewer", at=AT)
    assert signed.state is AssessmentState.SIGNED
    again = signed.next_version(template=template("fria"), record_version=2, by="Editor")
    assert (again.number, again.state, again.answers) == (2, AssessmentState.DRAFT, signed.answers)
    assert compare_answers(signed, again) == []


def test_the_opinion_follows_the_vote() -> None:
    review = complete(draft()).submitted(template("fria"), committee_id=1, at=AT)
    review = review.taken_for_review(Ballot.open(committee().voters(1), quorum=3))
    for voter in ("10", "11", "12"):
        review = review.voted(review.ballot.cast(voter, "against", "No", at=AT))  # type: ignore[union-attr]
    favourable = Opinion(OpinionKind.FAVOURABLE, LocalizedText(en="ok"), {}, (), {}, AT, "Chair")
    with pytest.raises(ValidationError):
        review.with_opinion(favourable)


def test_returned_with_comments_per_question_is_editable_again() -> None:
    submitted = complete(draft()).submitted(template("fria"), committee_id=1, at=AT)
    returned = submitted.returned([Comment("fria.period.frequency", "How often?", "Chair", AT)])
    assert returned.state is AssessmentState.RETURNED
    assert returned.answered({}).state is AssessmentState.RETURNED


def test_answers_given_once_are_reused_by_equivalent_questions() -> None:
    dpia = Assessment(1, 1, TemplateCode.DPIA, "2026.12").answered(
        parse_answers(template("dpia"), {"dpia.description.subjects": "Students"})
    )
    reused = reusable_answers(template("fria"), [dpia])
    assert reused["fria.persons.categories"].value == "Students"
    assert reused["fria.persons.categories"].source == "reused:dpia.description.subjects"


def test_a_member_of_the_assessed_organisation_cannot_vote() -> None:
    ballot = Ballot.open(committee().voters(1), quorum=3)
    with pytest.raises(Conflict) as raised:
        ballot.cast("13", "for", "Mine", at=AT)
    assert "assessed organisation" in raised.value.message.key


def test_a_declared_conflict_excludes_and_the_quorum_must_be_reachable() -> None:
    members = committee().members
    conflicted = (*members[:2], Member(12, "Member", MemberRole.MEMBER, 2, conflicts=(1,)))
    with pytest.raises(Conflict) as raised:
        Ballot.open(committee(members=conflicted).voters(1), quorum=3)
    assert raised.value.message.params == {"eligible": 2, "quorum": 3}


def test_the_tally_needs_the_quorum_and_keeps_minority_views() -> None:
    ballot = Ballot.open([Voter("a"), Voter("b"), Voter("c")], quorum=2)
    ballot = ballot.cast("a", Choice.FOR, "Good", at=AT)
    assert ballot.tally().outcome is Outcome.NO_QUORUM
    with pytest.raises(Conflict):
        ballot.close()
    with pytest.raises(ValidationError) as raised:
        ballot.cast("b", "maybe", "", at=AT)
    assert set(raised.value.errors) == {"choice", "reason"}
    ballot = ballot.cast("b", Choice.AGAINST, "Bad", at=AT).cast("c", Choice.FOR, "Ok", at=AT)
    tally = ballot.tally()
    assert (tally.outcome, tally.votes_for, tally.against) == (Outcome.CARRIED, 2, 1)
    assert [vote.voter for vote in tally.minority] == ["b"]
    assert Ballot.from_json(ballot.to_json()) == ballot
    assert ballot.close().closed


def test_the_composition_rule_is_checked() -> None:
    assert committee().composition_problems() == []
    women = tuple(
        Member(n, f"W{n}", MemberRole.CHAIR if n == 1 else MemberRole.MEMBER, None, Gender.FEMALE)
        for n in range(1, 5)
    )
    problems = committee(members=women).composition_problems()
    assert [p.params.get("count") for p in problems] == [4]
    relaxed = committee(members=women, max_gender_share=Fraction(1))
    assert relaxed.composition_problems() == []
    assert committee(members=women[1:]).composition_problems()[0].key == (
        "The committee has no chair."
    )


def test_documents_round_trip() -> None:
    board = committee()
    assert Committee.from_json(board.to_json(), slug="federal", organisation_id=None, id=None) == (
        board
    )
    assessment = complete(draft())
    again = Assessment.from_json(
        assessment.to_json(),
        system_id=1,
        organisation_id=1,
        committee_id=None,
        id=None,
        created_at=None,
        updated_at=None,
    )
    assert again == assessment
