"""The demo panel's completed before/after questionnaire, from `data/demo/panel_survey.yaml`.

Runs after the panels' demo (which draws the panel): the organiser opens and closes both phases
and the drawn members answer through the same services as real ones, with answers drawn from a
fixed seed, so that loading the demo twice, or on another machine, gives the same results.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from balise.data.demo import read_demo_data
from balise.domain.accounts.model import Actor
from balise.domain.panels.replacements import current_members
from balise.domain.panels.survey import SCALE, SurveyAction
from balise.domain.shared.clock import Clock
from balise.services.panels_survey import answer_survey, move_survey
from balise.services.ports import UnitOfWork


@dataclass(frozen=True)
class DemoMember:
    panel_id: int
    panel_slug: str
    person_id: str


def _clamp(value: float) -> int:
    return max(SCALE[0], min(SCALE[-1], round(value)))


def _before(rng: random.Random, typical: float) -> int:
    return _clamp(rng.gauss(typical, 0.9))


def _after(rng: random.Random, before: int, shift: float) -> int:
    step = 1 if shift >= 0 else -1
    roll = rng.random()
    if roll < abs(shift) / 4:
        return _clamp(before + 2 * step)
    if roll < abs(shift):
        return _clamp(before + step)
    if roll > 0.9:  # some members move the other way, as real ones do
        return _clamp(before - step)
    return before


def demo_answers(
    data: Mapping[str, Any], members: list[str]
) -> tuple[dict[str, dict[str, int | None]], dict[str, dict[str, int | None]]]:
    """The demo's answers per member id: (before, after), from the file's seed alone."""
    rng = random.Random(int(data["seed"]))  # noqa: S311 - reproducible demo data, no secret
    skip = float(data["no_answer_rate"])
    never_before = set(rng.sample(members, int(data["missing_before"])))
    never_after = set(rng.sample(members, int(data["missing_after"])))
    before: dict[str, dict[str, int | None]] = {}
    after: dict[str, dict[str, int | None]] = {}
    for member in members:
        first: dict[str, int | None] = {}
        second: dict[str, int | None] = {}
        for code, spec in data["items"].items():
            value = _before(rng, float(spec["before"]))
            changed = _after(rng, value, float(spec["shift"]))
            first[code] = None if rng.random() < skip else value
            second[code] = None if rng.random() < skip else changed
        if member not in never_before:
            before[member] = first
        if member not in never_after:
            after[member] = second
    return before, after


def seed_demo(uow: UnitOfWork, *, clock: Clock) -> bool:
    """Fill the demo panel's questionnaire once; True when something was added."""
    data = read_demo_data("panel_survey")
    panel = uow.panels.find_by_slug(str(data["panel"]))
    if panel is None or panel.id is None or uow.panel_surveys.get(panel.id) is not None:
        return False
    draw = uow.panels.draw(panel.id)
    domain = read_demo_data("users")["domain"]
    user = uow.users.find_by_email(f"{data['organiser']}@{domain}")
    if draw is None or user is None:
        return False
    organiser = Actor(user=user)
    members = current_members(draw.reveal.panel, uow.panels.replacements(panel.id))
    before, after = demo_answers(data, list(members))
    codes = list(data["items"])
    move_survey(uow, actor=organiser, slug=panel.slug, action=SurveyAction.OPEN_BEFORE, items=codes)
    for answers, close, open_next in (
        (before, SurveyAction.CLOSE_BEFORE, SurveyAction.OPEN_AFTER),
        (after, SurveyAction.CLOSE_AFTER, None),
    ):
        for person_id, given in answers.items():
            answer_survey(uow, member=DemoMember(panel.id, panel.slug, person_id), answers=given)
        move_survey(uow, actor=organiser, slug=panel.slug, action=close)
        if open_next is not None:
            move_survey(uow, actor=organiser, slug=panel.slug, action=open_next)
    return True
