"""Repositories of the AI Act classifier: questionnaires in progress, stored classifications.

A stored result is a JSON document with a `schema_version` (`Classification.to_stored_json()`);
it is read back into a `Classification` here, so no dictionary leaves the adapter.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.domain.aiact.questionnaire_records import SavedQuestionnaire, StoredClassification
from balise.domain.aiact.result import Classification


class AiactQuestionnaireRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @staticmethod
    def _from_row(row: Row[Any]) -> SavedQuestionnaire:
        return SavedQuestionnaire(
            id=row.id,
            owner_id=row.owner_id,
            answers=dict(row.answers),
            law=row.law,
            section=row.section,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    def add(self, questionnaire: SavedQuestionnaire) -> SavedQuestionnaire:
        new_id = self.connection.execute(
            t.aiact_questionnaires.insert()
            .values(
                owner_id=questionnaire.owner_id,
                answers=dict(questionnaire.answers),
                law=questionnaire.law,
                section=questionnaire.section,
                created_at=questionnaire.created_at,
                updated_at=questionnaire.updated_at,
            )
            .returning(t.aiact_questionnaires.c.id)
        ).scalar_one()
        added = self.get(new_id)
        assert added is not None
        return added

    def update(self, questionnaire: SavedQuestionnaire) -> SavedQuestionnaire:
        self.connection.execute(
            t.aiact_questionnaires.update()
            .where(t.aiact_questionnaires.c.id == questionnaire.id)
            .values(
                answers=dict(questionnaire.answers),
                law=questionnaire.law,
                section=questionnaire.section,
                updated_at=questionnaire.updated_at,
            )
        )
        return questionnaire

    def get(self, questionnaire_id: int) -> SavedQuestionnaire | None:
        row = self.connection.execute(
            sa.select(t.aiact_questionnaires).where(t.aiact_questionnaires.c.id == questionnaire_id)
        ).first()
        return self._from_row(row) if row else None

    def list_for_owner(self, owner_id: int) -> list[SavedQuestionnaire]:
        rows = self.connection.execute(
            sa.select(t.aiact_questionnaires)
            .where(t.aiact_questionnaires.c.owner_id == owner_id)
            .order_by(t.aiact_questionnaires.c.updated_at.desc(), t.aiact_questionnaires.c.id)
        )
        return [self._from_row(row) for row in rows]

    def remove(self, questionnaire_id: int) -> None:
        self.connection.execute(
            t.aiact_questionnaires.delete().where(t.aiact_questionnaires.c.id == questionnaire_id)
        )


class AiactClassificationRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @staticmethod
    def _from_row(row: Row[Any]) -> StoredClassification:
        return StoredClassification(
            id=row.id,
            system_id=row.system_id,
            facts=dict(row.facts),
            law=row.law,
            law_requested=row.law_requested,
            ruleset_version=row.ruleset_version,
            evaluation_date=row.evaluation_date,
            result=Classification.from_json(row.result),
            created_by=row.created_by,
            created_by_label=row.created_by_label,
            created_at=row.created_at,
            questionnaire_id=row.questionnaire_id,
        )

    def add(self, stored: StoredClassification) -> StoredClassification:
        new_id = self.connection.execute(
            t.aiact_classifications.insert()
            .values(
                system_id=stored.system_id,
                facts=dict(stored.facts),
                law=stored.law,
                law_requested=stored.law_requested,
                ruleset_version=stored.ruleset_version,
                evaluation_date=stored.evaluation_date,
                result=stored.result.to_stored_json(),
                created_by=stored.created_by,
                created_by_label=stored.created_by_label,
                created_at=stored.created_at,
                questionnaire_id=stored.questionnaire_id,
            )
            .returning(t.aiact_classifications.c.id)
        ).scalar_one()
        added = self.get(new_id)
        assert added is not None
        return added

    def get(self, classification_id: int) -> StoredClassification | None:
        row = self.connection.execute(
            sa.select(t.aiact_classifications).where(
                t.aiact_classifications.c.id == classification_id
            )
        ).first()
        return self._from_row(row) if row else None

    def list_for_system(self, system_id: int) -> list[StoredClassification]:
        """Newest first."""
        rows = self.connection.execute(
            sa.select(t.aiact_classifications)
            .where(t.aiact_classifications.c.system_id == system_id)
            .order_by(t.aiact_classifications.c.id.desc())
        )
        return [self._from_row(row) for row in rows]

    def list_for_questionnaire(self, questionnaire_id: int) -> list[StoredClassification]:
        """The results stored from one saved questionnaire, newest first."""
        rows = self.connection.execute(
            sa.select(t.aiact_classifications)
            .where(t.aiact_classifications.c.questionnaire_id == questionnaire_id)
            .order_by(t.aiact_classifications.c.id.desc())
        )
        return [self._from_row(row) for row in rows]
