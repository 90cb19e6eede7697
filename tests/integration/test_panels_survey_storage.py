"""The panels' before/after questionnaire through its services, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.panels.survey import Phase, SurveyAction, SurveyStage
from balise.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationError
from balise.services import panels_survey
from panel_survey_support import ITEMS, Member, make_survey_panel


def admin(world: dict[str, Any]) -> Actor:
    return Actor(user=world["users"]["admin"])


def test_a_closed_questionnaire_gives_paired_results(
    container: Container, world: dict[str, Any]
) -> None:
    make_survey_panel(container, world, slug="six", until=SurveyStage.CLOSED)
    with container.uow(read_only=True) as uow:
        found = panels_survey.published_survey(uow, actor=Actor(), slug="six")
    results = {item.code: item for item in found.results.items}
    assert [item.code for item in found.results.items] == [
        code for code in found.bank.codes if code in ITEMS
    ]
    daily = results["ai_daily_life"].paired
    assert daily is not None
    # differences 1 1 0 1 2 0: mean 5/6; before 15/6, after 20/6
    assert results["ai_daily_life"].n == 6
    assert daily.difference == pytest.approx(5 / 6)
    assert daily.before_mean == pytest.approx(2.5)
    assert daily.after_mean == pytest.approx(20 / 6)
    assert results["ai_jobs"].n == 4
    assert results["ai_jobs"].withheld
    assert found.results.respondents_both == 6


def test_answers_are_kept_under_pseudonyms_and_changeable_while_open(
    container: Container, world: dict[str, Any]
) -> None:
    members = make_survey_panel(container, world, slug="six", until=SurveyStage.BEFORE_OPEN)
    first = members[0]
    with container.uow() as uow:
        panels_survey.answer_survey(uow, member=first, answers={"ai_daily_life": 5})
        uow.commit()
    with container.uow(read_only=True) as uow:
        mine = panels_survey.member_questionnaire(uow, member=first)
        events = [e.event_type for e in uow.audit_log.iterate()]
    with container.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT pseudonym FROM panel_survey_responses")).all()
    assert mine.phase is Phase.BEFORE
    assert mine.answers == {"ai_daily_life": 5, "trust_panel_influence": None, "ai_jobs": None}
    assert len(rows) == 6
    assert not {member.person_id for member in members} & {row[0] for row in rows}
    assert "panel_survey.answers_changed" in events
    assert "panel_survey.before_opened" in events


def test_only_current_members_answer_an_open_phase(
    container: Container, world: dict[str, Any]
) -> None:
    members = make_survey_panel(container, world, slug="six", until=SurveyStage.BETWEEN)
    stranger = Member(members[0].panel_id, "six", "not-drawn")
    with container.uow() as uow:
        with pytest.raises(PermissionDenied):
            panels_survey.answer_survey(uow, member=stranger, answers={})
        with pytest.raises(Conflict):  # between the phases nobody answers
            panels_survey.answer_survey(uow, member=members[0], answers={"ai_jobs": 3})
        with pytest.raises(Conflict):  # nor may the "before" phase open twice
            panels_survey.move_survey(
                uow, actor=admin(world), slug="six", action=SurveyAction.OPEN_BEFORE
            )


def test_wrong_answers_are_refused_all_at_once(container: Container, world: dict[str, Any]) -> None:
    members = make_survey_panel(container, world, slug="six", until=SurveyStage.AFTER_OPEN)
    with container.uow() as uow, pytest.raises(ValidationError) as caught:
        panels_survey.answer_survey(
            uow, member=members[0], answers={"ai_jobs": 9, "unknown": 1, "ai_daily_life": 0}
        )
    assert set(caught.value.errors) == {"item-ai_jobs", "item-unknown", "item-ai_daily_life"}


def test_nothing_is_published_before_the_after_phase_closes(
    container: Container, world: dict[str, Any]
) -> None:
    make_survey_panel(container, world, slug="six", until=SurveyStage.AFTER_OPEN)
    with container.uow(read_only=True) as uow, pytest.raises(NotFound):
        panels_survey.published_survey(uow, actor=Actor(), slug="six")


def test_an_organiser_erases_a_members_answers(container: Container, world: dict[str, Any]) -> None:
    members = make_survey_panel(container, world, slug="six", until=SurveyStage.CLOSED)
    with container.uow() as uow:
        deleted = panels_survey.erase_member_answers(
            uow, actor=admin(world), slug="six", person_id=members[0].person_id
        )
        uow.commit()
    assert deleted == 2
    with container.uow(read_only=True) as uow:
        found = panels_survey.published_survey(uow, actor=Actor(), slug="six")
        overview = panels_survey.survey_overview(uow, actor=admin(world), slug="six")
    assert found.results.respondents_both == 5
    assert overview.answered == {Phase.BEFORE: 5, Phase.AFTER: 5}
    with container.uow() as uow, pytest.raises(PermissionDenied):
        panels_survey.move_survey(
            uow,
            actor=Actor(user=world["users"]["other-editor"]),
            slug="six",
            action=SurveyAction.CLOSE_AFTER,
        )
