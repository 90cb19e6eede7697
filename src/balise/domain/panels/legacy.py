"""The LEGACY greedy algorithm, as used by sortition organisations before LEXIMIN; for comparison.

One draw: while the panel is not full, take the quota (category = value) whose unmet minimum is
largest compared with the people still available for it, and pick one of those people uniformly at
random; whenever a quota reaches its maximum, everyone else with that value leaves the pool. A draw
that gets stuck starts again. Selection probabilities are estimated from many seeded draws.
"""

from __future__ import annotations

import random
from collections import Counter

from balise.domain.panels.leximin import Distribution, QuotasInfeasible
from balise.domain.panels.model import Instance
from balise.domain.shared.i18n import N_, Message

ATTEMPTS = 1_000


def legacy_draw(instance: Instance, rng: random.Random) -> tuple[int, ...]:
    """One LEGACY panel (sorted person indices); raises QuotasInfeasible after many failures."""
    for _ in range(ATTEMPTS):
        panel = _attempt(instance, rng)
        if panel is not None:
            return panel
    raise QuotasInfeasible(
        Message(N_("The greedy algorithm found no panel that meets every quota."))
    )


Key = tuple[str, str]


def _most_urgent(
    keys: list[Key],
    bounds: dict[Key, tuple[int, int]],
    left: Counter[Key],
    selected: Counter[Key],
) -> Key | None:
    """The quota whose unmet minimum is largest for the people left; None when stuck."""
    best: tuple[float, Key] | None = None
    for key in keys:
        minimum = bounds[key][0]
        if not left[key]:
            if selected[key] < minimum:
                return None
            continue
        ratio = (minimum - selected[key]) / left[key]
        if ratio > 1:
            return None
        if best is None or ratio > best[0]:
            best = (ratio, key)
    return None if best is None else best[1]


def _attempt(instance: Instance, rng: random.Random) -> tuple[int, ...] | None:
    quotas = instance.quotas.quotas
    categories = instance.quotas.categories
    values = [
        [(category, person.features[category]) for category in categories]
        for person in instance.pool.people
    ]
    keys = [quota.key for quota in quotas]
    bounds = {quota.key: (quota.minimum, quota.maximum) for quota in quotas}
    available: dict[Key, list[int]] = {key: [] for key in keys}
    for index, person_keys in enumerate(values):
        for key in person_keys:
            available[key].append(index)
    remaining = set(range(len(values)))
    left: Counter[Key] = Counter({key: len(members) for key, members in available.items()})
    selected: Counter[Key] = Counter()
    chosen: list[int] = []

    def leave(indices: list[int]) -> None:
        for index in indices:
            if index in remaining:
                remaining.discard(index)
                for key in values[index]:
                    left[key] -= 1

    for quota in quotas:  # a maximum of 0 removes its people at once
        if quota.maximum == 0:
            leave(available[quota.key])
    while len(chosen) < instance.size:
        urgent = _most_urgent(keys, bounds, left, selected)
        if urgent is None:
            return None
        pick = rng.choice([index for index in available[urgent] if index in remaining])
        chosen.append(pick)
        leave([pick])
        for key in values[pick]:
            selected[key] += 1
            if selected[key] >= bounds[key][1]:
                leave(available[key])
    if any(not bounds[key][0] <= selected[key] <= bounds[key][1] for key in keys):
        return None
    return tuple(sorted(chosen))


def legacy(instance: Instance, *, draws: int = 1_000, seed: int = 0) -> Distribution:
    """The empirical distribution of `draws` seeded LEGACY draws."""
    rng = random.Random(seed)  # noqa: S311 - seeded and reproducible by design, not a secret
    counts: Counter[tuple[int, ...]] = Counter(legacy_draw(instance, rng) for _ in range(draws))
    panels = tuple(sorted(counts))
    weights = tuple(counts[panel] / draws for panel in panels)
    probabilities = [0.0] * len(instance.pool)
    for panel, weight in zip(panels, weights, strict=True):
        for index in panel:
            probabilities[index] += weight
    return Distribution(panels, weights, tuple(probabilities))
