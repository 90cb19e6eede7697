"""On Belgian-shaped pools the published lottery costs nobody more than one ticket of 1,000."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.lottery import make_lottery
from balise.domain.panels.lottery_columns import CompositionSearch
from balise.domain.panels.selection import Selection, select_panel
from balise.domain.panels.synthetic import belgium
from balise.services.panels_demo import DEMO_PANEL_SIZE, DEMO_POOL_SEED, DEMO_POOL_SIZE

POOLS = {
    "belgium_300_k30": (0, 300, 30),
    "demo_panel": (DEMO_POOL_SEED, DEMO_POOL_SIZE, DEMO_PANEL_SIZE),
}


@cache
def selection(name: str) -> Selection:
    seed, people, size = POOLS[name]
    return select_panel(belgium(seed, people=people, size=size), solver=HighsSolver())


@pytest.mark.parametrize("name", sorted(POOLS))
def test_the_least_served_person_loses_at_most_one_ticket(name: str) -> None:
    published = selection(name).result().lottery
    assert published is not None
    assert published.tickets == 1_000
    assert published.worst_loss is not None
    assert published.worst_loss <= 1.0


@pytest.mark.parametrize("name", sorted(POOLS))
def test_every_ticket_meets_the_quotas_and_types_share_evenly(name: str) -> None:
    chosen = selection(name)
    instance, lottery, types = chosen.instance, chosen.lottery, chosen.distribution.types
    assert lottery is not None
    assert types is not None
    held = Counter[int]()
    for panel, count in zip(lottery.panels, lottery.counts, strict=True):
        assert len(set(panel)) == len(panel) == instance.size
        assert instance.violations([instance.pool.ids[i] for i in panel]) == []
        for person in panel:
            held[person] += count
    for members in types.members:
        tickets = [held[person] for person in members]
        assert max(tickets) - min(tickets) <= 1


@pytest.mark.parametrize("name", sorted(POOLS))
def test_the_same_portfolio_gives_the_same_tickets(name: str) -> None:
    chosen = selection(name)
    again = make_lottery(
        chosen.distribution,
        len(chosen.instance.pool),
        search=CompositionSearch(chosen.instance, HighsSolver()),
    )
    assert again == chosen.lottery
