"""Commitment, reveal and verification of a draw; feasibility and the smallest relaxation."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
from test_panels_support import TWO_BY_THREE, sf_fixture, tiny

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.draw import (
    draw_ticket,
    secret_commitment,
    seeded_ticket,
    ticket_from_bytes,
)
from balise.domain.panels.feasibility import check_feasibility
from balise.domain.panels.model import Instance, Quotas
from balise.domain.panels.record import Algorithm
from balise.domain.panels.selection import prepare_draw, select_panel, verify_draw

SECRETS = ["correct horse battery staple", "la brabançonne 1830"]


@pytest.fixture(scope="module")
def published() -> dict[str, Any]:
    selection = select_panel(
        sf_fixture(22), solver=HighsSolver(), algorithm=Algorithm.MAXIMIN, lottery_size=1_000
    )
    return prepare_draw(
        selection,
        party_commitments=[secret_commitment(s) for s in SECRETS],
        public_source="EuroMillions main numbers of a date fixed in advance",
    ).to_json()


def drawn(published: dict[str, Any], public_value: str = "7 12 23 34 45") -> list[str]:
    from balise.domain.panels.draw import Commitment, panel_for_ticket

    ticket = draw_ticket(Commitment.from_dict(published["commitment"]), SECRETS, public_value)
    return panel_for_ticket(published["lottery"], ticket)


def test_secret_commitment_is_plain_sha256() -> None:
    assert secret_commitment("abc") == hashlib.sha256(b"abc").hexdigest()


def test_tickets_are_in_range_and_roughly_uniform() -> None:
    counts = Counter(ticket_from_bytes(str(i).encode(), 6) for i in range(6_000))
    assert set(counts) == {1, 2, 3, 4, 5, 6}
    assert all(850 < count < 1_150 for count in counts.values())
    assert seeded_ticket(3, 1_000) == seeded_ticket("3", 1_000)
    assert ticket_from_bytes(b"x", 1) == 1


def test_published_files_hold_no_contact_details(published: dict[str, Any]) -> None:
    text = str(published)
    assert "email0" not in text
    assert "first_name0" not in text
    assert published["pool"][0] == {
        "id": "p0",
        "features": {
            "Gender": "Male",
            "age_bracket": "30-44",
            "edu_level": "Level 4 and above",
            "geo_bucket": "South Scotland",
        },
    }


def test_a_fair_draw_verifies(published: dict[str, Any]) -> None:
    panel = drawn(published)
    ok, checks, _ = verify_draw(
        published, secrets=SECRETS, public_value="7 12 23 34 45", claimed_panel=panel
    )
    assert ok, checks
    assert drawn(published) == panel  # a pure function of the published inputs


@pytest.mark.parametrize("tamper", ["pool", "lottery", "secret", "panel", "quotas"])
def test_any_change_is_caught(published: dict[str, Any], tamper: str) -> None:
    document = dict(published.items())
    secrets = list(SECRETS)
    panel = drawn(published)
    if tamper == "pool":
        document["pool"] = [dict(published["pool"][1], id="p0"), *published["pool"][1:]]
    elif tamper == "lottery":
        table = [dict(row) for row in published["lottery"]]
        table[0]["panel"] = table[1]["panel"]
        document["lottery"] = table
    elif tamper == "quotas":
        document["quotas"] = [dict(published["quotas"][0], max=99), *published["quotas"][1:]]
    elif tamper == "secret":
        secrets[1] = "a guessed secret"
    else:
        panel = [*panel[1:], "p149" if panel[0] != "p149" else "p148"]
    ok, checks, _ = verify_draw(
        document, secrets=secrets, public_value="7 12 23 34 45", claimed_panel=panel
    )
    assert not ok
    assert any(not check.ok for check in checks)


def test_feasible_quotas() -> None:
    result = check_feasibility(TWO_BY_THREE, HighsSolver())
    assert result.feasible
    assert result.relaxations == ()


def test_conflicting_quotas_get_the_smallest_relaxation() -> None:
    result = check_feasibility(sf_fixture(30), HighsSolver())
    assert not result.feasible
    assert any("Gender" in str(message.params) for message in result.conflicts)
    seats = sum(
        (r.minimum - r.new_minimum) + (r.new_maximum - r.maximum) for r in result.relaxations
    )
    assert seats >= 14  # counting alone: Gender allows 24 of 30 seats, age and education 26
    instance = sf_fixture(30)
    new_bounds = {(r.category, r.value): (r.new_minimum, r.new_maximum) for r in result.relaxations}
    relaxed = Quotas(
        tuple(
            replace(q, minimum=new_bounds[q.key][0], maximum=new_bounds[q.key][1])
            if q.key in new_bounds
            else q
            for q in instance.quotas.quotas
        )
    )
    assert check_feasibility(Instance(instance.pool, relaxed, 30), HighsSolver()).feasible


def test_a_minimum_above_the_volunteers_is_named() -> None:
    instance = tiny("id,g\na,x\nb,y\nc,y\n", "feature,value,min,max\ng,x,2,2\ng,y,0,2\n", 2)
    result = check_feasibility(instance, HighsSolver())
    assert not result.feasible
    assert [message.params.get("available") for message in result.conflicts] == [1]
    assert [(r.value, r.new_minimum, r.new_maximum) for r in result.relaxations] == [("x", 1, 2)]
