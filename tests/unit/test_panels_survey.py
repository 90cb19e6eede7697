"""The panels' before/after questionnaire on plain inputs: the bank, the phases, the statistics.

The expected figures are worked out by hand in the comments (t quantiles from a printed table).
"""

from __future__ import annotations

import pytest

from balise.domain.panels.survey import (
    MIN_PAIRED,
    SCALE,
    Phase,
    SurveyAction,
    SurveyStage,
    answers_from_form,
    check_answers,
    load_item_bank,
    next_stage,
    paired_difference,
    pseudonym,
    survey_results,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import LANGUAGES


def test_a_paired_difference_by_hand() -> None:
    # before 2 3 3 4 2 (mean 2.8), after 3 4 3 5 4 (mean 3.8): differences 1 1 0 1 2, mean 1.
    # Squared deviations 0 0 1 0 1 sum to 2; s² = 2 / 4 = 0.5; standard error √(0.5 / 5) ≈ 0.3162.
    # t(0.975; 4) = 2.7764, so the half-width is 0.8780: [0.1220, 1.8780].
    found = paired_difference([(2, 3), (3, 4), (3, 3), (4, 5), (2, 4)])
    assert found.n == 5
    assert found.before_mean == pytest.approx(2.8)
    assert found.after_mean == pytest.approx(3.8)
    assert found.difference == pytest.approx(1.0)
    assert found.ci_low == pytest.approx(0.12201, abs=1e-4)
    assert found.ci_high == pytest.approx(1.87799, abs=1e-4)


def test_a_negative_change_by_hand() -> None:
    # Differences -1 -2 0 -1 -1 -1 (n = 6): mean -1; deviations 0 -1 1 0 0 0, s² = 2 / 5 = 0.4;
    # standard error √(0.4 / 6) ≈ 0.2582; t(0.975; 5) = 2.5706: half-width 0.6637.
    found = paired_difference([(4, 3), (5, 3), (3, 3), (2, 1), (4, 3), (3, 2)])
    assert found.difference == pytest.approx(-1.0)
    assert found.ci_low == pytest.approx(-1.6637, abs=1e-4)
    assert found.ci_high == pytest.approx(-0.3363, abs=1e-4)


def test_identical_changes_give_an_interval_of_no_width() -> None:
    found = paired_difference([(1, 2)] * 5)
    assert (found.difference, found.ci_low, found.ci_high) == (1.0, 1.0, 1.0)


def test_one_pair_is_not_enough_for_an_interval() -> None:
    with pytest.raises(ValueError):
        paired_difference([(3, 4)])


def test_results_pair_members_and_leave_out_unanswered_items() -> None:
    before = {f"m{i}": {"a": 2, "b": 3} for i in range(6)}
    after = {f"m{i}": {"a": 3, "b": 3} for i in range(6)}
    before["m0"] = {"a": None, "b": 3}  # m0 skipped "a" before: not paired on "a"
    before["only-before"] = {"a": 5, "b": 5}  # answered once: counted in no pair
    after["only-after"] = {"a": 1, "b": None}
    results = survey_results(("a", "b"), before, after)
    assert (results.respondents_before, results.respondents_after) == (7, 7)
    assert results.respondents_both == 6
    a, b = results.items
    assert a.n == 5
    assert a.paired is not None
    assert (a.paired.before_mean, a.paired.after_mean, a.paired.difference) == (2.0, 3.0, 1.0)
    # the distributions count every answer of each phase, and the members who left it unanswered
    assert a.before is not None
    assert a.after is not None
    assert a.before.to_json() == {"1": 0, "2": 5, "3": 0, "4": 0, "5": 1, "none": 1}
    assert a.after.to_json() == {"1": 1, "2": 0, "3": 6, "4": 0, "5": 0, "none": 0}
    assert b.n == 6
    assert b.paired is not None
    assert b.paired.difference == 0.0


def test_an_item_with_too_few_pairs_is_withheld_entirely() -> None:
    before = {f"m{i}": {"a": 2} for i in range(MIN_PAIRED)}
    after = {f"m{i}": {"a": 3 if i else None} for i in range(MIN_PAIRED)}
    (item,) = survey_results(("a",), before, after).items
    assert item.n == MIN_PAIRED - 1
    assert item.withheld
    assert item.before is None
    assert item.after is None


def test_the_stages_follow_in_order() -> None:
    stage = next_stage(None, SurveyAction.OPEN_BEFORE)
    assert stage is SurveyStage.BEFORE_OPEN
    assert stage.open_phase is Phase.BEFORE
    stage = next_stage(stage, SurveyAction.CLOSE_BEFORE)
    assert stage.open_phase is None
    stage = next_stage(stage, SurveyAction.OPEN_AFTER)
    assert stage.open_phase is Phase.AFTER
    assert next_stage(stage, SurveyAction.CLOSE_AFTER) is SurveyStage.CLOSED
    with pytest.raises(Conflict):
        next_stage(SurveyStage.CLOSED, SurveyAction.OPEN_AFTER)
    with pytest.raises(Conflict):
        next_stage(SurveyStage.BEFORE_OPEN, SurveyAction.OPEN_BEFORE)


def test_form_answers_report_every_wrong_item_at_once() -> None:
    form = {"item-a": "4", "item-b": "", "item-c": "9", "item-d": "x"}
    with pytest.raises(ValidationError) as caught:
        answers_from_form(form, ["a", "b", "c", "d", "e"])
    assert set(caught.value.errors) == {"item-c", "item-d"}
    assert answers_from_form({"item-a": "4"}, ["a", "b"]) == {"a": 4, "b": None}


def test_answers_must_belong_to_the_questionnaire() -> None:
    with pytest.raises(ValidationError) as caught:
        check_answers({"a": 1, "zz": 2, "b": 7}, ["a", "b"])
    assert set(caught.value.errors) == {"item-zz", "item-b"}
    assert check_answers({"a": 1}, ["a", "b"]) == {"a": 1, "b": None}


def test_the_item_bank_is_complete_in_four_languages() -> None:
    bank = load_item_bank()
    assert bank.version
    assert 10 <= len(bank.items) <= 12
    assert set(bank.scale) == set(SCALE)
    for text in (*bank.scale.values(), *bank.themes.values(), bank.note):
        assert all(getattr(text, lang.value) for lang in LANGUAGES)
    for item in bank.items:
        assert item.theme in bank.themes
        assert all(getattr(item.text, lang.value) for lang in LANGUAGES), item.code
    assert bank.pick([]) == bank.codes
    assert bank.pick([bank.codes[2], bank.codes[0]]) == (bank.codes[0], bank.codes[2])
    with pytest.raises(ValidationError):
        bank.pick(["no-such-item"])


def test_pseudonyms_depend_on_the_panel_key() -> None:
    first = pseudonym("key-1", "p17")
    assert first == pseudonym("key-1", "p17")
    assert first != pseudonym("key-2", "p17")
    assert len(first) == 64
    assert "p17" not in first
