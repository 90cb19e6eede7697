"""The pricing search takes its LP relaxation's vertex when it is integral and the MIP otherwise:
either way the composition it returns is valid and as heavy as the MIP's own optimum."""

from __future__ import annotations

import random

import pytest

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.leximin import Pricing, composition_model, person_types
from balise.domain.panels.synthetic import belgium


def test_every_search_finds_the_optimum_of_the_mip() -> None:
    instance = belgium(3, people=400, size=30)
    types = person_types(instance)
    solver = HighsSolver()
    pricing = Pricing(solver, instance, types)
    rng = random.Random(7)
    integral = fractional = 0
    for _ in range(40):
        weights = [rng.random() ** 3 * size for size in types.sizes]
        found = pricing.best(weights)
        assert found is not None
        composition, worth = found
        costs = [weight / size for weight, size in zip(weights, types.sizes, strict=True)]
        reference = solver.solve(composition_model(instance, types, costs))
        assert worth == pytest.approx(reference.objective, rel=1e-9, abs=1e-12)
        assert sum(composition) == instance.size
        for quota in instance.quotas.quotas:
            column = types.categories.index(quota.category)
            seated = sum(
                c for t, c in enumerate(composition) if types.values[t][column] == quota.value
            )
            assert quota.minimum <= seated <= quota.maximum
        relaxed = composition_model(instance, types, costs)
        relaxed.integer = [False] * len(costs)
        vertex = solver.solve(relaxed).values
        if all(abs(v - round(v)) < 1e-9 for v in vertex):
            integral += 1
        else:
            fractional += 1
    assert integral > 0  # both paths were taken
    assert fractional > 0
