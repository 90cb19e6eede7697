"""Normalisation per 1,000 decisions, the eco-label rule, and the footprint document."""

from __future__ import annotations

from datetime import date

import pytest

from balise.domain.eco.estimate import Range
from balise.domain.eco.footprint import (
    Footprint,
    GridUsed,
    Method,
    Part,
    Phase,
    Statement,
    per_thousand,
    statement,
)
from balise.domain.eco.label import LETTERS, grade, load_label_rule
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import Language

DAY = date(2026, 12, 3)
BEL = GridUsed("BEL", 138.107, 2023)


def part(phase: Phase, kg: float, kwh: float, decisions: int | None = None) -> Part:
    return Part(
        phase=phase,
        method=Method.ESTIMATED,
        energy_kwh=Range(kwh, kwh * 0.5, kwh * 1.5),
        carbon_kg=Range(kg, kg * 0.5, kg * 1.5),
        grid=BEL,
        recorded_on=DAY,
        decisions=decisions,
    )


def test_inference_plus_amortised_training_per_thousand_decisions() -> None:
    # training 20 kg over 1,000,000 decisions = 0.02 g each; fine-tuning 5 kg: 0.005 g each;
    # inference 3 kg for 100,000 decisions = 0.03 g each; total 0.055 g, or 55 g per 1,000.
    parts = {
        Phase.TRAINING: part(Phase.TRAINING, 20, 100),
        Phase.FINE_TUNING: part(Phase.FINE_TUNING, 5, 25),
        Phase.INFERENCE: part(Phase.INFERENCE, 3, 15, decisions=100_000),
    }
    found = per_thousand(parts, 1_000_000)
    assert found is not None
    assert found.carbon_g.value == pytest.approx(55)
    assert found.carbon_g.low == pytest.approx(27.5)
    assert found.carbon_g.high == pytest.approx(82.5)
    # 100 + 25 kWh / 1e6 + 15 kWh / 1e5 = 0.275 Wh each, 275 Wh per 1,000
    assert found.energy_wh.value == pytest.approx(275)
    graded = Footprint(parts=parts, expected_decisions=1_000_000).graded(DAY)
    assert graded.label is not None
    assert graded.label.letter == "C"
    assert graded.label.rule_version == "2026-12-03"
    assert graded.label.rule_date == date(2026, 12, 3)


def test_no_figure_without_inference_or_without_expected_decisions() -> None:
    training = {Phase.TRAINING: part(Phase.TRAINING, 20, 100)}
    assert per_thousand(training, 1_000_000) is None
    both = {**training, Phase.INFERENCE: part(Phase.INFERENCE, 3, 15, decisions=10)}
    assert per_thousand(both, None) is None
    inference_only = {Phase.INFERENCE: part(Phase.INFERENCE, 3, 15, decisions=3_000_000)}
    assert per_thousand(inference_only, None) is not None
    assert Footprint(parts=training).graded(DAY).label is None


def test_inference_needs_the_decisions_it_covers() -> None:
    with pytest.raises(ValidationError) as caught:
        part(Phase.INFERENCE, 1, 1)
    assert set(caught.value.errors) == {"decisions"}


@pytest.mark.parametrize(
    ("grams", "letter"),
    [
        (0, "A"),
        (1, "A"),
        (1.01, "B"),
        (10, "B"),
        (99.9, "C"),
        (100, "C"),
        (1000, "D"),
        (1000.5, "E"),
        (1e9, "E"),
    ],
)
def test_the_grading_rule_bounds_are_included(grams: float, letter: str) -> None:
    assert grade(grams).letter == letter


def test_the_rule_is_versioned_data_with_a_rationale_in_four_languages() -> None:
    rule = load_label_rule()
    assert tuple(c.label for c in rule.classes) == LETTERS
    assert [c.up_to for c in rule.classes] == [1, 10, 100, 1000, None]
    assert set(rule.rationale) == {"fr", "nl", "de", "en"}
    assert load_label_rule("2026-12-03") == rule
    with pytest.raises(ValidationError):
        load_label_rule("1999-01-01")


def test_the_document_round_trips() -> None:
    footprint = Footprint(
        parts={Phase.INFERENCE: part(Phase.INFERENCE, 3, 15, decisions=100_000)},
        expected_decisions=2_000_000,
        statement=Statement("Pourquoi", "Une règle fixe", Language.FR),
    ).graded(DAY)
    document = footprint.to_json()
    assert document["schema_version"] == 1
    assert document["per_thousand"]["carbon_g"]["value"] == pytest.approx(30)
    assert Footprint.from_json(document) == footprint
    with pytest.raises(ValueError, match="schema"):
        Footprint.from_json({**document, "schema_version": 99})


def test_the_statement_is_checked_every_field_at_once() -> None:
    given, expected = statement(" Because ", "Rules", "nl", "1 000 000")
    assert given == Statement("Because", "Rules", Language.NL)
    assert expected == 1_000_000
    with pytest.raises(ValidationError) as caught:
        statement("x" * 4001, "", "xx", "-4")
    assert set(caught.value.errors) == {"why_ai", "language", "expected_decisions"}
