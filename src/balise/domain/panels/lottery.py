"""Rounding a distribution over panels to a uniform lottery over M numbered panels.

A portfolio gives panel P the probability λ_P; a lottery gives it m_P / M with whole m_P summing to
M, so that the final draw is "pick one of M numbered panels" (the idea of Flanigan, Kehne and
Procaccia, "Fair sortition made transparent", 2021). Each m_P is ⌊M λ_P⌋ or ⌈M λ_P⌉, so no panel's
weight moves by more than one ticket. We start from the largest remainders, then move single tickets
from a rounded-up panel to a rounded-down one while that lowers the largest change of anyone's
selection probability (ties broken by the sum of squared changes). The search is deterministic, so
the same portfolio always gives the same table. Every panel of the lottery comes from the portfolio,
so every ticket is a panel that meets the quotas.

When the portfolio comes from the type-level algorithms (LEXIMIN, MAXIMIN), we round the
*compositions* instead (`round_types_to_lottery`), and each ticket is a composition whose seats
are then given to people. Within a type the seats go round its people: ticket after ticket, the
next c_jt people of the type (cyclically) take the seats, so if the type's s_t people hold S_t seats
over the M tickets, each holds ⌊S_t / s_t⌋ or ⌈S_t / s_t⌉ tickets, and nobody sits twice on one
panel (c_jt <= s_t). Against the portfolio's M p_t tickets, everyone of type t therefore loses at
most one ticket exactly when S_t >= R_t = s_t ⌈M p_t - 1⌉ (the type's *need*).

With a `CompositionSearch` (the quota MIP, lottery_columns.py) every need is met as follows. Each
composition first gets its largest-remainder share of M λ_j tickets. While some type is short of
its need, one ticket of a composition j in use is handed to a new composition found by the MIP:
each short type keeps at least its c_jt seats and wins as many of its missing seats as it can, and
every other type keeps at least c_jt minus its spare seats (S_t - R_t), so nobody drops below their
need. The tickets with the most seats on types with spare seats are tried first. Once every need
is met, the same moves push the worst loss lower (the types losing most ask for one more ticket
each) while they succeed and a counted budget of MIPs lasts. If the needs cannot be met within
the budget, the better of that result and the local search below is kept; either way the published
`worst_loss` says what was reached.

Without a search, composition j gets m_j tickets, ⌊M λ_j⌋ or ⌈M λ_j⌉ (within `BAND`), chosen by
single-ticket moves so that each type's seats come as close as possible to its share (per
person); the least served person may then lose more than one ticket.

Either way every ticket has the type counts of a valid composition, so it meets every quota, and
the same input (and solver) always gives the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from balise.domain.panels.leximin import Composition, Distribution, Panel, TypePortfolio
from balise.domain.panels.record import DEFAULT_LOTTERY_SIZE
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

MAX_MOVES = 2_000
CANDIDATES = 64
BAND = 2  # how far a composition's tickets may stray from M λ (type-level rounding)
MAX_SEARCHES = 300  # MIPs the type-level rounding may spend meeting the needs, then lowering
TIGHTER_CANDIDATES = 16  # tickets tried per move once the needs are met
NEED_TOLERANCE = 1e-7  # in tickets: a share of 79.0000000001 asks for 78, not 79


class CompositionSource(Protocol):
    """Valid compositions on demand (`lottery_columns.CompositionSearch`)."""

    @property
    def members(self) -> tuple[tuple[int, ...], ...]: ...

    def best(
        self, values: Sequence[float], lower: Sequence[int], upper: Sequence[int]
    ) -> Composition | None: ...


@dataclass(frozen=True)
class Lottery:
    """Distinct panels with how many of the M numbered tickets each one gets."""

    panels: tuple[Panel, ...]
    counts: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.panels) != len(self.counts) or any(count < 1 for count in self.counts):
            raise ValidationError.single(
                "lottery", N_("Each panel of the lottery needs at least one ticket.")
            )

    @property
    def size(self) -> int:
        return sum(self.counts)

    def tickets(self) -> list[Panel]:
        """The M numbered panels: ticket number t (from 1) is `tickets()[t - 1]`."""
        return [
            panel
            for panel, count in zip(self.panels, self.counts, strict=True)
            for _ in range(count)
        ]

    def probabilities(self, people: int) -> list[float]:
        result = [0.0] * people
        for panel, count in zip(self.panels, self.counts, strict=True):
            for index in panel:
                result[index] += count / self.size
        return result


def _largest_remainders(weights: np.ndarray, size: int) -> np.ndarray:
    scaled = weights * size
    counts: np.ndarray = np.floor(scaled).astype(np.int64)
    missing = size - int(counts.sum())
    order = sorted(range(len(weights)), key=lambda i: (-(scaled[i] - counts[i]), i))
    for index in order[:missing]:
        counts[index] += 1
    return counts


def _score(deviation: np.ndarray) -> tuple[float, float]:
    return (round(float(np.max(np.abs(deviation))), 12), float(np.sum(deviation**2)))


def round_to_lottery(
    distribution: Distribution, people: int, *, size: int = DEFAULT_LOTTERY_SIZE
) -> Lottery:
    """The lottery over `size` tickets close to the distribution; every panel stays valid."""
    if size < 1:
        raise ValidationError.single("lottery", N_("The lottery needs at least one ticket."))
    weights = np.array(distribution.panel_probabilities, dtype=float)
    weights = weights / weights.sum()
    counts = _largest_remainders(weights, size)
    floors = np.floor(weights * size).astype(np.int64)
    can_rise = weights * size - floors > 1e-9
    members = np.zeros((len(weights), people))
    for row, panel in enumerate(distribution.panels):
        members[row, list(panel)] = 1.0
    target = members.T @ weights
    deviation = members.T @ counts / size - target
    for _ in range(MAX_MOVES):
        current = _score(deviation)
        worst = int(np.argmax(np.abs(deviation)))
        too_high = deviation[worst] > 0
        up = np.flatnonzero((counts > floors) & ((members[:, worst] > 0) == too_high))
        down = np.flatnonzero(can_rise & (counts == floors) & ((members[:, worst] > 0) != too_high))
        if len(up) == 0 or len(down) == 0:
            break
        up, down = up[:CANDIDATES], down[:CANDIDATES]
        trial = (
            deviation[None, None, :]
            - members[up][:, None, :] / size
            + members[down][None, :, :] / size
        )
        worst_after = np.round(np.max(np.abs(trial), axis=2), 12)
        squares = np.sum(trial**2, axis=2)
        best = min(
            (
                (worst_after[a, b], squares[a, b], a, b)
                for a in range(len(up))
                for b in range(len(down))
            ),
        )
        if (best[0], best[1]) >= current:
            break
        a, b = int(up[best[2]]), int(down[best[3]])
        counts[a] -= 1
        counts[b] += 1
        deviation = deviation + (members[b] - members[a]) / size
    kept = [
        (panel, int(count))
        for panel, count in zip(distribution.panels, counts, strict=True)
        if count > 0
    ]
    return Lottery(tuple(panel for panel, _ in kept), tuple(count for _, count in kept))


def worst_loss(exact: Sequence[float], rounded: Sequence[float], size: int) -> float:
    """Tickets the least served person loses in the lottery against the portfolio.

    max over people of M (p_i - r_i), with p_i the portfolio's probability and r_i the lottery's;
    0 or less when nobody loses anything. Published with each lottery (`LotteryResult`).
    """
    return max(((p - r) * size for p, r in zip(exact, rounded, strict=True)), default=0.0)


def round_types_to_lottery(
    portfolio: TypePortfolio,
    people: int,
    *,
    size: int = DEFAULT_LOTTERY_SIZE,
    search: CompositionSource | None = None,
) -> Lottery:
    """The lottery over `size` tickets from a type-level portfolio (see the module docstring).

    With `search` (for the same types as the portfolio) new compositions may be used so that
    nobody loses more than one ticket; without it the portfolio's compositions are rounded.
    """
    if size < 1:
        raise ValidationError.single("lottery", N_("The lottery needs at least one ticket."))
    kept = [
        (composition, weight)
        for composition, weight in zip(portfolio.compositions, portfolio.weights, strict=True)
        if weight > 1e-9
    ]
    weights = np.array([weight for _, weight in kept], dtype=float)
    weights = weights / weights.sum()
    sizes = np.array([max(1, len(members)) for members in portfolio.members], dtype=np.int64)
    seats = np.array([composition for composition, _ in kept], dtype=np.int64)
    if search is not None and tuple(search.members) == tuple(portfolio.members):
        seats, counts = _meet_needs(weights, seats, sizes, size, search)
    else:
        counts = _type_counts(weights, seats, sizes.astype(float), size, BAND)
    pointers = [0] * len(portfolio.members)
    tickets: dict[Panel, int] = {}
    for composition, count in zip(seats.tolist(), counts.tolist(), strict=True):
        for _ in range(count):
            seated: list[int] = []
            for t, taken in enumerate(composition):
                members = portfolio.members[t]
                seated.extend(members[(pointers[t] + i) % len(members)] for i in range(taken))
                if taken:
                    pointers[t] = (pointers[t] + taken) % len(members)
            panel = tuple(sorted(seated))
            tickets[panel] = tickets.get(panel, 0) + 1
    panels = sorted(tickets)
    return Lottery(tuple(panels), tuple(tickets[panel] for panel in panels))


def type_needs(weights: np.ndarray, seats: np.ndarray, sizes: np.ndarray, size: int) -> np.ndarray:
    """R_t = s_t ⌈M p_t - 1⌉: the seats type t needs over `size` tickets so that none of its people
    loses more than one ticket against the portfolio (`weights[j]` is λ_j, `seats[j, t]` c_jt)."""
    share = (seats.T @ weights) * size / sizes  # M p_t, tickets per person of type t
    needs: np.ndarray = sizes * np.maximum(0, np.ceil(share - 1 - NEED_TOLERANCE)).astype(np.int64)
    return needs


def _meet_needs(
    weights: np.ndarray,
    seats: np.ndarray,
    sizes: np.ndarray,
    size: int,
    search: CompositionSource,
) -> tuple[np.ndarray, np.ndarray]:
    """Compositions (rows, the portfolio's first) and their tickets meeting every type's need.

    Largest remainders first, then `_repair` (see the module docstring); falls back on the local
    search if the needs stay out of reach. Once they are met, the worst loss is pushed lower while
    the budget of searches lasts: the types that lose the most ask for one more ticket each, and
    everyone else for at least what keeps them below that loss.
    """
    share = (seats.T @ weights) * size / sizes
    tickets = _Tickets(seats, _largest_remainders(weights, size))
    budget = _Budget(MAX_SEARCHES)
    if not _repair(tickets, type_needs(weights, seats, sizes, size), sizes, search, budget):
        fallback = _type_counts(weights, seats, sizes.astype(float), size, BAND)
        if _worst_shortfall(seats.T @ fallback, share, sizes) < _worst_shortfall(
            tickets.total, share, sizes
        ):
            return seats, fallback
        return tickets.seats, tickets.counts
    while (loss := _worst_shortfall(tickets.total, share, sizes)) > 0:
        stricter = sizes * np.maximum(0, np.ceil(share - loss + NEED_TOLERANCE)).astype(np.int64)
        if np.all(tickets.total >= stricter):
            break  # rounding noise: the worst types already have their next ticket
        trial = _Tickets(tickets.seats, tickets.counts.copy())
        if not _repair(trial, stricter, sizes, search, budget, candidates=TIGHTER_CANDIDATES):
            break
        tickets = trial
    return tickets.seats, tickets.counts


class _Budget:
    """The searches left to spend (counted, so that the result never depends on the clock)."""

    def __init__(self, searches: int) -> None:
        self.left = searches

    def spend(self) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return True


class _Tickets:
    """Compositions (rows of `seats`) with their tickets, and each type's seats over them."""

    def __init__(self, seats: np.ndarray, counts: np.ndarray) -> None:
        self.seats = seats
        self.counts = counts
        self.total: np.ndarray = seats.T @ counts
        rows = [tuple(int(c) for c in row) for row in seats.tolist()]
        self.known = {row: j for j, row in reversed(list(enumerate(rows)))}  # first duplicate

    def move(self, source: int, composition: Composition) -> None:
        """One ticket of composition `source` goes to `composition`."""
        if composition not in self.known:
            self.known[composition] = len(self.seats)
            self.seats = np.vstack([self.seats, np.array(composition, dtype=np.int64)])
            self.counts = np.append(self.counts, 0)
        target = self.known[composition]
        self.counts[source] -= 1
        self.counts[target] += 1
        self.total = self.total - self.seats[source] + self.seats[target]


def _repair(
    tickets: _Tickets,
    needs: np.ndarray,
    sizes: np.ndarray,
    search: CompositionSource,
    budget: _Budget,
    *,
    candidates: int = CANDIDATES,
) -> bool:
    """Move single tickets to compositions from `search` until every type has its `needs`.

    Each move keeps every type at or above its need (or its seats, if short) and gives a short
    type more seats; the tickets with most seats on types with spare seats are tried first.
    Whether every need was met within the budget.
    """
    while True:
        short = np.maximum(0, needs - tickets.total)
        if not short.any():
            return True
        spare = np.maximum(0, tickets.total - needs)
        used = np.flatnonzero(tickets.counts > 0)
        freedom = np.minimum(tickets.seats[used], spare).sum(axis=1)
        values = (short > 0).astype(float).tolist()
        for j in used[np.argsort(-freedom, kind="stable")][:candidates]:
            if not budget.spend():
                return False
            old = tickets.seats[j]
            lower = np.where(short > 0, old, np.maximum(0, old - spare))
            upper = np.where(short > 0, np.minimum(sizes, old + short), sizes)
            found = search.best(values, lower.tolist(), upper.tolist())
            if found is not None and np.any((np.array(found) > old) & (short > 0)):
                tickets.move(int(j), found)
                break
        else:
            return False


def _worst_shortfall(total: np.ndarray, goal: np.ndarray, sizes: np.ndarray) -> float:
    """The most tickets anyone holds below their share, with `total[t]` seats for type t."""
    return float(np.max(goal - np.floor(total / sizes + 1e-9)))


def _type_counts(
    weights: np.ndarray, seats: np.ndarray, sizes: np.ndarray, size: int, band: int
) -> np.ndarray:
    """Whole tickets per composition keeping everyone's number of tickets close to their share.

    `seats[j, t]` is c_jt, `sizes[t]` is s_t. With S_t seats over the tickets the people of type t
    hold ⌊S_t / s_t⌋ or ⌈S_t / s_t⌉ tickets, against M p_t (p_t: the portfolio's probability for
    the type). Starting from the largest remainders, single tickets move from one composition to
    another (each staying within `band` tickets of M λ_j) while that lowers, in this order, the
    largest shortfall M p_t - ⌊S_t / s_t⌋ (what the least served person loses), the largest excess
    ⌈S_t / s_t⌉ - M p_t, and the sum of squared gaps of the types' mean tickets. The candidates are
    the compositions that move the worst type most.
    """
    counts = _largest_remainders(weights, size)
    scaled = weights * size
    lowest = np.maximum(0, np.floor(scaled).astype(np.int64) - band)
    highest = np.ceil(scaled - 1e-9).astype(np.int64) + band
    goal = (seats.T @ weights) * size / sizes  # M p_t, tickets per person of type t
    total = seats.T @ counts

    def scores(total: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        mean = total / sizes
        short = np.round(goal - np.floor(mean + 1e-9), 9)
        over = np.round(np.ceil(mean - 1e-9) - goal, 9)
        return short, over, (mean - goal) ** 2

    for _ in range(MAX_MOVES):
        short, over, squares = scores(total)
        current = (float(short.max()), float(over.max()), float(squares.sum()))
        move = None
        for worst, sign in ((int(np.argmax(short)), 1), (int(np.argmax(over)), -1)):
            move = _best_move(counts, lowest, highest, seats, total, worst, sign, scores, current)
            if move is not None:
                break
        if move is None:
            break
        first, second = move
        counts[first] -= 1
        counts[second] += 1
        total = total - seats[first] + seats[second]
    return counts


Scores = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]


def _best_move(
    counts: np.ndarray,
    lowest: np.ndarray,
    highest: np.ndarray,
    seats: np.ndarray,
    total: np.ndarray,
    worst: int,
    sign: int,
    scores: Scores,
    current: tuple[float, float, float],
) -> tuple[int, int] | None:
    """The best single-ticket move among those that give type `worst` more seats (sign 1) or
    fewer (sign -1), if it beats `current`."""
    up = np.flatnonzero(counts > lowest)
    down = np.flatnonzero(counts < highest)
    if len(up) == 0 or len(down) == 0:
        return None
    up = up[np.argsort(sign * seats[up, worst], kind="stable")][:CANDIDATES]
    down = down[np.argsort(-sign * seats[down, worst], kind="stable")][:CANDIDATES]
    trial = total[None, None, :] - seats[up][:, None, :] + seats[down][None, :, :]
    short, over, squares = scores(trial)
    first_key = short.max(axis=2).ravel()
    second_key = over.max(axis=2).ravel()
    third_key = squares.sum(axis=2).ravel()
    best = int(np.lexsort((third_key, second_key, first_key))[0])
    if (float(first_key[best]), float(second_key[best]), float(third_key[best])) >= current:
        return None
    a, b = divmod(best, len(down))
    if int(up[a]) == int(down[b]):
        return None
    return int(up[a]), int(down[b])


def make_lottery(
    distribution: Distribution,
    people: int,
    *,
    size: int = DEFAULT_LOTTERY_SIZE,
    search: CompositionSource | None = None,
) -> Lottery:
    """Type by type when the distribution carries its type-level portfolio (with new compositions
    from `search`, when given), else panel by panel."""
    if distribution.types is not None:
        return round_types_to_lottery(distribution.types, people, size=size, search=search)
    return round_to_lottery(distribution, people, size=size)
