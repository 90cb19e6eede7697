"""The before/after questionnaire for the accessibility sweep: the drawn sweep panel's is open for
its "after" phase (its member sees the form), and a panel of six has a closed one with results."""

from __future__ import annotations

from typing import Any

from e2e_support import LiveServer

from balise.domain.accounts.model import Actor
from balise.domain.panels.survey import SurveyAction, SurveyStage
from balise.services import panels_survey
from panel_survey_support import make_survey_panel

SWEEP_SURVEY_PANEL = "sweep-survey"


def make_sweep_survey(server: LiveServer, slug: str = "sweep-drawn") -> None:
    world: dict[str, Any] = server.world
    actor = Actor(user=world["users"]["editor"])
    with server.container.uow() as uow:
        for action in (
            SurveyAction.OPEN_BEFORE,
            SurveyAction.CLOSE_BEFORE,
            SurveyAction.OPEN_AFTER,
        ):
            panels_survey.move_survey(uow, actor=actor, slug=slug, action=action)
        uow.commit()
    make_survey_panel(server.container, world, slug=SWEEP_SURVEY_PANEL, until=SurveyStage.CLOSED)
