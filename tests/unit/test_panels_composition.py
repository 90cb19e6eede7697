"""The composition report of a drawn panel, on a hand-computed example."""

from __future__ import annotations

import pytest

from balise.domain.panels.composition import composition
from balise.domain.panels.model import Person, Quota, Quotas


def person(pid: str, gender: str, age: str) -> Person:
    return Person(pid, {"gender": gender, "age": age})


PEOPLE = (
    person("a", "f", "young"),
    person("b", "f", "old"),
    person("c", "m", "young"),
    person("d", "m", "old"),
    person("e", "m", "old"),
    person("f", "f", "young"),
)
QUOTAS = Quotas(
    (
        Quota("gender", "f", 1, 3),
        Quota("gender", "m", 1, 3),
        Quota("age", "young", 2, 2),
        Quota("age", "old", 1, 2),
    )
)


def test_composition_by_hand() -> None:
    # Panel of 4: a (f, young), c (m, young), d (m, old), e (m, old).
    rows = composition(QUOTAS, PEOPLE, ["a", "c", "d", "e"], 4)
    got = {(r.category, r.value): r for r in rows}
    assert [(r.category, r.value) for r in rows] == [
        ("gender", "f"),
        ("gender", "m"),
        ("age", "young"),
        ("age", "old"),
    ]
    # f: 1 of 4 drawn = 25 %; target (1 + 3) / 8 = 50 %, range 25 % to 75 %; 3 volunteers.
    f = got[("gender", "f")]
    assert (f.count, f.achieved_share, f.target_share) == (1, 0.25, 0.5)
    assert (f.target_low, f.target_high, f.volunteers, f.met) == (0.25, 0.75, 3, True)
    # m: 3 of 4 = 75 %, target 50 %.
    assert got[("gender", "m")].achieved_share == 0.75
    # young: a and c = 2 of 4 = 50 %, target (2 + 2) / 8 = 50 %, range exactly 50 %.
    young = got[("age", "young")]
    assert (young.count, young.achieved_share, young.target_share) == (2, 0.5, 0.5)
    assert (young.target_low, young.target_high) == (0.5, 0.5)
    # old: d and e = 2 of 4, target (1 + 2) / 8 = 37.5 %, within 25 % to 50 %.
    old = got[("age", "old")]
    assert old.target_share == pytest.approx(0.375)
    assert old.to_json() == {
        "category": "age",
        "value": "old",
        "min": 1,
        "max": 2,
        "target_share": 0.375,
        "target_range": [0.25, 0.5],
        "count": 2,
        "achieved_share": 0.5,
        "volunteers": 3,
        "met": True,
    }


def test_quota_missed_and_empty_panel() -> None:
    # Panel of 2 with two old people: young 0 of 2 misses its minimum of 2.
    rows = composition(QUOTAS, PEOPLE, ["d", "e"], 2)
    young = next(r for r in rows if r.value == "young")
    assert (young.count, young.met, young.target_share) == (0, False, 1.0)
    assert composition(QUOTAS, PEOPLE, [], 0) == ()
