"""LEXIMIN and MAXIMIN selection by column generation, written against the `Solver` port.

The method of Flanigan, Gölz, Gupta, Hennig and Procaccia (Nature 596, 2021), in our own words:

- a *portfolio* is a set of valid panels (each meets every quota and has k people);
- a *distribution* gives each panel of the portfolio a probability; a person's selection probability
  is the total probability of the panels they sit on;
- LEXIMIN maximises the smallest probability, then, with it fixed, the second smallest, and so on.

People with the same value in every category (a *type*) are interchangeable: swapping two of them
maps valid panels to valid panels, and the LEXIMIN probabilities are unique, so both get the same
probability. We therefore work with types and their sizes: a panel is a *composition* (how many
people of each type it seats), a person of type t sits on it with chance c_t / size_t when its
seats go round the type, and the LPs and the pricing MIP have one variable per type instead of one
per person (the Belgian-shaped pool of 1,170 people has 286 types). Only at the end are the
compositions turned into panels of people (`expand`).

For each level we solve the *dual* LP over the portfolio: weights y_t >= 0 on the types not yet
fixed (summing to 1), and a cap ŷ that no composition's weight Σ_t (c_t / size_t) y_t may exceed;
minimise ŷ - Σ_{fixed t} p_t y_t. The pricing MIP then looks for the composition of largest weight
among *all* valid ones; if it beats ŷ, it joins the portfolio and the LP is solved again. When none
beats ŷ, the LP value is the best achievable minimum among the unfixed people, and every type with a
positive weight must sit exactly at that value in every optimal distribution (complementary
slackness): they are fixed, and the next level starts. A final primal LP over the portfolio finds
the composition probabilities that give everyone (at least) their fixed probability.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import pairwise
from math import floor, gcd

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
INTEGRALITY = 1e-9  # an LP vertex this close to integers is taken as the MIP's solution
POSITIVE_WEIGHT = 1e-7
MAX_ITERATIONS = 20_000
DIVERSITY_ROUNDS = 1.0  # multiplicative-weights panels per person before column generation
DIVERSITY_DECAY = 0.8
EXTRA_COLUMNS = 5  # improving panels sought per LP solve, beyond the best one
EXTRA_DECAY = 0.5
INFINITY = float("inf")
CUT_TOLERANCE = 1e-12  # pieces of the line shorter than this are merged into the next
SMOOTHING = 0.7  # weight of the best weights so far when pricing (0: plain column generation)

Panel = tuple[int, ...]
Composition = tuple[int, ...]  # how many people of each type sit on a panel
Progress = Callable[[str], None]
OnProgress = Callable[[int, int], None]  # (people settled so far, people in the pool)


class QuotasInfeasible(DomainError):
    """No panel of the requested size meets every quota."""


class SolverFailed(DomainError):
    """The solver did not reach an optimal solution."""


@dataclass(frozen=True)
class TypePortfolio:
    """The type-level portfolio behind a distribution: the people of each type, the compositions
    and their probabilities (used to round to a lottery type by type)."""

    members: tuple[tuple[int, ...], ...]
    compositions: tuple[Composition, ...]
    weights: tuple[float, ...]


@dataclass(frozen=True)
class Distribution:
    """Panels (as sorted person indices) with probabilities, and each person's probability.

    `types` is the type-level portfolio when the algorithm worked with types (else None).
    """

    panels: tuple[Panel, ...]
    panel_probabilities: tuple[float, ...]
    probabilities: tuple[float, ...]
    types: TypePortfolio | None = None


@dataclass(frozen=True)
class PersonTypes:
    """The people grouped into types, whom the quotas cannot tell apart.

    A type is a value in every category; `members[t]` are the people of type t (pool order) and
    `values[t]` its values, in the order of `categories`.
    """

    categories: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    members: tuple[tuple[int, ...], ...]

    @property
    def sizes(self) -> list[int]:
        return [len(members) for members in self.members]


def person_types(instance: Instance) -> PersonTypes:
    """Group the pool by feature vector; types are numbered in order of first appearance."""
    categories = instance.quotas.categories
    groups: dict[tuple[str, ...], list[int]] = {}
    for index, person in enumerate(instance.pool.people):
        key = tuple(person.features.get(category, "") for category in categories)
        groups.setdefault(key, []).append(index)
    return PersonTypes(
        categories,
        tuple(groups),
        tuple(tuple(members) for members in groups.values()),
    )


def composition_model(
    instance: Instance, types: PersonTypes, costs: Sequence[float]
) -> LinearModel:
    """The MIP whose solutions are the valid panels up to swapping people of the same type.

    One integer variable per type (how many of its people sit on the panel, 0 to its size), the
    panel size, and one row per quota; maximises the total cost of the seats.
    """
    model = LinearModel(maximize=True)
    count = len(types.members)
    for index, size in enumerate(types.sizes):
        model.add_variable(cost=costs[index], upper=float(size), integer=True)
    model.add_row(range(count), [1.0] * count, lower=instance.size, upper=instance.size)
    position = {category: i for i, category in enumerate(types.categories)}
    for quota in instance.quotas.quotas:
        column = position[quota.category]
        chosen = [t for t in range(count) if types.values[t][column] == quota.value]
        model.add_row(chosen, [1.0] * len(chosen), lower=quota.minimum, upper=quota.maximum)
    return model


def _integral(values: Sequence[float]) -> bool:
    return all(abs(value - round(value)) <= INTEGRALITY for value in values)


def _worth(composition: Composition, weights: Sequence[float], sizes: Sequence[int]) -> float:
    """Total weight of a composition when type t carries weight `weights[t]` (per whole type)."""
    return sum(c * weights[t] / sizes[t] for t, c in enumerate(composition) if c)


class Pricing:
    """The pricing MIP (over types) kept alive in the solver: each search only changes costs.

    Its LP relaxation is solved first (a warm simplex, a fraction of a millisecond): when its
    optimal vertex is integral it is the MIP's optimum too, which spares the branch and cut for
    about two searches in five on Belgian-shaped pools.
    """

    def __init__(self, solver: Solver, instance: Instance, types: PersonTypes) -> None:
        self.sizes = types.sizes
        self.count = len(self.sizes)
        model = composition_model(instance, types, [0.0] * self.count)
        self.relaxation = live_model(solver, replace(model, integer=[False] * self.count))
        self.model = live_model(solver, model)
        self.everyone = list(range(self.count))

    def best(self, weights: Sequence[float]) -> tuple[Composition, float] | None:
        """The valid composition of largest total weight, or None when no panel is valid.

        `weights[t]` is the weight of the whole type t; each seat of type t is worth
        `weights[t] / size_t`, as the type's weight is shared by its people.
        """
        costs = [float(weight) / size for weight, size in zip(weights, self.sizes, strict=True)]
        self.relaxation.set_costs(self.everyone, costs)
        solution = self.relaxation.solve()
        if solution.status == SolveStatus.OPTIMAL and not _integral(solution.values):
            self.model.set_costs(self.everyone, costs)
            solution = self.model.solve()
        if solution.status == SolveStatus.INFEASIBLE:
            return None
        if solution.status != SolveStatus.OPTIMAL:
            raise SolverFailed(Message(N_("The solver could not find a panel.")))
        composition = tuple(round(value) for value in solution.values)
        return composition, sum(c * cost for c, cost in zip(composition, costs, strict=True))


def initial_portfolio(
    pricing: Pricing, *, diversity_rounds: float = DIVERSITY_ROUNDS
) -> tuple[list[Composition], set[int]]:
    """Compositions that cover every type that can be on some valid panel, and those types.

    After the cover, a multiplicative-weights pass (each composition found makes its people
    lighter for the next search) adds a diverse set, which saves many column-generation rounds.
    """
    sizes = pricing.sizes
    count = pricing.count
    covered: set[int] = set()
    compositions: list[Composition] = []
    while len(covered) < count:
        weights = [0.0 if t in covered else float(sizes[t]) for t in range(count)]
        found = pricing.best(weights)
        if found is None:
            raise QuotasInfeasible(
                Message(N_("No panel of this size meets every quota; run the feasibility check."))
            )
        composition, gain = found
        if gain < 0.5:
            break  # no type left uncovered can be on any valid panel
        compositions.append(composition)
        covered.update(t for t, c in enumerate(composition) if c)
    known = set(compositions)
    people = sum(sizes)
    weights = [float(size) for size in sizes]
    for _ in range(int(diversity_rounds * count)):
        result = pricing.best(weights)
        assert result is not None
        composition = result[0]
        for t, c in enumerate(composition):
            if c:
                weights[t] *= 1.0 - (1.0 - DIVERSITY_DECAY) * c / sizes[t]
        total = sum(weights)
        weights = [weight * people / total for weight in weights]
        if composition not in known:
            known.add(composition)
            compositions.append(composition)
    return compositions, covered


class _Dual:
    """The dual LP over the portfolio, kept alive across column-generation rounds and levels.

    Variables: a weight y_t per type, then the cap ŷ. Row 0: the unfixed weights sum to 1; one
    row per composition C: Σ_t (c_t / size_t) y_t - ŷ <= 0 (each of the type's people sits on
    the panel with chance c_t / size_t). Objective: ŷ - Σ_{fixed t} p_t y_t. New compositions
    become new rows and fixing a type changes a cost and a coefficient, so each solve starts from
    the previous basis.
    """

    def __init__(self, solver: Solver, sizes: Sequence[int]) -> None:
        model = LinearModel()
        count = len(sizes)
        for _ in range(count):
            model.add_variable()
        self.cap = model.add_variable(cost=1.0, lower=-float("inf"))
        model.add_row(range(count), [1.0] * count, lower=1.0, upper=1.0)
        self.count = count
        self.sizes = list(sizes)
        self.model: LiveModel = live_model(solver, model)
        self.rows = 0
        self.fixed: set[int] = set()

    def solve(self, compositions: Sequence[Composition], fixed: dict[int, float]) -> Solution:
        for composition in compositions[self.rows :]:
            used = [t for t, c in enumerate(composition) if c]
            self.model.add_row(
                [*used, self.cap],
                [composition[t] / self.sizes[t] for t in used] + [-1.0],
                -INFINITY,
                0.0,
            )
        self.rows = len(compositions)
        newly = [t for t in fixed if t not in self.fixed]
        if newly:
            self.model.set_costs(newly, [-fixed[t] for t in newly])
            for t in newly:
                self.model.set_coefficient(0, t, 0.0)
            self.fixed.update(newly)
        solution = self.model.solve()
        if solution.status != SolveStatus.OPTIMAL:
            raise SolverFailed(Message(N_("The solver could not solve the portfolio LP.")))
        return solution


def _settle_level(
    dual: _Dual,
    pricing: Pricing,
    compositions: list[Composition],
    known: set[Composition],
    fixed: dict[int, float],
    trace: Progress | None = None,
) -> tuple[float, list[float]]:
    """Column generation for one level: returns the level's value and the types' dual weights.

    Pricing uses smoothed weights (Wentges): a mix of the LP's weights and the best weights seen so
    far, which damps the LP's jumps between extreme dual solutions. When the smoothed weights find
    no improving composition, the LP's own weights are priced, so the stopping rule is exact.
    `trace` receives one line per round: the LP's value and cap, the priced composition's weight
    under the LP's weights, and the gap between the two.
    """
    count = dual.count
    sizes = dual.sizes
    center: list[float] | None = None
    best_bound = float("inf")
    for round_ in range(MAX_ITERATIONS):
        solution = dual.solve(compositions, fixed)
        weights = [max(0.0, value) for value in solution.values[:count]]
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
            composition, priced = found
            bound = priced - sum(p * prices[t] for t, p in fixed.items())
            if bound < best_bound:
                best_bound, center = bound, prices
            worth = _worth(composition, weights, sizes)
            if trace is not None:
                trace(
                    f"round {round_}: LP {solution.objective:.9f}, cap {upper:.9f}, "
                    f"MIP {worth:.9f}, gap {worth - upper:.2e}, {len(compositions)} panels"
                )
            if worth > upper + PRICING_TOLERANCE and composition not in known:
                break
        else:
            return solution.objective, weights
        compositions.append(composition)
        known.add(composition)
        _more_columns(pricing, weights, upper, composition, compositions, known)
    raise SolverFailed(Message(N_("Column generation did not converge.")))


def _more_columns(
    pricing: Pricing,
    weights: list[float],
    upper: float,
    composition: Composition,
    compositions: list[Composition],
    known: set[Composition],
) -> None:
    """Look for a few more improving compositions by making the last one's people lighter.

    Each LP solve is dearer than a pricing MIP, so adding several columns per LP saves time.
    """
    sizes = pricing.sizes
    lighter = list(weights)
    for _ in range(EXTRA_COLUMNS):
        for t, c in enumerate(composition):
            if c:
                lighter[t] *= 1.0 - (1.0 - EXTRA_DECAY) * c / sizes[t]
        found = pricing.best(lighter)
        assert found is not None
        composition = found[0]
        if composition in known or _worth(composition, weights, sizes) <= upper + PRICING_TOLERANCE:
            return
        compositions.append(composition)
        known.add(composition)


def _by_type(
    compositions: Sequence[Composition], sizes: Sequence[int]
) -> list[list[tuple[int, float]]]:
    """For each type, the (column, share of the type's people on it) of the compositions."""
    shares: list[list[tuple[int, float]]] = [[] for _ in sizes]
    for column, composition in enumerate(compositions):
        for t, c in enumerate(composition):
            if c:
                shares[t].append((column, c / sizes[t]))
    return shares


def _primal(
    solver: Solver,
    compositions: Sequence[Composition],
    sizes: Sequence[int],
    targets: dict[int, float],
) -> list[float]:
    """Composition probabilities that give each type its target, with the least shortfall."""
    model = LinearModel()
    columns = [model.add_variable() for _ in compositions]
    shortfall = model.add_variable(cost=1.0)
    model.add_row(columns, [1.0] * len(columns), lower=1.0, upper=1.0)
    shares = _by_type(compositions, sizes)
    for t, target in targets.items():
        if target > 0:
            model.add_row(
                [column for column, _ in shares[t]] + [shortfall],
                [share for _, share in shares[t]] + [1.0],
                lower=target,
            )
    solution = solver.solve(model)
    if solution.status != SolveStatus.OPTIMAL:
        raise SolverFailed(Message(N_("The solver could not solve the final LP.")))
    return [max(0.0, value) for value in solution.values[: len(compositions)]]


def _maximin_primal(
    solver: Solver, compositions: Sequence[Composition], sizes: Sequence[int], covered: set[int]
) -> list[float]:
    model = LinearModel(maximize=True)
    columns = [model.add_variable() for _ in compositions]
    level = model.add_variable(cost=1.0, upper=1.0)
    model.add_row(columns, [1.0] * len(columns), lower=1.0, upper=1.0)
    shares = _by_type(compositions, sizes)
    for t in sorted(covered):
        model.add_row(
            [column for column, _ in shares[t]] + [level],
            [share for _, share in shares[t]] + [-1.0],
            lower=0.0,
        )
    solution = solver.solve(model)
    if solution.status != SolveStatus.OPTIMAL:
        raise SolverFailed(Message(N_("The solver could not solve the final LP.")))
    return [max(0.0, value) for value in solution.values[: len(compositions)]]


class _Seating:
    """Which people of one type sit where along the line of compositions (see `expand`).

    `starts[i]`/`lengths[i]` place composition i on [0, 1); `counts[i]` (c) is how many of the
    type's `members` it seats (only 0 < c < size needs sharing out).

    - The compositions with the smallest counts share one *tape*: each brings c rows as long as
      itself, stacked layer by layer (row r of every composition with c > r, largest counts
      first), and person j owns the stretch [jρ, (j+1)ρ) of the tape, ρ being the tape's length
      over the type's size. Counts join the tape while every two rows of a composition stay more
      than ρ apart, so that nobody holds two seats of one panel.
    - The others go by groups of equal count c: the group's compositions are joined into one
      stretch cut into p = size / gcd(c, size) equal windows, the j-th seating people
      jc, ..., jc + c - 1 (modulo size).

    Either way each person sits for the same total length. `cuts` are the points of [0, 1) where
    someone of this type gives up a seat.
    """

    def __init__(
        self,
        members: tuple[int, ...],
        counts: Sequence[int],
        starts: Sequence[float],
        lengths: Sequence[float],
    ) -> None:
        self.members = members
        self.counts = counts
        size = len(members)
        fractional = [i for i, c in enumerate(counts) if 0 < c < size]
        values = sorted({counts[i] for i in fractional})
        taken = 0
        while taken < len(values) and self._layers_apart(
            [i for i in fractional if counts[i] <= values[taken]], lengths
        ):
            taken += 1
        on_tape = [i for i in fractional if counts[i] <= values[taken - 1]] if taken else []
        self.cuts: list[float] = []
        self.rows: dict[int, list[float]] = {}
        self.rho = sum(counts[i] * lengths[i] for i in on_tape) / size if on_tape else 1.0
        position = 0.0
        for layer in range(max((counts[i] for i in on_tape), default=0)):
            for i in sorted(on_tape, key=lambda i: -counts[i]):
                if counts[i] > layer:
                    self.rows.setdefault(i, []).append(position)
                    step = floor(position / self.rho) + 1
                    while step * self.rho < position + lengths[i]:
                        self.cuts.append(starts[i] + step * self.rho - position)
                        step += 1
                    position += lengths[i]
        self.groups: dict[int, tuple[float, int, float]] = {}  # i -> (offset, period, total)
        for value in values[taken:]:
            group = [i for i in fractional if counts[i] == value]
            total = sum(lengths[i] for i in group)
            period = size // gcd(value, size)
            offset = 0.0
            boundaries = [(j * total / period) for j in range(1, period)]
            for i in group:
                self.groups[i] = (offset, period, total)
                self.cuts.extend(
                    starts[i] + b - offset for b in boundaries if offset < b < offset + lengths[i]
                )
                offset += lengths[i]

    def _layers_apart(self, chosen: list[int], lengths: Sequence[float]) -> bool:
        """Whether on one tape every two rows of a composition are more than ρ apart."""
        rho = sum(self.counts[i] * lengths[i] for i in chosen) / len(self.members)
        top = max(self.counts[i] for i in chosen)
        return all(
            sum(lengths[i] for i in chosen if self.counts[i] > layer) > rho + 1e-9
            for layer in range(top - 1)
        )

    def seated(self, i: int, offset: float) -> list[int]:
        """The people of this type on composition i at `offset` into its stretch."""
        count, size = self.counts[i], len(self.members)
        if count == 0:
            return []
        if count == size:
            return list(self.members)
        if i in self.rows:
            return [
                self.members[min(size - 1, int((row + offset) / self.rho))] for row in self.rows[i]
            ]
        start, period, total = self.groups[i]
        window = min(period - 1, int((start + offset) * period / total))
        return [self.members[(window * count + s) % size] for s in range(count)]


def expand(
    types: PersonTypes,
    compositions: Sequence[Composition],
    weights: Sequence[float],
    people: int,
) -> Distribution:
    """Panels of people from compositions, each person of a type getting the same chance.

    The compositions are laid end to end on [0, 1), each as long as its probability; a uniform
    u in [0, 1) then picks a composition and, for each type, which of its people take the seats.
    Every type shares its seats out so that each of its people sits for the same total length
    and never twice at the same u (`_Seating`); the points where some type changes hands cut the
    line into pieces, and each piece is one panel with its length as probability. This gives
    about one panel per composition plus one per person, instead of a rotation of every type
    inside every composition.
    """
    kept = [(c, w) for c, w in zip(compositions, weights, strict=True) if w > 1e-9]
    total = sum(w for _, w in kept)
    lengths = [w / total for _, w in kept]
    starts: list[float] = []
    position = 0.0
    for length in lengths:
        starts.append(position)
        position += length
    seatings = [
        _Seating(members, [c[t] for c, _ in kept], starts, lengths)
        for t, members in enumerate(types.members)
    ]
    cuts = sorted({*starts, position, *(cut for s in seatings for cut in s.cuts)})
    points = [cuts[0]]
    for cut in cuts[1:]:
        if cut > points[-1] + CUT_TOLERANCE:
            points.append(cut)
    pieces: dict[Panel, float] = {}
    for low, high in pairwise(points):
        middle = (low + high) / 2
        i = max(0, bisect_right(starts, middle) - 1)
        panel = tuple(sorted(p for s in seatings for p in s.seated(i, middle - starts[i])))
        if len(set(panel)) != sum(kept[i][0]):
            return _rotate_each(types, kept, people)  # never expected: the safe way instead
        pieces[panel] = pieces.get(panel, 0.0) + (high - low)
    return _marginals(pieces, people)


def _marginals(pieces: dict[Panel, float], people: int) -> Distribution:
    total = sum(pieces.values())
    panels = sorted(pieces)
    probabilities = [0.0] * people
    for members_of in panels:
        for index in members_of:
            probabilities[index] += pieces[members_of] / total
    return Distribution(
        tuple(panels),
        tuple(pieces[members_of] / total for members_of in panels),
        tuple(probabilities),
    )


def _rotate_each(
    types: PersonTypes, kept: Sequence[tuple[Composition, float]], people: int
) -> Distribution:
    """Each composition on its own: a type seating c of its s people takes, with p = s / gcd(c, s),
    the j-th of p equally likely windows jc, ..., jc + c - 1 (modulo s); the types' windows are
    combined by one uniform u (type t takes window floor(u p_t)). Exact, but many more panels."""
    pieces: dict[Panel, float] = {}
    for composition, weight in kept:
        periods: dict[int, int] = {}
        cuts = {Fraction(0), Fraction(1)}
        for t, c in enumerate(composition):
            size = len(types.members[t])
            if 0 < c < size:
                period = size // gcd(c, size)
                periods[t] = period
                cuts.update(Fraction(j, period) for j in range(1, period))
        ordered = sorted(cuts)
        for start, stop in pairwise(ordered):
            panel: list[int] = []
            for t, c in enumerate(composition):
                if not c:
                    continue
                members = types.members[t]
                if t not in periods:
                    panel.extend(members)
                    continue
                first = (start.numerator * periods[t] // start.denominator) * c
                panel.extend(members[(first + s) % len(members)] for s in range(c))
            key = tuple(sorted(panel))
            pieces[key] = pieces.get(key, 0.0) + weight * float(stop - start)
    return _marginals(pieces, people)


def leximin(
    instance: Instance,
    solver: Solver,
    *,
    progress: Progress | None = None,
    on_progress: OnProgress | None = None,
    trace: Progress | None = None,
) -> Distribution:
    """The LEXIMIN distribution over valid panels.

    `on_progress(settled, total)` is called as people are settled (total: the pool's size), first
    with 0 and last with total; `trace` receives a line per column-generation round.
    """
    people = len(instance.pool)
    if on_progress is not None:
        on_progress(0, people)
    types = person_types(instance)
    sizes = types.sizes
    pricing = Pricing(solver, instance, types)
    compositions, covered = initial_portfolio(pricing)
    known = set(compositions)
    dual = _Dual(solver, sizes)
    count = len(sizes)
    fixed: dict[int, float] = {t: 0.0 for t in range(count) if t not in covered}
    while len(fixed) < count:
        value, weights = _settle_level(dual, pricing, compositions, known, fixed, trace)
        newly = [t for t in range(count) if t not in fixed and weights[t] > POSITIVE_WEIGHT]
        if not newly:  # numerical corner: settle the largest weight
            newly = [max((t for t in range(count) if t not in fixed), key=lambda t: weights[t])]
        for t in newly:
            fixed[t] = max(0.0, value)
        settled = sum(sizes[t] for t in fixed)
        if progress is not None:
            progress(f"{settled}/{people} settled at {value:.6f}, {len(compositions)} panels")
        if on_progress is not None and settled < people:
            on_progress(settled, people)
    weights = _primal(solver, compositions, sizes, fixed)
    distribution = replace(
        expand(types, compositions, weights, people),
        types=TypePortfolio(types.members, tuple(compositions), tuple(weights)),
    )
    if on_progress is not None:
        on_progress(people, people)
    return distribution


def maximin(
    instance: Instance,
    solver: Solver,
    *,
    progress: Progress | None = None,
    on_progress: OnProgress | None = None,
) -> Distribution:
    """The MAXIMIN distribution: the smallest probability as large as possible, nothing more.

    `on_progress(done, total)` is called with 0 first and total last (total: the pool's size).
    """
    people = len(instance.pool)
    if on_progress is not None:
        on_progress(0, people)
    types = person_types(instance)
    sizes = types.sizes
    pricing = Pricing(solver, instance, types)
    compositions, covered = initial_portfolio(pricing)
    known = set(compositions)
    fixed = {t: 0.0 for t in range(len(sizes)) if t not in covered}
    if len(fixed) < len(sizes):
        value, _ = _settle_level(_Dual(solver, sizes), pricing, compositions, known, fixed)
        if progress is not None:
            progress(f"minimum {value:.6f}, {len(compositions)} panels")
    weights = _maximin_primal(solver, compositions, sizes, covered)
    distribution = replace(
        expand(types, compositions, weights, people),
        types=TypePortfolio(types.members, tuple(compositions), tuple(weights)),
    )
    if on_progress is not None:
        on_progress(people, people)
    return distribution
