"""People of the same type, and compositions turned back into panels of people."""

from __future__ import annotations

import random

import pytest
from test_panels_support import small_20, tiny

from balise.domain.panels.leximin import PersonTypes, _rotate_each, expand, person_types


def test_people_with_the_same_values_share_a_type() -> None:
    instance = tiny(
        "id,g,a\na,F,y\nb,M,y\nc,F,y\nd,F,o\n",
        "feature,value,min,max\ng,F,0,2\ng,M,0,2\na,y,0,2\na,o,0,2\n",
        2,
    )
    types = person_types(instance)
    assert types.members == ((0, 2), (1,), (3,))
    assert types.values == (("F", "y"), ("M", "y"), ("F", "o"))
    assert types.sizes == [2, 1, 1]


def test_example_small_20_has_three_types() -> None:
    assert sorted(person_types(small_20()).sizes) == [1, 99, 100]


def random_portfolio(
    seed: int,
) -> tuple[PersonTypes, list[tuple[int, ...]], list[float], list[float], int]:
    """Random types, compositions with random counts and weights, and each type's target."""
    draw = random.Random(seed)
    sizes = [draw.choice([1, 1, 2, 3, 4, 5, 7, 9, 12]) for _ in range(draw.randint(3, 12))]
    members: list[tuple[int, ...]] = []
    first = 0
    for size in sizes:
        members.append(tuple(range(first, first + size)))
        first += size
    types = PersonTypes(("x",), tuple((str(t),) for t in range(len(sizes))), tuple(members))
    compositions = [
        tuple(draw.choice([0, 0, 1, size, draw.randint(0, size)]) for size in sizes)
        for _ in range(draw.randint(1, 25))
    ]
    compositions = [c for c in compositions if sum(c)] or [tuple(sizes)]
    weights = [draw.choice([1e-4, 0.01, draw.random()]) for _ in compositions]
    total = sum(weights)
    targets = [
        sum(c[t] * w for c, w in zip(compositions, weights, strict=True)) / total / size
        for t, size in enumerate(sizes)
    ]
    return types, compositions, weights, targets, first


@pytest.mark.parametrize("seed", range(40))
def test_expand_gives_everyone_of_a_type_the_same_chance(seed: int) -> None:
    types, compositions, weights, targets, people = random_portfolio(seed)
    for distribution in (
        expand(types, compositions, weights, people),
        _rotate_each(types, list(zip(compositions, weights, strict=True)), people),
    ):
        assert sum(distribution.panel_probabilities) == pytest.approx(1.0, abs=1e-12)
        sizes = {sum(c) for c in compositions}
        for panel in distribution.panels:
            assert len(set(panel)) == len(panel)
            assert len(panel) in sizes
        for t, members in enumerate(types.members):
            for person in members:
                assert distribution.probabilities[person] == pytest.approx(targets[t], abs=1e-10)


@pytest.mark.parametrize("seed", range(10))
def test_expand_needs_no_more_panels_than_rotating_each_composition(seed: int) -> None:
    types, compositions, weights, _, people = random_portfolio(seed)
    compact = expand(types, compositions, weights, people)
    each = _rotate_each(types, list(zip(compositions, weights, strict=True)), people)
    assert len(compact.panels) <= len(each.panels)
