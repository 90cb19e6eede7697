"""Helpers the questionnaire tests share: a drawn panel of six and its questionnaire at any stage.

Imported by name (tests/ is on sys.path): the integration, web and browser tests use it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.panels.record import Panel
from balise.domain.panels.survey import SurveyAction, SurveyStage
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels, panels_survey

SIX_PEOPLE = "id,group\n" + "".join(f"s{i},{'a' if i % 2 else 'b'}\n" for i in range(1, 13))
SIX_QUOTAS = "feature,value,min,max\ngroup,a,3,3\ngroup,b,3,3\n"
ITEMS = ("ai_daily_life", "trust_panel_influence", "ai_jobs")
# Before and after answers per member (by position among the drawn): "ai_jobs" is left
# unanswered after by two members, so it has four pairs only and is withheld.
BEFORE = [
    {"ai_daily_life": 2, "trust_panel_influence": 3, "ai_jobs": 4},
    {"ai_daily_life": 3, "trust_panel_influence": 3, "ai_jobs": 4},
    {"ai_daily_life": 3, "trust_panel_influence": 2, "ai_jobs": 3},
    {"ai_daily_life": 4, "trust_panel_influence": 4, "ai_jobs": 5},
    {"ai_daily_life": 2, "trust_panel_influence": 3, "ai_jobs": 2},
    {"ai_daily_life": 1, "trust_panel_influence": 2, "ai_jobs": 3},
]
AFTER = [
    {"ai_daily_life": 3, "trust_panel_influence": 4, "ai_jobs": None},
    {"ai_daily_life": 4, "trust_panel_influence": 4, "ai_jobs": None},
    {"ai_daily_life": 3, "trust_panel_influence": 3, "ai_jobs": 3},
    {"ai_daily_life": 5, "trust_panel_influence": 4, "ai_jobs": 4},
    {"ai_daily_life": 4, "trust_panel_influence": 4, "ai_jobs": 2},
    {"ai_daily_life": 1, "trust_panel_influence": 3, "ai_jobs": 3},
]


SECRET = "the survey tests' secret"
PUBLIC_VALUE = "Lotto, 5 December 2026: 1 2 3 4 5 6"


def make_drawn_panel(
    container: Container, actor: Actor, *, slug: str, organisation_id: int
) -> None:
    """A panel of six from twelve volunteers, driven through the services up to its draw."""
    with container.uow() as uow:
        panels.create_panel(
            uow,
            actor=actor,
            panel=Panel(
                organisation_id=organisation_id,
                slug=slug,
                title=LocalizedText(en=f"Panel {slug}"),
                size=6,
                lottery_size=100,
            ),
        )
        panels.load_pool(
            uow,
            actor=actor,
            slug=slug,
            respondents=SIX_PEOPLE,
            categories=SIX_QUOTAS,
            solver=container.solver(),
        )
        job = panels.start_selection(uow, actor=actor, slug=slug)
        uow.commit()
    finished = container.run_job(job.id)
    assert finished.status.value == "succeeded", finished.error
    with container.uow() as uow:
        panels.commit_panel(
            uow,
            actor=actor,
            slug=slug,
            party_commitments=[hashlib.sha256(SECRET.encode()).hexdigest()],
            public_source="The Lotto numbers of 5 December 2026",
        )
        panels.draw_panel(uow, actor=actor, slug=slug, secrets=[SECRET], public_value=PUBLIC_VALUE)
        uow.commit()


@dataclass(frozen=True)
class Member:
    panel_id: int
    panel_slug: str
    person_id: str


def drawn_members(container: Container, slug: str) -> list[Member]:
    with container.uow(read_only=True) as uow:
        panel = uow.panels.find_by_slug(slug)
        assert panel is not None
        assert panel.id is not None
        draw = uow.panels.draw(panel.id)
        assert draw is not None
        return [Member(panel.id, slug, person) for person in draw.reveal.panel]


def make_survey_panel(
    container: Container, world: dict[str, Any], *, slug: str, until: SurveyStage | None
) -> list[Member]:
    """A drawn panel of six (alpha's) whose questionnaire is at `until` (None: not opened)."""
    actor = Actor(user=world["users"]["admin"])
    make_drawn_panel(
        container, actor, slug=slug, organisation_id=world["organisations"]["alpha"].id
    )
    members = drawn_members(container, slug)
    steps = [
        (SurveyAction.OPEN_BEFORE, SurveyStage.BEFORE_OPEN, BEFORE),
        (SurveyAction.CLOSE_BEFORE, SurveyStage.BETWEEN, None),
        (SurveyAction.OPEN_AFTER, SurveyStage.AFTER_OPEN, AFTER),
        (SurveyAction.CLOSE_AFTER, SurveyStage.CLOSED, None),
    ]
    if until is None:
        return members
    with container.uow() as uow:
        for action, stage, answers in steps:
            panels_survey.move_survey(uow, actor=actor, slug=slug, action=action, items=ITEMS)
            for member, given in zip(members, answers or [], strict=False):
                panels_survey.answer_survey(uow, member=member, answers=given)
            if stage is until:
                break
        uow.commit()
    return members


def make_matrix_survey(container: Container, world: dict[str, Any]) -> None:
    """For the access matrix: the drawn panel `alpha-drawn` gets a closed questionnaire."""
    actor = Actor(user=world["users"]["admin"])
    with container.uow() as uow:
        for action in SurveyAction:
            panels_survey.move_survey(uow, actor=actor, slug="alpha-drawn", action=action)
        uow.commit()
