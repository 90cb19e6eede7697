"""A panel's settings validate themselves, and its steps follow one another."""

from __future__ import annotations

import pytest

from balise.domain.panels.record import (
    MOVES,
    Panel,
    PanelAlgorithm,
    PanelState,
    panel_from_form,
    wrong_step,
)
from balise.domain.shared.errors import Conflict, ValidationError


def test_a_form_gives_a_draft_panel() -> None:
    panel = panel_from_form(
        {"slug": "ai-2026", "title": " AI ", "size": "60", "algorithm": "maximin"}, 3
    )
    assert panel == Panel(
        organisation_id=3,
        slug="ai-2026",
        title="AI",
        size=60,
        algorithm=PanelAlgorithm.MAXIMIN,
        lottery_size=1000,
    )
    assert panel.state is PanelState.DRAFT


def test_every_wrong_field_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as error:
        panel_from_form(
            {
                "slug": "Not A Slug",
                "title": "",
                "size": "sixty",
                "algorithm": "legacy",
                "lottery_size": "0",
            },
            3,
        )
    assert set(error.value.errors) == {"slug", "title", "size", "algorithm", "lottery_size"}


@pytest.mark.parametrize("state", list(PanelState))
def test_each_step_only_follows_the_one_before(state: PanelState) -> None:
    panel = Panel(organisation_id=1, slug="p", title="P", size=2, state=state)
    for target in PanelState:
        if target in MOVES[state]:
            panel.require_move(target)
        else:
            with pytest.raises(Conflict) as refused:
                panel.require_move(target)
            assert refused.value.message == wrong_step(state, target)


def test_the_commitment_freezes_everything_before_it() -> None:
    for state in (PanelState.COMMITTED, PanelState.DRAWN):
        assert state.published
        assert PanelState.POOL_LOADED not in MOVES[state]
        assert PanelState.SELECTED not in MOVES[state]
    assert MOVES[PanelState.DRAWN] == frozenset()
