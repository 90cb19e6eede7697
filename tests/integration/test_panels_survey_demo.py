"""The demo's completed questionnaire: the same answers on every load, added once."""

from __future__ import annotations

from typing import Any

import pytest

from balise.bootstrap import Container
from balise.data.demo import read_demo_data
from balise.domain.accounts.model import Actor
from balise.services import panels_survey, panels_survey_demo
from panel_survey_support import make_survey_panel


def test_the_demo_answers_are_reproducible_and_shifted() -> None:
    data = read_demo_data("panel_survey")
    members = [f"p{i}" for i in range(60)]
    first = panels_survey_demo.demo_answers(data, members)
    assert first == panels_survey_demo.demo_answers(data, members)
    before, after = first
    assert len(before) == 60 - data["missing_before"]
    assert len(after) == 60 - data["missing_after"]
    both = set(before) & set(after)
    changes = [
        after[m]["ai_understanding"] - before[m]["ai_understanding"]  # type: ignore[operator]
        for m in both
        if after[m]["ai_understanding"] is not None and before[m]["ai_understanding"] is not None
    ]
    assert sum(changes) / len(changes) > 0.2


def test_the_demo_fills_a_drawn_panels_questionnaire_once(
    container: Container, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = {**read_demo_data("panel_survey"), "missing_before": 0, "missing_after": 0}
    slug = data["panel"]
    make_survey_panel(container, world, slug=slug, until=None)
    demo_files = {"panel_survey": data, "users": {"domain": "balise.test"}}
    monkeypatch.setattr(panels_survey_demo, "read_demo_data", demo_files.__getitem__)
    data["organiser"] = "admin"
    with container.uow() as uow:
        assert panels_survey_demo.seed_demo(uow, clock=container.clock)
        assert not panels_survey_demo.seed_demo(uow, clock=container.clock)
        uow.commit()
    with container.uow(read_only=True) as uow:
        found = panels_survey.published_survey(uow, actor=Actor(), slug=slug)
    assert found.results.respondents_both == 6
    assert [item.code for item in found.results.items] == list(data["items"])
