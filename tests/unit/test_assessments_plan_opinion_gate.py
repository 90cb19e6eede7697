"""The action plan, the opinion with several conditions, and the publication gate (Art 27),
on hand-computed examples."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from balise.domain.assessments.catalogue import TemplateCode
from balise.domain.assessments.model import (
    NO_DUTY,
    Assessment,
    AssessmentState,
    Exemption,
    FriaDuty,
    Measure,
    MeasureStatus,
    OpinionKind,
    Risk,
    action_plan,
    draft_opinion,
    gate_status,
)
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.votes import Ballot, Voter

AT = datetime(2026, 12, 2, 10, tzinfo=UTC)
TODAY = date(2026, 12, 2)


def risk(key: str, *measures: Measure) -> Risk:
    return Risk(key, "art21", "Applicants", "Bias", 2, 3, 1, 3, measures)


def test_the_action_plan_puts_overdue_measures_first_then_by_due_date() -> None:
    audit = Measure("Audit", "Data team", date(2026, 11, 30))  # due two days ago: overdue
    train = Measure("Train", "HR", date(2026, 12, 2))  # due today: not yet overdue
    done = Measure("Review", "Legal", date(2026, 1, 1), MeasureStatus.DONE)  # late but done
    open_ended = Measure("Monitor", "Ops", None)
    plan = action_plan([risk("r1", train, open_ended), risk("r2", done, audit)], TODAY)
    assert [(i.risk.key, i.index, i.overdue) for i in plan] == [
        ("r2", 1, True),  # Audit
        ("r2", 0, False),  # Review, 2026-01-01
        ("r1", 0, False),  # Train, 2026-12-02
        ("r1", 1, False),  # Monitor, no due date: last
    ]


def tally(votes_for: int, against: int) -> Ballot:
    voters = [Voter(str(n), None) for n in range(votes_for + against)]
    ballot = Ballot.open(voters, quorum=1)
    for n in range(votes_for + against):
        ballot = ballot.cast(str(n), "for" if n < votes_for else "against", "Because.", at=AT)
    return ballot


def opinion(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": "favourable_with_conditions",
        "texts": {"en": "Favourable."},
        "original_language": "en",
        "conditions": [],
        "tally": tally(2, 1).tally(),
        "issued_at": AT,
        "issued_by": "Chair",
    }
    return {**base, **changes}


def test_several_conditions_at_once_numbered_as_the_rows_blank_rows_skipped() -> None:
    rows = [
        ({"en": "Audit yearly", "fr": "Audit annuel"}, "2027-06-30"),
        ({}, ""),  # a blank row
        ({"en": "Publish the audit"}, " 2027-12-31 "),
    ]
    made = draft_opinion(**opinion(conditions=rows))
    assert made.kind is OpinionKind.FAVOURABLE_WITH_CONDITIONS
    assert [(c.key, c.due) for c in made.conditions] == [
        ("c1", date(2027, 6, 30)),
        ("c2", date(2027, 12, 31)),
    ]


def test_every_error_of_the_opinion_at_once_per_row() -> None:
    rows = [
        ({"en": "Audit yearly"}, ""),  # row 1: no due date
        ({"en": "Publish"}, "31/12/2027"),  # row 2: not a date
        ({}, ""),
        ({"nl": "Alleen Nederlands"}, "2027-06-30"),  # row 4: not in the original language
    ]
    with pytest.raises(ValidationError) as raised:
        draft_opinion(**opinion(conditions=rows, texts={"fr": "Favorable."}))
    assert set(raised.value.errors) == {
        "text_en",
        "condition_1_due",
        "condition_2_due",
        "condition_4_en",
    }


def test_the_kind_follows_the_vote_and_the_conditions() -> None:
    with pytest.raises(ValidationError) as raised:
        draft_opinion(**opinion(kind="favourable", tally=tally(1, 2).tally()))
    assert set(raised.value.errors) == {"kind"}
    with pytest.raises(ValidationError) as raised:
        draft_opinion(**opinion(conditions=[]))
    assert set(raised.value.errors) == {"conditions"}
    with pytest.raises(ValidationError) as raised:
        draft_opinion(**opinion(kind="unfavourable", conditions=[({"en": "X"}, "2027-01-01")]))
    assert set(raised.value.errors) == {"kind"}  # voted for: cannot be unfavourable
    with pytest.raises(ValidationError) as raised:
        draft_opinion(**opinion(kind="maybe"))
    assert set(raised.value.errors) == {"kind"}


def fria(state: AssessmentState) -> Assessment:
    return Assessment(1, 1, TemplateCode.FRIA, "2026.12", state=state)


DUTY = FriaDuty(True, date(2027, 12, 2), "5(a)", ("deployer",), "2024/1689+2026/1744")


def test_the_gate_says_from_when_the_fria_will_be_required() -> None:
    before = gate_status(DUTY, [], None, on=date(2027, 12, 1))
    assert (before.applies, before.open, before.required_later) == (False, True, date(2027, 12, 2))
    on_the_day = gate_status(DUTY, [fria(AssessmentState.DRAFT)], None, on=date(2027, 12, 2))
    assert (on_the_day.applies, on_the_day.open, on_the_day.required_later) == (True, False, None)
    submitted = gate_status(DUTY, [fria(AssessmentState.SUBMITTED)], None, on=date(2028, 1, 1))
    assert submitted.open
    exempted = Exemption(1, "Only piloted, no decision taken with it.", "Reviewer", AT)
    assert gate_status(DUTY, [], exempted, on=date(2028, 1, 1)).open
    none = gate_status(NO_DUTY, [], exempted, on=date(2028, 1, 1))
    assert (none.open, none.required_later, none.exemption) == (True, None, None)
