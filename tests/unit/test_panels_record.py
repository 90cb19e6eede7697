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
from balise.domain.shared.i18n import Language, LocalizedText


def test_a_form_gives_a_draft_panel() -> None:
    panel = panel_from_form(
        {
            "slug": "ai-2026",
            "title_fr": " IA ",
            "title_nl": "AI",
            "title_de": "",
            "size": "60",
            "algorithm": "maximin",
        },
        3,
    )
    assert panel == Panel(
        organisation_id=3,
        slug="ai-2026",
        title=LocalizedText(fr="IA", nl="AI"),
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
                "title_fr": " ",
                "size": "sixty",
                "algorithm": "legacy",
                "lottery_size": "0",
            },
            3,
        )
    assert set(error.value.errors) == {"slug", "title", "size", "algorithm", "lottery_size"}
    assert error.value.errors["size"].params == {"value": "sixty"}
    with pytest.raises(ValidationError) as empty:
        panel_from_form({"slug": "p", "title_en": "P", "size": " "}, 3)
    assert empty.value.errors["size"].key == "Give a whole number."  # not " is not a whole…"


def test_a_title_is_given_in_one_language_at_least_each_in_200_characters() -> None:
    with pytest.raises(ValidationError) as error:
        panel_from_form({"slug": "p", "title_nl": "x" * 201, "title_en": "AI", "size": "2"}, 3)
    assert set(error.value.errors) == {"title_nl"}
    panel = Panel(organisation_id=1, slug="p", title=LocalizedText(nl="Burgerpanel"), size=2)
    assert panel.title_in(Language.NL) == "Burgerpanel"
    assert panel.title_in(Language.FR) == "Burgerpanel"  # the only language it is given in
    assert panel.snapshot()["title"] == {"nl": "Burgerpanel"}


@pytest.mark.parametrize("state", list(PanelState))
def test_each_step_only_follows_the_one_before(state: PanelState) -> None:
    panel = Panel(organisation_id=1, slug="p", title=LocalizedText(en="P"), size=2, state=state)
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
