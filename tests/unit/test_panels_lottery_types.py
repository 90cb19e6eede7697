"""Rounding a type-level portfolio to a lottery of M numbered panels, type by type."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from test_panels_support import TWO_BY_THREE, sf_fixture, small_20

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.legacy import legacy
from balise.domain.panels.leximin import Distribution, leximin, maximin
from balise.domain.panels.lottery import (
    Lottery,
    make_lottery,
    round_to_lottery,
    round_types_to_lottery,
)
from balise.domain.panels.lottery_columns import CompositionSearch
from balise.domain.panels.model import Instance
from panel_pools import belgium

SIZE = 1_000
# With the quota MIP meeting every type's need nobody loses more than one ticket (the issue's
# bound); the gains are not bounded by the method, these are the measured ones with some room.
LOSS = 1.0 + 1e-6
GAIN = 6.0


@cache
def case(name: str) -> tuple[Instance, Distribution]:
    instances = {
        "small_20": small_20,
        "sf_fixture": sf_fixture,
        "two_by_three": lambda: TWO_BY_THREE,
        "belgium_300": lambda: belgium(0, people=300, size=30),
    }
    instance = instances[name.removesuffix("_maximin")]()
    method = maximin if name.endswith("_maximin") else leximin
    return instance, method(instance, HighsSolver())


@cache
def lottery_of(name: str) -> Lottery:
    """The lottery as a selection builds it: new compositions allowed to meet every need."""
    instance, distribution = case(name)
    assert distribution.types is not None
    search = CompositionSearch(instance, HighsSolver())
    return round_types_to_lottery(distribution.types, len(instance.pool), size=SIZE, search=search)


CASES = ["small_20", "sf_fixture", "sf_fixture_maximin", "two_by_three", "belgium_300"]


@pytest.mark.parametrize("name", CASES)
def test_every_ticket_meets_the_quotas(name: str) -> None:
    instance, distribution = case(name)
    assert distribution.types is not None
    lottery = lottery_of(name)
    assert lottery.size == SIZE
    for panel in lottery.panels:
        assert len(set(panel)) == len(panel) == instance.size
        assert instance.violations([instance.pool.ids[i] for i in panel]) == []


@pytest.mark.parametrize("name", CASES)
def test_everyone_stays_close_to_the_portfolio(name: str) -> None:
    instance, distribution = case(name)
    assert distribution.types is not None
    lottery = lottery_of(name)
    rounded = lottery.probabilities(len(instance.pool))
    exact = distribution.probabilities
    assert sum(rounded) == pytest.approx(instance.size)
    assert all(r >= p - LOSS / SIZE for r, p in zip(rounded, exact, strict=True))
    assert all(r <= p + GAIN / SIZE for r, p in zip(rounded, exact, strict=True))
    assert min(rounded) >= min(exact) - 1 / SIZE - 1e-9


@pytest.mark.parametrize("name", CASES)
def test_tickets_differ_by_at_most_one_within_a_type(name: str) -> None:
    _, distribution = case(name)
    assert distribution.types is not None
    lottery = lottery_of(name)
    tickets = Counter[int]()
    for panel, count in zip(lottery.panels, lottery.counts, strict=True):
        for person in panel:
            tickets[person] += count
    for members in distribution.types.members:
        held = [tickets[person] for person in members]
        assert max(held) - min(held) <= 1


@pytest.mark.parametrize("name", CASES)
def test_the_same_portfolio_gives_the_same_lottery(name: str) -> None:
    instance, distribution = case(name)
    assert distribution.types is not None
    first = lottery_of(name)
    again = round_types_to_lottery(
        distribution.types,
        len(instance.pool),
        size=SIZE,
        search=CompositionSearch(instance, HighsSolver()),
    )
    assert first == again
    search = CompositionSearch(instance, HighsSolver())
    assert make_lottery(distribution, len(instance.pool), size=SIZE, search=search) == first
    if not name.endswith("_maximin"):
        rerun = leximin(instance, HighsSolver())
        assert make_lottery(rerun, len(instance.pool), size=SIZE, search=search) == first


def test_type_lottery_beats_the_panel_by_panel_rounding_on_belgium_300() -> None:
    instance, distribution = case("belgium_300")
    people = len(instance.pool)
    by_type = make_lottery(distribution, people, size=SIZE).probabilities(people)
    by_panel = round_to_lottery(distribution, people, size=SIZE).probabilities(people)
    assert min(by_type) >= min(by_panel)


def test_portfolios_without_types_keep_the_panel_by_panel_rounding() -> None:
    instance = small_20()
    distribution = legacy(instance, draws=200, seed=1)
    assert distribution.types is None
    people = len(instance.pool)
    assert make_lottery(distribution, people, size=100) == round_to_lottery(
        distribution, people, size=100
    )
