"""Rounding a distribution over panels to a uniform lottery over M numbered panels.

A portfolio gives panel P the probability λ_P; a lottery gives it m_P / M with whole m_P summing to
M, so that the final draw is "pick one of M numbered panels" (the idea of Flanigan, Kehne and
Procaccia, "Fair sortition made transparent", 2021). Each m_P is ⌊M λ_P⌋ or ⌈M λ_P⌉, so no panel's
weight moves by more than one ticket. We start from the largest remainders, then move single tickets
from a rounded-up panel to a rounded-down one while that lowers the largest change of anyone's
selection probability (ties broken by the sum of squared changes). The search is deterministic, so
the same portfolio always gives the same table. Every panel of the lottery comes from the portfolio,
so every ticket is a panel that meets the quotas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from balise.domain.panels.leximin import Distribution, Panel
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

DEFAULT_LOTTERY_SIZE = 1_000
MAX_MOVES = 2_000
CANDIDATES = 64


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
