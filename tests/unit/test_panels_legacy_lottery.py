"""The LEGACY greedy draw, fairness figures, and rounding to a lottery of M numbered panels."""

from __future__ import annotations

import random

import pytest
from test_panels_support import TWO_BY_THREE, fixture_text, published_leximin, sf_fixture, small_20

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.fairness import fairness, gini
from balise.domain.panels.legacy import legacy, legacy_draw
from balise.domain.panels.leximin import maximin
from balise.domain.panels.lottery import Lottery, round_to_lottery
from balise.domain.shared.errors import ValidationError


def legacy_published_minimum() -> float:
    lines = fixture_text("example_small_20_prob_allocs_data.csv").splitlines()[1:]
    return min(float(line.split(",")[2]) for line in lines if line.startswith("Legacy,"))


def test_legacy_panels_meet_the_quotas_and_are_reproducible() -> None:
    instance = sf_fixture(22)
    first = legacy_draw(instance, random.Random(7))
    assert first == legacy_draw(instance, random.Random(7))
    assert instance.violations([instance.pool.ids[i] for i in first]) == []


def test_legacy_estimate_is_close_to_the_published_one() -> None:
    instance = small_20()
    distribution = legacy(instance, draws=1_000, seed=1)
    assert sum(distribution.probabilities) == pytest.approx(20)
    assert min(distribution.probabilities) == pytest.approx(legacy_published_minimum(), abs=0.01)
    assert min(distribution.probabilities) < min(published_leximin()) / 2


def test_fairness_figures() -> None:
    assert gini([1.0, 1.0, 1.0]) == 0.0
    assert gini([0.0, 0.0, 1.0]) == pytest.approx(2 / 3)
    figures = fairness({"a": 0.5, "b": 0.5, "c": 1 / 3, "d": 1 / 3, "e": 1 / 3}, 2)
    assert figures.min_probability == pytest.approx(1 / 3)
    assert figures.k_over_n == pytest.approx(0.4)
    assert figures.share_below_k_over_n == pytest.approx(0.6)


def test_lottery_keeps_every_panel_valid_and_stays_close() -> None:
    instance = sf_fixture(22)
    distribution = maximin(instance, HighsSolver())
    for size in (100, 1_000):
        lottery = round_to_lottery(distribution, len(instance.pool), size=size)
        assert lottery.size == size
        assert len(lottery.tickets()) == size
        assert set(lottery.panels) <= set(distribution.panels)
        rounded = lottery.probabilities(len(instance.pool))
        assert sum(rounded) == pytest.approx(22)
        change = max(abs(a - b) for a, b in zip(rounded, distribution.probabilities, strict=True))
        assert change <= 3 / size
        for panel in lottery.panels:
            assert instance.violations([instance.pool.ids[i] for i in panel]) == []
        assert round_to_lottery(distribution, len(instance.pool), size=size) == lottery


def test_lottery_is_exact_when_the_weights_are_whole_tickets() -> None:
    distribution = maximin(TWO_BY_THREE, HighsSolver())
    lottery = round_to_lottery(distribution, 5, size=6)
    assert lottery.probabilities(5) == pytest.approx(list(distribution.probabilities), abs=1e-9)


def test_lottery_rejects_nonsense() -> None:
    with pytest.raises(ValidationError):
        Lottery(((0, 1),), (0,))
    with pytest.raises(ValidationError):
        round_to_lottery(maximin(TWO_BY_THREE, HighsSolver()), 5, size=0)
