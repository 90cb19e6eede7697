"""Replacements after the draw: quotas kept where the pool allows, an order anyone can redo."""

from __future__ import annotations

import hashlib

import pytest

from balise.domain.panels.model import Instance, Person, Pool, Quota, Quotas
from balise.domain.panels.replacements import (
    DOMAIN_TAG,
    Replacement,
    candidate_order,
    check_replacements,
    choose_replacement,
    current_members,
    quota_distance,
)
from balise.domain.shared.errors import ValidationError

MATERIAL = b'{"commitment":"c0ffee","public_value":"12 34 56","secrets":["s1"]}'


def instance(people: dict[str, str], women: tuple[int, int], men: tuple[int, int]) -> Instance:
    return Instance(
        Pool(tuple(Person(pid, {"gender": gender}) for pid, gender in people.items())),
        Quotas(
            (
                Quota("gender", "F", women[0], women[1]),
                Quota("gender", "M", men[0], men[1]),
            )
        ),
        size=2,
    )


POOL = {"a": "F", "b": "M", "c": "F", "d": "M", "e": "M", "f": "F"}


def test_the_order_is_the_sha256_of_the_draw_the_position_and_the_id() -> None:
    def digest(pid: str) -> str:
        return hashlib.sha256(DOMAIN_TAG + MATERIAL + f"\n1\n{pid}".encode()).hexdigest()

    expected = sorted(["c", "d", "e", "f"], key=digest)
    assert candidate_order(MATERIAL, 1, ["c", "d", "e", "f"]) == expected
    assert candidate_order(MATERIAL, 2, ["c", "d", "e", "f"]) != expected


def test_a_man_who_leaves_is_replaced_by_the_first_man_in_the_order() -> None:
    panel = instance(POOL, women=(1, 1), men=(1, 1))
    found = choose_replacement(panel, material=MATERIAL, drawn=["a", "b"], earlier=[], dropped="b")
    first_man = next(
        pid for pid in candidate_order(MATERIAL, 1, ["c", "d", "e", "f"]) if POOL[pid] == "M"
    )
    assert found == Replacement(1, "b", first_man, quotas_kept=True)
    assert current_members(["a", "b"], [found]) == ["a", first_man]


def test_when_the_pool_cannot_keep_the_quotas_the_least_broken_panel_is_said_so() -> None:
    only_women_left = {"a": "F", "b": "M", "c": "F", "f": "F"}
    panel = instance(only_women_left, women=(1, 1), men=(1, 1))
    found = choose_replacement(panel, material=MATERIAL, drawn=["a", "b"], earlier=[], dropped="b")
    assert found.quotas_kept is False
    assert found.chosen == candidate_order(MATERIAL, 1, ["c", "f"])[0]
    # two women, no man: one above the women's range, one below the men's
    assert quota_distance(panel, ["a", found.chosen]) == 2


def test_nobody_who_was_on_the_panel_comes_back() -> None:
    panel = instance(POOL, women=(0, 2), men=(0, 2))
    first = choose_replacement(panel, material=MATERIAL, drawn=["a", "b"], earlier=[], dropped="b")
    second = choose_replacement(
        panel, material=MATERIAL, drawn=["a", "b"], earlier=[first], dropped="a"
    )
    assert second.position == 2
    assert second.chosen not in {"a", "b", first.chosen}


def test_an_empty_pool_gives_no_replacement() -> None:
    panel = instance({"a": "F", "b": "M"}, women=(1, 1), men=(1, 1))
    found = choose_replacement(panel, material=MATERIAL, drawn=["a", "b"], earlier=[], dropped="a")
    assert found == Replacement(1, "a", None, quotas_kept=False)


def test_only_a_member_can_drop_out() -> None:
    panel = instance(POOL, women=(1, 1), men=(1, 1))
    with pytest.raises(ValidationError) as raised:
        choose_replacement(panel, material=MATERIAL, drawn=["a", "b"], earlier=[], dropped="c")
    assert "dropped" in raised.value.errors


def test_a_published_replacement_that_was_chosen_by_hand_is_caught() -> None:
    panel = instance(POOL, women=(1, 1), men=(1, 1))
    honest = choose_replacement(panel, material=MATERIAL, drawn=["a", "b"], earlier=[], dropped="b")
    other_man = next(pid for pid in ("d", "e") if pid != honest.chosen)
    forged = Replacement(1, "b", other_man, quotas_kept=True)
    assert (
        check_replacements(panel, material=MATERIAL, drawn=["a", "b"], replacements=[honest]) == []
    )
    assert check_replacements(
        panel, material=MATERIAL, drawn=["a", "b"], replacements=[forged]
    ) == [f"replacement 1: expected {honest.chosen}"]
