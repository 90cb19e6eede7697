"""The observatory's eco-label indicator, on plain facts."""

from __future__ import annotations

from datetime import date

from balise.domain.observatory.facts import Facts, Owner, PublishedSystem
from balise.domain.observatory.functions import FUNCTIONS, NOT_YET_BUILT, Result

CITY = Owner("city", "local", "public_administration")
STATE = Owner("state", "federal", "public_administration")
D = date


def test_published_live_systems_per_label_graded_by_the_day() -> None:
    systems = (
        PublishedSystem(1, CITY, "minimal", D(2026, 1, 1)),
        PublishedSystem(2, CITY, "minimal", D(2026, 1, 1)),
        PublishedSystem(3, STATE, "high_risk", D(2026, 1, 1)),
        PublishedSystem(4, STATE, "minimal", D(2026, 1, 1), withdrawn=True),  # not counted
        PublishedSystem(5, STATE, "minimal", D(2026, 1, 1)),  # no label
    )
    labels = {
        1: ("A", D(2026, 2, 1)),
        2: ("C", D(2026, 3, 1)),
        3: ("C", D(2026, 2, 1)),
        4: ("E", D(2026, 2, 1)),
        99: ("B", D(2026, 2, 1)),
    }  # 99: not published
    facts = Facts(systems=systems, eco_labels=labels)
    indicator = FUNCTIONS["ecolabels_distribution"]
    assert indicator(facts) == Result(3.0, {"A": 1.0, "C": 2.0})
    assert indicator(facts.as_of(D(2026, 2, 15))) == Result(2.0, {"A": 1.0, "C": 1.0})
    assert indicator(facts.filtered(organisation="city")) == Result(2.0, {"A": 1.0, "C": 1.0})
    assert indicator(Facts(eco_labels={})) == Result(0.0, {})
    assert indicator(Facts()).reason == NOT_YET_BUILT
