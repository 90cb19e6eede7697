"""LEXIMIN and MAXIMIN selection by column generation, written against the `Solver` port.

The method of Flanigan, Gölz, Gupta, Hennig and Procaccia (Nature 596, 2021), in our own words:

- a *portfolio* is a set of valid panels (each meets every quota and has k people);
- a *distribution* gives each panel of the portfolio a probability; a person's selection probability
  is the total probability of the panels they sit on;
- LEXIMIN maximises the smallest probability, then, with it fixed, the second smallest, and so on.

For each level we solve the *dual* LP over the portfolio: weights y_i >= 0 on the people not yet
fixed (summing to 1), and a cap ŷ that no panel's total weight may exceed; minimise
ŷ - Σ_{fixed i} p_i y_i. The pricing MIP then looks for the panel of largest total weight among
*all* valid panels; if it beats ŷ, that panel joins the portfolio and the LP is solved again. When
no panel beats ŷ, the LP value is the best achievable minimum among the unfixed people, and everyone
with a positive weight must sit exactly at that value in every optimal distribution (complementary
slackness): they are fixed, and the next level starts. A final primal LP over the portfolio finds
the panel probabilities that give everyone (at least) their fixed probability.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from balise.domain.panels.model import Instance
from balise.domain.panels.solver import (
    LinearModel,
    LiveModel,
    Solution,
    Solver,
    SolveStatus,
    live_model,
)
from balise.domain.shared.errors import DomainError
from balise.domain.shared.i18n import N_, Message

PRICING_TOLERANCE = 1e-6
POSITIVE_WEIGHT = 1e-7
MAX_ITERATIONS = 20_000
DIVERSITY_ROUNDS = 1.0  # multiplicative-weights panels per person before column generation
DIVERSITY_DECAY = 0.8
EXTRA_COLUMNS = 5  # improving panels sought per LP solve, beyond the best one
EXTRA_DECAY = 0.5
INFINITY = float("inf")
SMOOTHING = 0.7  # weight of the best weights so far when pricing (0: plain column generation)

Panel = tuple[int, ...]
Progress = Callable[[str], None]


class QuotasInfeasible(DomainError):
    """No panel of the requested size meets every quota."""


class SolverFailed(DomainError):
    """The solver did not reach an optimal solution."""


@dataclass(frozen=True)
class Distribution:
    """Panels (as sorted person indices) with probabilities, and each person's probability."""

    panels: tuple[Panel, ...]
    panel_probabilities: tuple[float, ...]
    probabilities: tuple[float, ...]


def panel_model(instance: Instance, weights: Sequence[float]) -> LinearModel:
    """The MIP whose solutions are the valid panels, maximising the total weight of the panel."""
    model = LinearModel(maximize=True)
    people = len(instance.pool)
    for index in range(people):
        model.add_variable(cost=weights[index], upper=1.0, integer=True)
    model.add_row(range(people), [1.0] * people, lower=instance.size, upper=instance.size)
    for quota in instance.quotas.quotas:
        members = instance.members(quota)
        model.add_row(members, [1.0] * len(members), lower=quota.minimum, upper=quota.maximum)
    return model


class Pricing:
    """The pricing MIP kept alive in the solver: each search only changes the weights."""

    def __init__(self, solver: Solver, instance: Instance) -> None:
        self.people = len(instance.pool)
        self.model = live_model(solver, panel_model(instance, [0.0] * self.people))
        self.everyone = list(range(self.people))

    def best(self, weights: Sequence[float]) -> tuple[Panel, float] | None:
        """The valid panel of largest total weight, or None when no panel is valid."""
        self.model.set_costs(self.everyone, [float(weight) for weight in weights])
        return _panel(self.model.solve(), weights)


def best_panel(
    solver: Solver, instance: Instance, weights: Sequence[float]
) -> tuple[Panel, float] | None:
    """The valid panel of largest total weight, or None when no panel is valid."""
    return _panel(solver.solve(panel_model(instance, weights)), weights)


def _panel(solution: Solution, weights: Sequence[float]) -> tuple[Panel, float] | None:
    if solution.status == SolveStatus.INFEASIBLE:
        return None
    if solution.status != SolveStatus.OPTIMAL:
        raise SolverFailed(Message(N_("The solver could not find a panel.")))
    panel = tuple(index for index, value in enumerate(solution.values) if value > 0.5)
    return panel, sum(weights[index] for index in panel)


def initial_portfolio(
    pricing: Pricing, *, diversity_rounds: float = DIVERSITY_ROUNDS
) -> tuple[list[Panel], set[int]]:
    """Panels that cover everyone who can be on some valid panel, and who is covered.

    After the cover, a multiplicative-weights pass (each panel found makes its members lighter for
    the next search) adds a diverse set of panels, which saves many column-generation rounds.
    """
    people = pricing.people
    covered: set[int] = set()
    panels: list[Panel] = []
    while len(covered) < people:
        weights = [0.0 if index in covered else 1.0 for index in range(people)]
        found = pricing.best(weights)
        if found is None:
            raise QuotasInfeasible(
                Message(N_("No panel of this size meets every quota; run the feasibility check."))
            )
        panel, gain = found
        if gain < 0.5:
            break  # nobody left uncovered can be on any valid panel
        panels.append(panel)
        covered.update(panel)
    known = set(panels)
    weights = [1.0] * people
    for _ in range(int(diversity_rounds * people)):
        found = pricing.best(weights)
        assert found is not None
        panel = found[0]
        for index in panel:
            weights[index] *= DIVERSITY_DECAY
        total = sum(weights)
        weights = [weight * people / total for weight in weights]
        if panel not in known:
            known.add(panel)
            panels.append(panel)
    return panels, covered


class _Dual:
    """The dual LP over the portfolio, kept alive across column-generation rounds and levels.

    Variables: a weight y_i per person, then the cap ŷ. Row 0: the unfixed weights sum to 1; one
    row per panel: its members' weights minus ŷ is at most 0. Objective: ŷ - Σ_{fixed i} p_i y_i.
    New panels become new rows and fixing a person changes a cost and a coefficient, so each solve
    starts from the previous basis.
    """

    def __init__(self, solver: Solver, people: int) -> None:
        model = LinearModel()
        for _ in range(people):
            model.add_variable()
        self.cap = model.add_variable(cost=1.0, lower=-float("inf"))
        model.add_row(range(people), [1.0] * people, lower=1.0, upper=1.0)
        self.people = people
        self.model: LiveModel = live_model(solver, model)
        self.rows = 0
        self.fixed: set[int] = set()

    def solve(self, panels: Sequence[Panel], fixed: dict[int, float]) -> Solution:
        for panel in panels[self.rows :]:
            self.model.add_row([*panel, self.cap], [1.0] * len(panel) + [-1.0], -INFINITY, 0.0)
        self.rows = len(panels)
        newly = [index for index in fixed if index not in self.fixed]
        if newly:
            self.model.set_costs(newly, [-fixed[index] for index in newly])
            for index in newly:
                self.model.set_coefficient(0, index, 0.0)
            self.fixed.update(newly)
        solution = self.model.solve()
        if solution.status != SolveStatus.OPTIMAL:
            raise SolverFailed(Message(N_("The solver could not solve the portfolio LP.")))
        return solution


def _settle_level(
    dual: _Dual,
    pricing: Pricing,
    panels: list[Panel],
    known: set[Panel],
    fixed: dict[int, float],
) -> tuple[float, list[float]]:
    """Column generation for one level: returns the level's value and the people's dual weights.

    Pricing uses smoothed weights (Wentges): a mix of the LP's weights and the best weights seen so
    far, which damps the LP's jumps between extreme dual solutions. When the smoothed weights find
    no improving panel, the LP's own weights are priced, so the stopping rule is the exact one.
    """
    people = dual.people
    center: list[float] | None = None
    best_bound = float("inf")
    for _ in range(MAX_ITERATIONS):
        solution = dual.solve(panels, fixed)
        weights = [max(0.0, value) for value in solution.values[:people]]
        upper = solution.values[dual.cap]
        candidates = [weights]
        if center is not None and SMOOTHING > 0:
            mixed = [
                SMOOTHING * c + (1 - SMOOTHING) * w for c, w in zip(center, weights, strict=True)
            ]
            candidates.insert(0, mixed)
        for prices in candidates:
            found = pricing.best(prices)
            assert found is not None
            panel, priced = found
            bound = priced - sum(p * prices[i] for i, p in fixed.items())
            if bound < best_bound:
                best_bound, center = bound, prices
            if sum(weights[i] for i in panel) > upper + PRICING_TOLERANCE and panel not in known:
                break
        else:
            return solution.objective, weights
        panels.append(panel)
        known.add(panel)
        _more_columns(pricing, weights, upper, panel, panels, known)
    raise SolverFailed(Message(N_("Column generation did not converge.")))


def _more_columns(
    pricing: Pricing,
    weights: list[float],
    upper: float,
    panel: Panel,
    panels: list[Panel],
    known: set[Panel],
) -> None:
    """Look for a few more improving panels by making the last one's members lighter.

    Each LP solve is far dearer than a pricing MIP, so adding several panels per LP saves time.
    """
    lighter = list(weights)
    for _ in range(EXTRA_COLUMNS):
        for index in panel:
            lighter[index] *= EXTRA_DECAY
        found = pricing.best(lighter)
        assert found is not None
        panel = found[0]
        if panel in known or sum(weights[i] for i in panel) <= upper + PRICING_TOLERANCE:
            return
        panels.append(panel)
        known.add(panel)


def _primal(
    solver: Solver, panels: Sequence[Panel], people: int, targets: dict[int, float]
) -> list[float]:
    """Panel probabilities that give each person their target, with the least shortfall."""
    model = LinearModel()
    columns = [model.add_variable() for _ in panels]
    shortfall = model.add_variable(cost=1.0)
    model.add_row(columns, [1.0] * len(columns), lower=1.0, upper=1.0)
    on_panels: dict[int, list[int]] = {index: [] for index in range(people)}
    for column, panel in zip(columns, panels, strict=True):
        for index in panel:
            on_panels[index].append(column)
    for index, target in targets.items():
        if target > 0:
            model.add_row(
                [*on_panels[index], shortfall],
                [1.0] * (len(on_panels[index]) + 1),
                lower=target,
            )
    solution = solver.solve(model)
    if solution.status != SolveStatus.OPTIMAL:
        raise SolverFailed(Message(N_("The solver could not solve the final LP.")))
    return [max(0.0, value) for value in solution.values[: len(panels)]]


def _maximin_primal(solver: Solver, panels: Sequence[Panel], covered: set[int]) -> list[float]:
    model = LinearModel(maximize=True)
    columns = [model.add_variable() for _ in panels]
    level = model.add_variable(cost=1.0, upper=1.0)
    model.add_row(columns, [1.0] * len(columns), lower=1.0, upper=1.0)
    for index in sorted(covered):
        on = [column for column, panel in zip(columns, panels, strict=True) if index in panel]
        model.add_row([*on, level], [1.0] * len(on) + [-1.0], lower=0.0)
    solution = solver.solve(model)
    if solution.status != SolveStatus.OPTIMAL:
        raise SolverFailed(Message(N_("The solver could not solve the final LP.")))
    return [max(0.0, value) for value in solution.values[: len(panels)]]


def _distribution(panels: Sequence[Panel], weights: Sequence[float], people: int) -> Distribution:
    kept = [(panel, weight) for panel, weight in zip(panels, weights, strict=True) if weight > 1e-9]
    total = sum(weight for _, weight in kept)
    kept = sorted(((panel, weight / total) for panel, weight in kept), key=lambda item: item[0])
    probabilities = [0.0] * people
    for panel, weight in kept:
        for index in panel:
            probabilities[index] += weight
    return Distribution(
        tuple(panel for panel, _ in kept),
        tuple(weight for _, weight in kept),
        tuple(probabilities),
    )


def leximin(
    instance: Instance, solver: Solver, *, progress: Progress | None = None
) -> Distribution:
    """The LEXIMIN distribution over valid panels."""
    people = len(instance.pool)
    pricing = Pricing(solver, instance)
    panels, covered = initial_portfolio(pricing)
    known = set(panels)
    dual = _Dual(solver, people)
    fixed: dict[int, float] = {index: 0.0 for index in range(people) if index not in covered}
    while len(fixed) < people:
        value, weights = _settle_level(dual, pricing, panels, known, fixed)
        newly = [
            index
            for index in range(people)
            if index not in fixed and weights[index] > POSITIVE_WEIGHT
        ]
        if not newly:  # numerical corner: settle the largest weight
            newly = [max((i for i in range(people) if i not in fixed), key=lambda i: weights[i])]
        for index in newly:
            fixed[index] = max(0.0, value)
        if progress is not None:
            progress(f"{len(fixed)}/{people} settled at {value:.6f}, {len(panels)} panels")
    return _distribution(panels, _primal(solver, panels, people, fixed), people)


def maximin(
    instance: Instance, solver: Solver, *, progress: Progress | None = None
) -> Distribution:
    """The MAXIMIN distribution: the smallest probability as large as possible, nothing more."""
    people = len(instance.pool)
    pricing = Pricing(solver, instance)
    panels, covered = initial_portfolio(pricing)
    known = set(panels)
    fixed = {index: 0.0 for index in range(people) if index not in covered}
    if len(fixed) < people:
        value, _ = _settle_level(_Dual(solver, people), pricing, panels, known, fixed)
        if progress is not None:
            progress(f"minimum {value:.6f}, {len(panels)} panels")
    return _distribution(panels, _maximin_primal(solver, panels, covered), people)
