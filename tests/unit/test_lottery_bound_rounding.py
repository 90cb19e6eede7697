"""The type-level lottery meets every type's need: nobody loses more than one ticket (by hand)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from test_panels_support import tiny

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.leximin import TypePortfolio, person_types
from balise.domain.panels.lottery import round_types_to_lottery, type_needs, worst_loss
from balise.domain.panels.lottery_columns import CompositionSearch

# Six people, each alone in their type (a..f in pool order), any two of them make a panel.
SIX = tiny(
    "id,name\na,a\nb,b\nc,c\nd,d\ne,e\nf,f\n",
    "feature,value,min,max\n" + "".join(f"name,{n},0,1\n" for n in "abcdef"),
    2,
)
# The pairs ab, ac, ae, db, dc, de, each with probability 1/6: a and d sit with probability 1/2,
# b, c and e with 1/3, f never.
PAIRS = ("ab", "ac", "ae", "db", "dc", "de")
PORTFOLIO = TypePortfolio(
    members=tuple((i,) for i in range(6)),
    compositions=tuple(tuple(int(n in pair) for n in "abcdef") for pair in PAIRS),
    weights=(1 / 6,) * 6,
)
EXACT = [1 / 2, 1 / 3, 1 / 3, 1 / 2, 1 / 3, 0.0]


def held(lottery_panels: tuple[tuple[int, ...], ...], counts: tuple[int, ...]) -> Counter[int]:
    tickets = Counter[int]()
    for panel, count in zip(lottery_panels, counts, strict=True):
        for person in panel:
            tickets[person] += count
    return tickets


def test_the_needs_are_the_seats_that_keep_everyone_within_one_ticket() -> None:
    # Three tickets: a and d are due 1.5 tickets, so need 1; b, c, e are due exactly 1, so need 0.
    weights = np.array(PORTFOLIO.weights)
    seats = np.array(PORTFOLIO.compositions)
    sizes = np.ones(6, dtype=np.int64)
    assert type_needs(weights, seats, sizes, 3).tolist() == [1, 0, 0, 1, 0, 0]
    # Seven tickets: 3.5 and 2.33 tickets due, so 3 and 2 (whole) tickets needed.
    assert type_needs(weights, seats, sizes, 7).tolist() == [3, 2, 2, 3, 2, 0]
    # A type of three people, all on a panel of probability 1/2, is due 2.5 tickets each of 5, so
    # needs 2 tickets for each of its 3 people.
    half = np.array([0.5, 0.5])
    assert type_needs(half, np.array([[3], [0]]), np.array([3]), 5).tolist() == [6]


def test_the_search_gives_d_a_ticket_that_the_largest_remainders_left_out() -> None:
    # With three tickets every pair is due half a ticket; the largest remainders (ties by order)
    # give them to ab, ac and ae, so d, due 1.5 tickets, would get none and lose 1.5.
    assert person_types(SIX).members == PORTFOLIO.members
    lottery = round_types_to_lottery(
        PORTFOLIO, 6, size=3, search=CompositionSearch(SIX, HighsSolver())
    )
    assert lottery.size == 3
    for panel in lottery.panels:
        assert SIX.violations([SIX.pool.ids[i] for i in panel]) == []
    tickets = held(lottery.panels, lottery.counts)
    assert tickets[0] >= 1
    assert tickets[3] >= 1
    assert worst_loss(EXACT, lottery.probabilities(6), 3) <= 1 + 1e-9


@pytest.mark.parametrize("size", [3, 7, 10, 1_000])
def test_nobody_loses_more_than_one_ticket_and_the_table_repeats(size: int) -> None:
    search = CompositionSearch(SIX, HighsSolver())
    lottery = round_types_to_lottery(PORTFOLIO, 6, size=size, search=search)
    assert lottery.size == size
    assert worst_loss(EXACT, lottery.probabilities(6), size) <= 1 + 1e-9
    assert round_types_to_lottery(PORTFOLIO, 6, size=size, search=search) == lottery


def test_a_search_for_other_types_is_not_used() -> None:
    other = tiny("id,g\na,x\nb,y\n", "feature,value,min,max\ng,x,0,1\ng,y,0,1\n", 1)
    alone = round_types_to_lottery(PORTFOLIO, 6, size=3)
    mismatched = round_types_to_lottery(
        PORTFOLIO, 6, size=3, search=CompositionSearch(other, HighsSolver())
    )
    assert mismatched == alone
