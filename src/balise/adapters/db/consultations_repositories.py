"""Consultations, their sections and their contributions."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db.consultations_tables import (
    consultation_contributions,
    consultation_sections,
    consultations,
)
from balise.domain.consultations.model import (
    AnswerStatus,
    Consultation,
    ConsultationState,
    Contribution,
    ContributionState,
    Section,
)
from balise.domain.shared.i18n import Language, LocalizedText


class ConsultationRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # --- consultations -------------------------------------------------------------------------

    def _sections(self, consultation_id: int) -> tuple[Section, ...]:
        rows = self.connection.execute(
            sa.select(consultation_sections)
            .where(consultation_sections.c.consultation_id == consultation_id)
            .order_by(consultation_sections.c.position)
        )
        return tuple(
            Section(
                id=row.id,
                position=row.position,
                title=LocalizedText.from_mapping(dict(row.title)),
                text=LocalizedText.from_mapping(dict(row.text)),
            )
            for row in rows
        )

    def _from_row(self, row: Row[Any]) -> Consultation:
        return Consultation(
            id=row.id,
            slug=row.slug,
            title=LocalizedText.from_mapping(dict(row.title)),
            summary=LocalizedText.from_mapping(dict(row.summary)),
            organiser=row.organiser,
            opens_on=row.opens_on,
            closes_on=row.closes_on,
            sections=self._sections(row.id),
            created_at=row.created_at,
            created_by=row.created_by,
            state=ConsultationState(row.state),
            answered_at=row.answered_at,
        )

    def add(self, consultation: Consultation) -> Consultation:
        new_id = self.connection.execute(
            consultations.insert()
            .values(
                slug=consultation.slug,
                title=consultation.title.as_dict(),
                summary=consultation.summary.as_dict(),
                organiser=consultation.organiser,
                opens_on=consultation.opens_on,
                closes_on=consultation.closes_on,
                state=consultation.state.value,
                created_at=consultation.created_at,
                created_by=consultation.created_by,
                answered_at=consultation.answered_at,
            )
            .returning(consultations.c.id)
        ).scalar_one()
        for section in consultation.sections:
            self.connection.execute(
                consultation_sections.insert().values(
                    consultation_id=new_id,
                    position=section.position,
                    title=section.title.as_dict(),
                    text=section.text.as_dict(),
                )
            )
        found = self.get(consultation.slug)
        assert found is not None
        return found

    def update(self, consultation: Consultation) -> Consultation:
        """The state and its date; the text of a consultation is not rewritten."""
        assert consultation.id is not None
        self.connection.execute(
            consultations.update()
            .where(consultations.c.id == consultation.id)
            .values(state=consultation.state.value, answered_at=consultation.answered_at)
        )
        return consultation

    def get(self, slug: str) -> Consultation | None:
        row = self.connection.execute(
            sa.select(consultations).where(consultations.c.slug == slug)
        ).first()
        return self._from_row(row) if row is not None else None

    def list_all(self) -> list[Consultation]:
        rows = self.connection.execute(
            sa.select(consultations).order_by(consultations.c.opens_on.desc(), consultations.c.slug)
        )
        return [self._from_row(row) for row in rows]

    # --- contributions -------------------------------------------------------------------------

    @staticmethod
    def _values(contribution: Contribution) -> dict[str, Any]:
        return {
            "consultation_id": contribution.consultation_id,
            "section_id": contribution.section_id,
            "text": contribution.text,
            "language": contribution.language.value,
            "display_name": contribution.display_name,
            "email": contribution.email,
            "secret_hash": contribution.secret_hash,
            "state": contribution.state.value,
            "submitted_at": contribution.submitted_at,
            "moderated_at": contribution.moderated_at,
            "refusal_reason": contribution.refusal_reason,
            "answer": contribution.answer,
            "answer_status": contribution.answer_status.value
            if contribution.answer_status
            else None,
            "answer_language": contribution.answer_language.value
            if contribution.answer_language
            else None,
            "answered_at": contribution.answered_at,
            "email_erased_at": contribution.email_erased_at,
        }

    @staticmethod
    def _contribution(row: Row[Any]) -> Contribution:
        return Contribution(
            id=row.id,
            consultation_id=row.consultation_id,
            section_id=row.section_id,
            text=row.text,
            language=Language(row.language),
            display_name=row.display_name,
            email=row.email,
            secret_hash=row.secret_hash,
            state=ContributionState(row.state),
            submitted_at=row.submitted_at,
            moderated_at=row.moderated_at,
            refusal_reason=row.refusal_reason,
            answer=row.answer,
            answer_status=AnswerStatus(row.answer_status) if row.answer_status else None,
            answer_language=Language(row.answer_language) if row.answer_language else None,
            answered_at=row.answered_at,
            email_erased_at=row.email_erased_at,
        )

    def add_contribution(self, contribution: Contribution) -> Contribution:
        new_id = self.connection.execute(
            consultation_contributions.insert()
            .values(**self._values(contribution))
            .returning(consultation_contributions.c.id)
        ).scalar_one()
        found = self.get_contribution(new_id)
        assert found is not None
        return found

    def update_contribution(self, contribution: Contribution) -> Contribution:
        assert contribution.id is not None
        self.connection.execute(
            consultation_contributions.update()
            .where(consultation_contributions.c.id == contribution.id)
            .values(**self._values(contribution))
        )
        return contribution

    def get_contribution(self, contribution_id: int) -> Contribution | None:
        row = self.connection.execute(
            sa.select(consultation_contributions).where(
                consultation_contributions.c.id == contribution_id
            )
        ).first()
        return self._contribution(row) if row is not None else None

    def contributions(self, consultation_id: int) -> list[Contribution]:
        rows = self.connection.execute(
            sa.select(consultation_contributions)
            .where(consultation_contributions.c.consultation_id == consultation_id)
            .order_by(consultation_contributions.c.id)
        )
        return [self._contribution(row) for row in rows]
