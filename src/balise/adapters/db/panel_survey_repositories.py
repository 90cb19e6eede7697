"""The panels' before/after questionnaires in the database: the survey, and answers by pseudonym."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import panel_survey_tables as t
from balise.domain.panels.survey import Phase, Survey, SurveyStage

# The timestamp each stage sets when the questionnaire reaches it.
STAGE_TIMES = {
    SurveyStage.BETWEEN: "before_closed_at",
    SurveyStage.AFTER_OPEN: "after_opened_at",
    SurveyStage.CLOSED: "after_closed_at",
}


def _survey(row: Row[Any]) -> Survey:
    return Survey(
        panel_id=row.panel_id,
        bank_version=row.bank_version,
        items=tuple(str(code) for code in row.items),
        stage=SurveyStage(row.stage),
        before_opened_at=row.before_opened_at,
        before_closed_at=row.before_closed_at,
        after_opened_at=row.after_opened_at,
        after_closed_at=row.after_closed_at,
    )


def _answers(raw: Mapping[str, Any]) -> dict[str, int | None]:
    return {str(code): None if value is None else int(value) for code, value in raw.items()}


class PanelSurveyRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, panel_id: int) -> Survey | None:
        table = t.panel_surveys
        row = self.connection.execute(sa.select(table).where(table.c.panel_id == panel_id)).first()
        return _survey(row) if row else None

    def add(self, survey: Survey, *, pseudonym_key: str) -> None:
        self.connection.execute(
            t.panel_surveys.insert().values(
                panel_id=survey.panel_id,
                bank_version=survey.bank_version,
                items=list(survey.items),
                stage=survey.stage.value,
                pseudonym_key=pseudonym_key,
                before_opened_at=survey.before_opened_at,
            )
        )

    def pseudonym_key(self, panel_id: int) -> str:
        table = t.panel_surveys
        return str(
            self.connection.execute(
                sa.select(table.c.pseudonym_key).where(table.c.panel_id == panel_id)
            ).scalar_one()
        )

    def set_stage(self, panel_id: int, stage: SurveyStage, *, at: datetime) -> None:
        values: dict[str, Any] = {"stage": stage.value}
        if stage in STAGE_TIMES:
            values[STAGE_TIMES[stage]] = at
        table = t.panel_surveys
        self.connection.execute(table.update().where(table.c.panel_id == panel_id).values(values))

    def save_response(
        self,
        panel_id: int,
        pseudonym: str,
        phase: Phase,
        answers: Mapping[str, int | None],
        *,
        at: datetime,
    ) -> None:
        """A member's answers to one phase, replacing any earlier ones."""
        table = t.panel_survey_responses
        self.connection.execute(
            table.delete().where(
                (table.c.panel_id == panel_id)
                & (table.c.pseudonym == pseudonym)
                & (table.c.phase == phase.value)
            )
        )
        self.connection.execute(
            table.insert().values(
                panel_id=panel_id,
                pseudonym=pseudonym,
                phase=phase.value,
                answers=dict(answers),
                answered_at=at,
            )
        )

    def response(self, panel_id: int, pseudonym: str, phase: Phase) -> dict[str, int | None] | None:
        table = t.panel_survey_responses
        row = self.connection.execute(
            sa.select(table.c.answers).where(
                (table.c.panel_id == panel_id)
                & (table.c.pseudonym == pseudonym)
                & (table.c.phase == phase.value)
            )
        ).first()
        return _answers(row.answers) if row else None

    def responses(self, panel_id: int, phase: Phase) -> dict[str, dict[str, int | None]]:
        """Every member's answers to one phase, by pseudonym."""
        table = t.panel_survey_responses
        rows = self.connection.execute(
            sa.select(table.c.pseudonym, table.c.answers)
            .where((table.c.panel_id == panel_id) & (table.c.phase == phase.value))
            .order_by(table.c.pseudonym)
        )
        return {row.pseudonym: _answers(row.answers) for row in rows}

    def counts(self, panel_id: int) -> dict[Phase, int]:
        table = t.panel_survey_responses
        rows = self.connection.execute(
            sa.select(table.c.phase, sa.func.count())
            .where(table.c.panel_id == panel_id)
            .group_by(table.c.phase)
        )
        found = {str(phase): int(count) for phase, count in rows}
        return {phase: found.get(phase.value, 0) for phase in Phase}

    def rename_responses(self, panel_id: int, pseudonym: str, new_pseudonym: str) -> int:
        """Keep one member's answers under another name (the link to the member cut)."""
        table = t.panel_survey_responses
        result = self.connection.execute(
            table.update()
            .where((table.c.panel_id == panel_id) & (table.c.pseudonym == pseudonym))
            .values(pseudonym=new_pseudonym)
        )
        return int(result.rowcount)

    def delete_responses(self, panel_id: int, pseudonym: str) -> int:
        """Forget one member's answers to both phases; how many were deleted."""
        table = t.panel_survey_responses
        result = self.connection.execute(
            table.delete().where((table.c.panel_id == panel_id) & (table.c.pseudonym == pseudonym))
        )
        return int(result.rowcount)
