"""Live LPs by the interior point method, or by the simplex with an interior-point hand-over when
it stalls: the same optima and the same LEXIMIN probabilities."""

from __future__ import annotations

import pytest

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.leximin import leximin
from balise.domain.panels.solver import LinearModel, SolveStatus
from balise.domain.panels.synthetic import belgium


def _transport() -> LinearModel:
    """A small transport LP: three depots, four shops, every shop served, cheapest routes."""
    model = LinearModel()
    costs = [[4, 6, 9, 5], [5, 3, 7, 8], [6, 8, 2, 4]]
    supply, demand = [20, 30, 25], [15, 20, 25, 10]
    flows = [[model.add_variable(cost=float(c)) for c in row] for row in costs]
    for depot, row in enumerate(flows):
        model.add_row(row, [1.0] * len(row), upper=float(supply[depot]))
    for shop, need in enumerate(demand):
        column = [row[shop] for row in flows]
        model.add_row(column, [1.0] * len(column), lower=float(need))
    return model


def test_a_stalled_live_lp_still_reaches_the_optimum() -> None:
    steady = HighsSolver(interior_lps=False).live(_transport()).solve()
    live = HighsSolver(interior_lps=False, stalled_simplex=1).live(_transport())
    first = live.solve()
    assert first.status == steady.status == SolveStatus.OPTIMAL
    assert first.objective == pytest.approx(steady.objective, abs=1e-7)
    live.set_costs([0], [1.0])
    again = live.solve()
    plain = _transport()
    plain.objective[0] = 1.0
    assert again.status == SolveStatus.OPTIMAL
    assert again.objective == pytest.approx(HighsSolver().solve(plain).objective, abs=1e-7)


@pytest.mark.parametrize("stalled", [1, 10**9])
def test_leximin_gives_the_same_probabilities_by_simplex_and_interior_point(stalled: int) -> None:
    instance = belgium(0, people=120, size=20)
    simplex = leximin(instance, HighsSolver(interior_lps=False, stalled_simplex=stalled))
    interior = leximin(instance, HighsSolver(interior_lps=True))
    assert interior.probabilities == pytest.approx(simplex.probabilities, abs=1e-6)
