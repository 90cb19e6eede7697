"""The tickets the least served person loses in the lottery, computed and published."""

from __future__ import annotations

import pytest
from test_panels_support import TWO_BY_THREE

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.documents import LotteryResult
from balise.domain.panels.lottery import worst_loss
from balise.domain.panels.selection import select_panel


def test_worst_loss_is_the_largest_shortfall_in_tickets() -> None:
    assert worst_loss([0.5, 0.25], [0.499, 0.26], 1_000) == pytest.approx(1.0)
    assert worst_loss([0.5, 0.5], [0.5, 0.5], 1_000) == pytest.approx(0.0)
    assert worst_loss([0.2, 0.3], [0.25, 0.35], 100) == pytest.approx(-5.0)  # everyone gains


@pytest.mark.parametrize(("tickets", "loss"), [(7, 0.5), (1_000, 1 / 3), (6, 0.0)])
def test_two_women_three_men_lose_what_the_round_robin_leaves(tickets: int, loss: float) -> None:
    # One woman of two and one man of three per panel: LEXIMIN gives 1/2 and 1/3. With M tickets
    # the women share M seats (⌊M/2⌋ or ⌈M/2⌉ each) and the men M seats (⌊M/3⌋ or ⌈M/3⌉), so
    # with 7 tickets a woman holds 3 where 3.5 were due, a man 2 where 2.33 were due: 0.5 lost;
    # with 1,000 a man holds 333 where 333.33 were due; with 6 nobody loses anything.
    selection = select_panel(TWO_BY_THREE, solver=HighsSolver(), lottery_size=tickets)
    published = selection.result().lottery
    assert published is not None
    assert published.worst_loss == pytest.approx(loss, abs=1e-6)
    document = published.to_json()
    assert document["worst_loss_tickets"] == pytest.approx(loss, abs=1e-6)
    assert LotteryResult.from_json(document) == published


def test_results_stored_before_the_loss_was_published_still_load() -> None:
    selection = select_panel(TWO_BY_THREE, solver=HighsSolver(), lottery_size=7)
    published = selection.result().lottery
    assert published is not None
    document = published.to_json()
    del document["worst_loss_tickets"]
    assert LotteryResult.from_json(document).worst_loss is None
