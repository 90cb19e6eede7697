"""LEXIMIN and MAXIMIN by column generation on HiGHS, checked against the published results."""

from __future__ import annotations

import random

import pytest
from test_panels_support import TWO_BY_THREE, published_leximin, sf_fixture, small_20, tiny

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.leximin import Distribution, QuotasInfeasible, leximin, maximin
from balise.domain.panels.model import Instance
from balise.domain.panels.solver import IncrementalSolver, LinearModel, Solution

SOLVER = HighsSolver()


def assert_valid(instance: Instance, distribution: Distribution) -> None:
    ids = instance.pool.ids
    for panel in distribution.panels:
        assert instance.violations([ids[i] for i in panel]) == []
    assert sum(distribution.panel_probabilities) == pytest.approx(1.0, abs=1e-9)
    assert sum(distribution.probabilities) == pytest.approx(instance.size, abs=1e-6)
    assert all(-1e-9 <= p <= 1 + 1e-9 for p in distribution.probabilities)


@pytest.fixture(scope="module")
def small_leximin() -> tuple[Instance, Distribution]:
    instance = small_20()
    return instance, leximin(instance, SOLVER)


def test_leximin_matches_the_published_leximin(
    small_leximin: tuple[Instance, Distribution],
) -> None:
    instance, distribution = small_leximin
    assert_valid(instance, distribution)
    published = published_leximin()
    ours = sorted(distribution.probabilities)
    assert len(ours) == len(published) == 200
    assert ours[0] == pytest.approx(published[0], abs=1e-5)
    assert ours == pytest.approx(published, abs=1e-5)


def test_leximin_beats_the_second_level_of_maximin() -> None:
    lex = leximin(TWO_BY_THREE, SOLVER)
    assert lex.probabilities == pytest.approx((0.5, 0.5, 1 / 3, 1 / 3, 1 / 3), abs=1e-7)
    assert_valid(TWO_BY_THREE, lex)
    maxi = maximin(TWO_BY_THREE, SOLVER)
    assert min(maxi.probabilities) == pytest.approx(1 / 3, abs=1e-7)
    assert_valid(TWO_BY_THREE, maxi)


def test_on_the_sortition_foundation_fixture() -> None:
    instance = sf_fixture(22)
    maxi = maximin(instance, SOLVER)
    assert_valid(instance, maxi)
    lex = leximin(instance, SOLVER)
    assert_valid(instance, lex)
    assert min(lex.probabilities) == pytest.approx(min(maxi.probabilities), abs=1e-6)
    # LEXIMIN is at least as good as MAXIMIN at every level of the sorted vector's start.
    assert sorted(lex.probabilities)[:30] >= [p - 1e-6 for p in sorted(maxi.probabilities)[:30]]


def test_people_who_fit_no_panel_get_zero() -> None:
    instance = tiny(
        "id,g,h\na,x,u\nb,x,u\nc,y,v\n",
        "feature,value,min,max\ng,x,1,1\ng,y,0,1\nh,u,1,1\nh,v,0,0\n",
        1,
    )
    distribution = leximin(instance, SOLVER)
    assert distribution.probabilities == pytest.approx((0.5, 0.5, 0.0), abs=1e-7)


def test_infeasible_quotas_raise() -> None:
    instance = tiny("id,g\na,x\nb,y\n", "feature,value,min,max\ng,x,2,2\ng,y,0,1\n", 2)
    with pytest.raises(QuotasInfeasible):
        leximin(instance, SOLVER)


def brute_force_leximin(instance: Instance) -> list[float]:
    """LEXIMIN over every valid panel, by the textbook method: raise the floor, fix who is stuck."""
    from itertools import combinations

    ids = instance.pool.ids
    panels = [
        panel
        for panel in combinations(range(len(ids)), instance.size)
        if not instance.violations([ids[i] for i in panel])
    ]
    fixed: dict[int, float] = {}

    def solve(objective_person: int | None, floor: float | None) -> float:
        model = LinearModel(maximize=True)
        columns = [model.add_variable() for _ in panels]
        level = model.add_variable(cost=1.0 if objective_person is None else 0.0, upper=1.0)
        model.add_row(columns, [1.0] * len(columns), lower=1.0, upper=1.0)
        for person in range(len(ids)):
            on = [c for c, panel in zip(columns, panels, strict=True) if person in panel]
            if person in fixed:
                model.add_row(on, [1.0] * len(on), lower=fixed[person] - 1e-9)
            elif floor is None:
                model.add_row([*on, level], [1.0] * len(on) + [-1.0], lower=0.0)
            else:
                model.add_row(on, [1.0] * len(on), lower=floor - 1e-9)
                if person == objective_person:
                    model.objective[:-1] = [1.0 if c in on else 0.0 for c in columns]
        return SOLVER.solve(model).objective

    while len(fixed) < len(ids):
        floor = solve(None, None)
        stuck = [
            person
            for person in range(len(ids))
            if person not in fixed and solve(person, floor) <= floor + 1e-7
        ]
        for person in stuck or [p for p in range(len(ids)) if p not in fixed]:
            fixed[person] = floor
    return sorted(fixed[person] for person in range(len(ids)))


@pytest.mark.parametrize("seed", range(6))
def test_column_generation_matches_brute_force(seed: int) -> None:
    draw = random.Random(seed)
    people = "id,g,a,r\n" + "".join(
        f"p{i},{draw.choice('FM')},{draw.choice('yo')},{draw.choice('abc')}\n" for i in range(11)
    )
    quotas = (
        "feature,value,min,max\ng,F,2,3\ng,M,2,3\na,y,1,2\na,o,2,4\nr,a,1,2\nr,b,1,2\nr,c,1,2\n"
    )
    instance = tiny(people, quotas, 5)
    expected = brute_force_leximin(instance)
    ours = leximin(instance, SOLVER)
    assert_valid(instance, ours)
    assert sorted(ours.probabilities) == pytest.approx(expected, abs=1e-6)


class PlainSolver:
    """A `Solver` without a live model: the domain falls back to rebuilding every model."""

    name = "plain"

    def solve(self, model: LinearModel) -> Solution:
        return SOLVER.solve(model)


def test_a_solver_without_live_models_gives_the_same_result() -> None:
    assert not isinstance(PlainSolver(), IncrementalSolver)
    assert isinstance(SOLVER, IncrementalSolver)
    instance = sf_fixture(22)
    plain = leximin(instance, PlainSolver())
    assert_valid(instance, plain)
    live = leximin(instance, SOLVER)
    assert sorted(plain.probabilities) == pytest.approx(sorted(live.probabilities), abs=1e-6)
