"""Typed panel documents survive their JSON: what is stored reads back equal, and versioned."""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_panels_support import TWO_BY_THREE, sf_fixture

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.documents import (
    SCHEMA_VERSION,
    PublishedDraw,
    Reveal,
    SelectionResult,
    lottery_of,
)
from balise.domain.panels.draw import secret_commitment
from balise.domain.panels.feasibility import Feasibility, check_feasibility
from balise.domain.panels.model import Instance, Quotas
from balise.domain.panels.record import Algorithm
from balise.domain.panels.selection import prepare_draw, select_panel


def through_json(document: object) -> Any:
    return json.loads(json.dumps(document))


def test_a_selection_result_reads_back_equal_and_carries_its_version() -> None:
    selection = select_panel(TWO_BY_THREE, solver=HighsSolver(), lottery_size=10)
    result = selection.result()
    stored = through_json(result.to_json())
    assert stored["schema_version"] == SCHEMA_VERSION
    assert SelectionResult.from_json(stored) == result
    with pytest.raises(ValueError, match="schema"):
        SelectionResult.from_json({**stored, "schema_version": SCHEMA_VERSION + 1})


def test_a_legacy_selection_has_no_lottery_and_reads_back() -> None:
    selection = select_panel(TWO_BY_THREE, solver=HighsSolver(), algorithm=Algorithm.LEGACY)
    result = selection.result()
    assert result.lottery is None
    assert SelectionResult.from_json(through_json(result.to_json())) == result


def test_the_published_files_read_back_to_the_same_hashes_and_lottery() -> None:
    instance = sf_fixture(22)
    selection = select_panel(
        instance, solver=HighsSolver(), algorithm=Algorithm.MAXIMIN, lottery_size=100
    )
    published = prepare_draw(
        selection, party_commitments=[secret_commitment("s")], public_source="Lotto"
    )
    again = PublishedDraw.from_json(through_json(published.to_json()))
    assert again.to_json() == published.to_json()
    assert again.commitment_sha256 == published.commitment.sha256
    assert selection.lottery is not None
    assert lottery_of(again.lottery, again.pool) == selection.lottery


def test_a_reveal_and_a_feasibility_read_back_equal() -> None:
    reveal = Reveal("ab" * 32, ("one", "two"), "7 12 23", 3, ("p1", "p2"))
    assert Reveal.from_json(through_json(reveal.to_json())) == reveal
    strict = Instance(
        TWO_BY_THREE.pool,
        Quotas(tuple(q.__class__(q.category, q.value, 2, 2) for q in TWO_BY_THREE.quotas.quotas)),
        2,
    )
    feasibility = check_feasibility(strict, HighsSolver())
    assert not feasibility.feasible
    stored = through_json(feasibility.to_json())
    assert Feasibility.from_json(stored) == feasibility
