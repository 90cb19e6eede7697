"""Consultation use cases on SQLite and PostgreSQL: states, moderation, answers, e-mail erasure."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.consultations.model import (
    AnswerStatus,
    ConsultationState,
    ContributionState,
)
from balise.domain.shared.clock import FixedClock
from balise.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationError
from balise.domain.shared.i18n import Language
from balise.services import consultations
from consultations_support import NOW, comment, given
from register_support import actor_of


def test_a_consultation_runs_from_draft_to_answered(
    container: Container, world: dict[str, Any]
) -> None:
    container.clock = FixedClock(NOW)
    admin, regulator = actor_of(world, "admin"), actor_of(world, "regulator")
    public = Actor()
    with container.uow() as uow:
        with pytest.raises(PermissionDenied):
            consultations.create_consultation(uow, actor=actor_of(world, "editor"), given=given())
        created = consultations.create_consultation(uow, actor=admin, given=given())
        with pytest.raises(ValidationError) as taken:
            consultations.create_consultation(uow, actor=admin, given=given())
        assert set(taken.value.errors) == {"slug"}
        assert [s.position for s in created.sections] == [0, 1]
        assert created.sections[1].title.de == "Human oversight (de)"
        section = created.sections[0].id
        assert section is not None
        # a draft is hidden from the public and takes no contribution
        assert consultations.list_consultations(uow, actor=public) == []
        with pytest.raises(NotFound):
            consultations.get_consultation(uow, actor=public, slug="ai-chapter")
        with pytest.raises(NotFound):
            consultations.contribute(
                uow, actor=public, slug="ai-chapter", section_id=section, given=comment()
            )
        consultations.move_consultation(
            uow, actor=regulator, slug="ai-chapter", to=ConsultationState.OPEN
        )
        with pytest.raises(NotFound):
            consultations.contribute(
                uow, actor=public, slug="ai-chapter", section_id=999, given=comment()
            )
        one = consultations.contribute(
            uow, actor=public, slug="ai-chapter", section_id=section, given=comment()
        ).contribution
        two = consultations.contribute(
            uow,
            actor=public,
            slug="ai-chapter",
            section_id=section,
            given=comment("Call me names", email="Me@Example.be"),
        )
        assert two.secret
        assert two.contribution.email == "me@example.be"
        assert one.state is ContributionState.PENDING
        consultation = consultations.get_consultation(uow, actor=public, slug="ai-chapter")
        assert consultations.list_contributions(uow, actor=public, consultation=consultation) == []
        assert one.id is not None
        assert two.contribution.id is not None
        consultations.moderate_contribution(
            uow, actor=admin, slug="ai-chapter", contribution_id=one.id, publish=True
        )
        with pytest.raises(ValidationError):
            consultations.moderate_contribution(
                uow,
                actor=admin,
                slug="ai-chapter",
                contribution_id=two.contribution.id,
                publish=False,
                reason="boring",
            )
        refused = consultations.moderate_contribution(
            uow,
            actor=admin,
            slug="ai-chapter",
            contribution_id=two.contribution.id,
            publish=False,
            reason="insulting",
        )
        # the author is told once, in their language, and the address is erased at once
        assert [m.to for m in refused.mails] == ["me@example.be"]
        assert "beledigend" in refused.mails[0].body
        assert refused.contribution.email == ""
        assert refused.contribution.email_erased_at
        with pytest.raises(Conflict):
            consultations.moderate_contribution(
                uow, actor=admin, slug="ai-chapter", contribution_id=one.id, publish=True
            )
        shown = consultations.list_contributions(uow, actor=public, consultation=consultation)
        assert [c.id for c in shown] == [one.id]
        figures = consultations.consultation_figures(uow, consultation)
        assert (figures.published, figures.unanswered, figures.refused) == (1, 1, 1)
        consultations.move_consultation(
            uow, actor=admin, slug="ai-chapter", to=ConsultationState.CLOSED
        )
        with pytest.raises(Conflict):  # after closing, nobody contributes
            consultations.contribute(
                uow, actor=public, slug="ai-chapter", section_id=section, given=comment()
            )
        with pytest.raises(Conflict):  # one published contribution still has no answer
            consultations.move_consultation(
                uow, actor=admin, slug="ai-chapter", to=ConsultationState.ANSWERED
            )
        with pytest.raises(ValidationError) as missing:
            consultations.answer_contribution(
                uow,
                actor=admin,
                slug="ai-chapter",
                contribution_id=one.id,
                answer="",
                status=None,
                language=None,
            )
        assert set(missing.value.errors) == {"answer", "status", "answer_language"}
        answered = consultations.answer_contribution(
            uow,
            actor=admin,
            slug="ai-chapter",
            contribution_id=one.id,
            answer="Added in 3.2.",
            status=AnswerStatus.TAKEN,
            language=Language.EN,
        )
        assert answered.mails == []  # no address was given
        done = consultations.move_consultation(
            uow, actor=admin, slug="ai-chapter", to=ConsultationState.ANSWERED
        )
        assert done.answered_at == NOW
        with pytest.raises(Conflict):
            consultations.answer_contribution(
                uow,
                actor=admin,
                slug="ai-chapter",
                contribution_id=one.id,
                answer="Changed",
                status=AnswerStatus.PARTLY,
                language=Language.EN,
            )
        _, rows = consultations.open_data(uow, actor=public, slug="ai-chapter")
        assert rows == [
            {
                "contribution_id": one.id,
                "section_id": section,
                "section_position": 1,
                "section_title": "Transparency (nl)",
                "language": "nl",
                "display_name": "An",
                "text": "Add a deadline.",
                "submitted_on": "2026-12-02",
                "answer_status": "taken_into_account",
                "answer": "Added in 3.2.",
                "answered_on": "2026-12-02",
                "answer_language": "en",
            }
        ]
        events = [e.event_type for e in uow.audit_log.history("consultation", "ai-chapter")]
        assert events == [
            "consultation.created",
            "consultation.opened",
            "consultation.closed",
            "consultation.answered",
        ]
        refused_events = uow.audit_log.history("contribution", str(two.contribution.id))
        assert [e.event_type for e in refused_events] == [
            "contribution.submitted",
            "contribution.refused",
        ]
        assert "example.be" not in str([e.after for e in refused_events])
        uow.commit()


def test_contributions_only_between_the_dates_and_the_author_erases_the_address(
    container: Container, world: dict[str, Any]
) -> None:
    container.clock = FixedClock(NOW)
    admin = actor_of(world, "admin")
    with container.uow() as uow:
        late = replace(given("later"), opens_on=NOW.date() + timedelta(days=1))
        created = consultations.create_consultation(uow, actor=admin, given=late)
        consultations.move_consultation(uow, actor=admin, slug="later", to=ConsultationState.OPEN)
        section = created.sections[0].id
        assert section is not None
        with pytest.raises(Conflict):
            consultations.contribute(
                uow, actor=Actor(), slug="later", section_id=section, given=comment()
            )
        uow.commit()
        container.clock = FixedClock(NOW + timedelta(days=1))
    with container.uow() as uow:
        done = consultations.contribute(
            uow,
            actor=Actor(),
            slug="later",
            section_id=section,
            given=comment(email="me@example.be"),
        )
        assert done.contribution.id is not None
        with pytest.raises(NotFound):
            consultations.erase_contribution_email(
                uow, slug="later", contribution_id=done.contribution.id, secret="wrong"
            )
        erased = consultations.erase_contribution_email(
            uow, slug="later", contribution_id=done.contribution.id, secret=done.secret
        )
        assert erased.email == ""
        assert erased.secret_hash == ""
        stored = uow.consultations.get_contribution(done.contribution.id)
        assert stored is not None
        assert stored.email == ""
        uow.commit()
