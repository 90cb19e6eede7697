"""The before/after questionnaire of a drawn panel (issue 14): organisers move it through its
phases, members answer it, and everyone reads its paired results once it is closed.

Members are not accounts: the members' space signs them in and hands over who they are (their
panel and their pseudonymous pool id). Their answers are kept under a keyed pseudonym, one key per
panel; only the aggregates of `domain.panels.survey` ever leave this module.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from balise.domain.accounts.model import Actor
from balise.domain.panels.record import Panel, PanelState
from balise.domain.panels.replacements import current_members
from balise.domain.panels.survey import (
    NOT_OPEN,
    Answers,
    ItemBank,
    Phase,
    Survey,
    SurveyAction,
    SurveyResults,
    SurveyStage,
    check_answers,
    load_item_bank,
    next_stage,
    pseudonym,
    survey_results,
)
from balise.domain.shared.errors import Conflict, NotFound, PermissionDenied
from balise.domain.shared.i18n import N_, Message
from balise.services.audit_log import record_event
from balise.services.panels_reads import panel_id_of
from balise.services.permissions import DENIED, NO_SUCH_PANEL, access_panel
from balise.services.ports import UnitOfWork

NOT_DRAWN = N_("The questionnaire can be opened once the panel is drawn.")
NOT_PUBLISHED = N_('The questionnaire\'s results are published once its "after" phase is closed.')
NO_SURVEY = N_("This panel has no questionnaire.")
EVENTS = {
    SurveyAction.OPEN_BEFORE: "panel_survey.before_opened",
    SurveyAction.CLOSE_BEFORE: "panel_survey.before_closed",
    SurveyAction.OPEN_AFTER: "panel_survey.after_opened",
    SurveyAction.CLOSE_AFTER: "panel_survey.after_closed",
}


class SurveyMember(Protocol):
    """A signed-in member of a drawn panel, as the members' space gives them."""

    @property
    def panel_id(self) -> int: ...
    @property
    def panel_slug(self) -> str: ...
    @property
    def person_id(self) -> str: ...


# --- Organisers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyOverview:
    """What the organisers' page shows: the stage and how many answered, never an answer."""

    panel: Panel
    survey: Survey | None
    bank: ItemBank
    members: int
    answered: dict[Phase, int]


def survey_overview(uow: UnitOfWork, *, actor: Actor, slug: str) -> SurveyOverview:
    panel = access_panel(uow, actor, slug, for_="organise")
    panel_id = panel_id_of(panel)
    draw = uow.panels.draw(panel_id)
    members = current_members(draw.reveal.panel, uow.panels.replacements(panel_id)) if draw else []
    survey = uow.panel_surveys.get(panel_id)
    return SurveyOverview(
        panel=panel,
        survey=survey,
        bank=load_item_bank(),
        members=len(members),
        answered=uow.panel_surveys.counts(panel_id) if survey else dict.fromkeys(Phase, 0),
    )


def move_survey(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    action: SurveyAction,
    items: Sequence[str] = (),
) -> Survey:
    """Open or close a phase. Opening "before" fixes the items (all of the bank when none given)."""
    panel = access_panel(uow, actor, slug, for_="organise")
    panel_id = panel_id_of(panel)
    if panel.state is not PanelState.DRAWN:
        raise Conflict(Message(NOT_DRAWN))
    current = uow.panel_surveys.get(panel_id)
    stage = next_stage(current.stage if current else None, action)
    now = uow.clock.now()
    if current is None:
        bank = load_item_bank()
        created = Survey(
            panel_id=panel_id,
            bank_version=bank.version,
            items=bank.pick(items),
            stage=stage,
            before_opened_at=now,
        )
        uow.panel_surveys.add(created, pseudonym_key=secrets.token_hex(32))
    else:
        uow.panel_surveys.set_stage(panel_id, stage, at=now)
    moved = uow.panel_surveys.get(panel_id)
    assert moved is not None
    record_event(
        uow,
        actor=actor,
        event_type=EVENTS[action],
        entity_type="panel",
        entity_id=panel.id,
        before={"stage": current.stage.value} if current else None,
        after=moved.snapshot(),
    )
    return moved


# --- Members -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberQuestionnaire:
    """A member's view: the open phase (if any), the items, and their own answers to it."""

    panel: Panel
    survey: Survey | None
    bank: ItemBank
    phase: Phase | None
    answers: dict[str, int | None] | None
    answered: dict[Phase, bool]


def _member_panel(uow: UnitOfWork, member: SurveyMember) -> Panel:
    """The member's panel; only current members (after replacements) of a drawn panel answer."""
    panel = uow.panels.get(member.panel_id)
    if panel is None or panel.slug != member.panel_slug:
        raise NotFound(NO_SUCH_PANEL)
    draw = uow.panels.draw(member.panel_id)
    if draw is None:
        raise PermissionDenied(DENIED)
    members = current_members(draw.reveal.panel, uow.panels.replacements(member.panel_id))
    if member.person_id not in members:
        raise PermissionDenied(DENIED)
    return panel


def member_questionnaire(uow: UnitOfWork, *, member: SurveyMember) -> MemberQuestionnaire:
    panel = _member_panel(uow, member)
    survey = uow.panel_surveys.get(member.panel_id)
    bank = load_item_bank()
    if survey is None:
        return MemberQuestionnaire(panel, None, bank, None, None, dict.fromkeys(Phase, False))
    name = pseudonym(uow.panel_surveys.pseudonym_key(member.panel_id), member.person_id)
    given = {phase: uow.panel_surveys.response(member.panel_id, name, phase) for phase in Phase}
    phase = survey.stage.open_phase
    return MemberQuestionnaire(
        panel=panel,
        survey=survey,
        bank=bank,
        phase=phase,
        answers=given[phase] if phase else None,
        answered={p: given[p] is not None for p in Phase},
    )


def answer_survey(uow: UnitOfWork, *, member: SurveyMember, answers: Answers) -> Phase:
    """Record (or replace) the member's answers to the open phase; returns that phase."""
    _member_panel(uow, member)
    survey = uow.panel_surveys.get(member.panel_id)
    phase = survey.stage.open_phase if survey else None
    if survey is None or phase is None:
        raise Conflict(Message(NOT_OPEN))
    checked = check_answers(answers, survey.items)
    name = pseudonym(uow.panel_surveys.pseudonym_key(member.panel_id), member.person_id)
    changed = uow.panel_surveys.response(member.panel_id, name, phase) is not None
    uow.panel_surveys.save_response(member.panel_id, name, phase, checked, at=uow.clock.now())
    # The log says that a member answered, never who or what.
    record_event(
        uow,
        actor=Actor(),
        event_type="panel_survey.answers_changed" if changed else "panel_survey.answered",
        entity_type="panel",
        entity_id=member.panel_id,
        after={
            "phase": phase.value,
            "answered": sum(1 for v in checked.values() if v is not None),
        },
    )
    return phase


def erase_member_answers(uow: UnitOfWork, *, actor: Actor, slug: str, person_id: str) -> int:
    """Forget a member's answers to both phases (on their request); how many were deleted."""
    panel = access_panel(uow, actor, slug, for_="organise")
    panel_id = panel_id_of(panel)
    if uow.panel_surveys.get(panel_id) is None:
        raise NotFound(Message(NO_SURVEY))
    name = pseudonym(uow.panel_surveys.pseudonym_key(panel_id), person_id.strip())
    deleted = uow.panel_surveys.delete_responses(panel_id, name)
    record_event(
        uow,
        actor=actor,
        event_type="panel_survey.answers_erased",
        entity_type="panel",
        entity_id=panel.id,
        after={"responses_deleted": deleted},
    )
    return deleted


# --- Everyone: the results -----------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedSurvey:
    panel: Panel
    survey: Survey
    bank: ItemBank
    results: SurveyResults


def survey_stage(uow: UnitOfWork, *, actor: Actor, slug: str) -> tuple[Panel, Survey | None]:
    """A published panel and its questionnaire (None when there is none), for the results page."""
    panel = access_panel(uow, actor, slug, for_="view")
    if not panel.state.published:
        raise NotFound(NO_SUCH_PANEL)
    return panel, uow.panel_surveys.get(panel_id_of(panel))


def published_survey(uow: UnitOfWork, *, actor: Actor, slug: str) -> PublishedSurvey:
    """The paired results of a closed questionnaire; NotFound before it closes."""
    panel, survey = survey_stage(uow, actor=actor, slug=slug)
    if survey is None or survey.stage is not SurveyStage.CLOSED:
        raise NotFound(Message(NOT_PUBLISHED))
    panel_id = panel_id_of(panel)
    results = survey_results(
        survey.items,
        uow.panel_surveys.responses(panel_id, Phase.BEFORE),
        uow.panel_surveys.responses(panel_id, Phase.AFTER),
    )
    return PublishedSurvey(panel, survey, load_item_bank(), results)
