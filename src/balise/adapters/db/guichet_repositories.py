"""Guide versions and the question desk's questions."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db.guichet_tables import guides, questions
from balise.domain.guichet.guides import Guide, GuideKind, GuideState
from balise.domain.guichet.questions import AskerKind, Question, QuestionState
from balise.domain.shared.i18n import Language


class GuideRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @staticmethod
    def _values(guide: Guide) -> dict[str, Any]:
        return {
            "code": guide.code,
            "version": guide.version,
            "kind": guide.kind.value,
            "obligations": list(guide.obligations),
            "articles": list(guide.articles),
            "texts": guide.texts_json(),
            "state": guide.state.value,
            "created_at": guide.created_at,
            "created_by": guide.created_by,
            "published_at": guide.published_at,
            "published_by": guide.published_by,
        }

    @staticmethod
    def _from_row(row: Row[Any]) -> Guide:
        return Guide(
            id=row.id,
            code=row.code,
            version=row.version,
            kind=GuideKind(row.kind),
            obligations=tuple(row.obligations),
            articles=tuple(row.articles),
            texts=Guide.texts_from_json(dict(row.texts)),
            state=GuideState(row.state),
            created_at=row.created_at,
            created_by=row.created_by,
            published_at=row.published_at,
            published_by=row.published_by,
        )

    def add(self, guide: Guide) -> Guide:
        new_id = self.connection.execute(
            guides.insert().values(**self._values(guide)).returning(guides.c.id)
        ).scalar_one()
        found = self.get(guide.code, guide.version)
        assert found is not None
        assert found.id == new_id
        return found

    def update(self, guide: Guide) -> Guide:
        assert guide.id is not None
        self.connection.execute(
            guides.update().where(guides.c.id == guide.id).values(**self._values(guide))
        )
        return guide

    def get(self, code: str, version: int) -> Guide | None:
        row = self.connection.execute(
            sa.select(guides).where(guides.c.code == code, guides.c.version == version)
        ).first()
        return self._from_row(row) if row is not None else None

    def versions(self, code: str) -> list[Guide]:
        rows = self.connection.execute(
            sa.select(guides).where(guides.c.code == code).order_by(guides.c.version)
        )
        return [self._from_row(row) for row in rows]

    def list_all(self) -> list[Guide]:
        rows = self.connection.execute(sa.select(guides).order_by(guides.c.code, guides.c.version))
        return [self._from_row(row) for row in rows]

    def list_published(self) -> list[Guide]:
        rows = self.connection.execute(
            sa.select(guides)
            .where(guides.c.state == GuideState.PUBLISHED.value)
            .order_by(guides.c.code)
        )
        return [self._from_row(row) for row in rows]


class QuestionRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @staticmethod
    def _values(question: Question) -> dict[str, Any]:
        return {
            "reference": question.reference,
            "asker_kind": question.asker_kind.value,
            "subject": question.subject,
            "text": question.text,
            "language": question.language.value,
            "email": question.email,
            "user_id": question.user_id,
            "publish_consent": question.publish_consent,
            "obligations": list(question.obligations),
            "secret_hash": question.secret_hash,
            "state": question.state.value,
            "asked_at": question.asked_at,
            "due_on": question.due_on,
            "target_version": question.target_version,
            "answer": question.answer,
            "answered_at": question.answered_at,
            "answered_by": question.answered_by,
            "escalation_note": question.escalation_note,
            "escalated_at": question.escalated_at,
            "faq_question": question.faq_question,
            "faq_answer": question.faq_answer,
            "faq_published_at": question.faq_published_at,
            "contact_erased_at": question.contact_erased_at,
        }

    @staticmethod
    def _from_row(row: Row[Any]) -> Question:
        return Question(
            id=row.id,
            reference=row.reference,
            asker_kind=AskerKind(row.asker_kind),
            subject=row.subject,
            text=row.text,
            language=Language(row.language),
            email=row.email,
            user_id=row.user_id,
            publish_consent=row.publish_consent,
            obligations=tuple(row.obligations),
            secret_hash=row.secret_hash,
            state=QuestionState(row.state),
            asked_at=row.asked_at,
            due_on=row.due_on,
            target_version=row.target_version,
            answer=row.answer,
            answered_at=row.answered_at,
            answered_by=row.answered_by,
            escalation_note=row.escalation_note,
            escalated_at=row.escalated_at,
            faq_question=row.faq_question,
            faq_answer=row.faq_answer,
            faq_published_at=row.faq_published_at,
            contact_erased_at=row.contact_erased_at,
        )

    def next_number(self, year: int) -> int:
        """One more than the highest number used this year (`QST-YYYY-NNNNNN`)."""
        highest = self.connection.execute(
            sa.select(sa.func.max(questions.c.reference)).where(
                questions.c.reference.like(f"QST-{year:04d}-%")
            )
        ).scalar_one()
        return int(str(highest).rsplit("-", 1)[1]) + 1 if highest else 1

    def add(self, question: Question) -> Question:
        self.connection.execute(questions.insert().values(**self._values(question)))
        found = self.find_by_reference(question.reference)
        assert found is not None
        return found

    def update(self, question: Question) -> Question:
        assert question.id is not None
        self.connection.execute(
            questions.update().where(questions.c.id == question.id).values(**self._values(question))
        )
        return question

    def find_by_reference(self, reference: str) -> Question | None:
        row = self.connection.execute(
            sa.select(questions).where(questions.c.reference == reference)
        ).first()
        return self._from_row(row) if row is not None else None

    def list_all(self) -> list[Question]:
        rows = self.connection.execute(
            sa.select(questions).order_by(questions.c.asked_at, questions.c.id)
        )
        return [self._from_row(row) for row in rows]

    def list_faq(self) -> list[Question]:
        rows = self.connection.execute(
            sa.select(questions)
            .where(questions.c.faq_published_at.is_not(None))
            .order_by(questions.c.faq_published_at.desc(), questions.c.id)
        )
        return [self._from_row(row) for row in rows]
