"""The progress hook of LEXIMIN, MAXIMIN and `select_panel`: monotone (done, total) calls."""

from __future__ import annotations

import pytest
from test_panels_support import TWO_BY_THREE, sf_fixture

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.leximin import leximin, maximin
from balise.domain.panels.record import Algorithm
from balise.domain.panels.selection import select_panel

SOLVER = HighsSolver()


def assert_monotone(calls: list[tuple[int, int]], total: int) -> None:
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert all(t == total for _, t in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert all(0 <= d <= total for d in done)


def test_leximin_reports_people_settled() -> None:
    instance = sf_fixture(22)
    calls: list[tuple[int, int]] = []
    leximin(instance, SOLVER, on_progress=lambda done, total: calls.append((done, total)))
    assert_monotone(calls, len(instance.pool))
    assert len(calls) >= 3  # start, at least one level in between, end


def test_maximin_reports_start_and_end() -> None:
    calls: list[tuple[int, int]] = []
    maximin(TWO_BY_THREE, SOLVER, on_progress=lambda done, total: calls.append((done, total)))
    assert_monotone(calls, 5)


@pytest.mark.parametrize("algorithm", list(Algorithm))
def test_select_panel_threads_the_hook(algorithm: Algorithm) -> None:
    calls: list[tuple[int, int]] = []
    selection = select_panel(
        TWO_BY_THREE,
        solver=SOLVER,
        algorithm=algorithm,
        legacy_draws=50,
        on_progress=lambda done, total: calls.append((done, total)),
    )
    assert_monotone(calls, calls[-1][1])
    assert len(selection.panel) == 2


def test_the_hook_is_optional() -> None:
    selection = select_panel(TWO_BY_THREE, solver=SOLVER)
    assert len(selection.panel) == 2
