"""Guichet use cases on SQLite and PostgreSQL: guides reviewed before publication, the desk."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.guichet.guides import GuideState, shipped_guides
from balise.domain.guichet.questions import AskerKind, QuestionInput, QuestionState
from balise.domain.shared.clock import FixedClock
from balise.domain.shared.errors import Conflict, NotFound, PermissionDenied
from balise.domain.shared.i18n import Language
from balise.services import guichet
from register_support import actor_of

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday
DUTCH = QuestionInput(
    asker_kind=AskerKind.COMPANY,
    subject="Chatbot",
    text="Moet onze chatbot melden dat hij een AI is?",
    language=Language.NL,
    email="info@voorbeeld.be",
    publish_consent=True,
)


def test_guides_are_drafts_until_the_regulator_publishes_them(
    container: Container, world: dict[str, Any]
) -> None:
    container.clock = FixedClock(NOW)
    admin, regulator = actor_of(world, "admin"), actor_of(world, "regulator")
    with container.uow() as uow:
        with pytest.raises(PermissionDenied):
            guichet.load_shipped_guides(uow, actor=actor_of(world, "editor"))
        added = guichet.load_shipped_guides(uow, actor=admin)
        assert len(added) == len(shipped_guides()) == 8
        assert guichet.load_shipped_guides(uow, actor=admin) == []  # each version once
        assert guichet.published_guides(uow) == []
        with pytest.raises(PermissionDenied):
            guichet.publish_guide(uow, actor=admin, code="fria", version=1)
        published = guichet.publish_guide(uow, actor=regulator, code="fria", version=1)
        assert published.state is GuideState.PUBLISHED
        with pytest.raises(Conflict):
            guichet.publish_guide(uow, actor=regulator, code="fria", version=1)
        # a second version supersedes the first
        second = replace(added[0], version=2, state=GuideState.DRAFT, id=None)
        uow.guides.add(replace(second, code="fria", obligations=("fria",)))
        guichet.publish_guide(uow, actor=regulator, code="fria", version=2)
        states = [(g.version, g.state) for g in uow.guides.versions("fria")]
        assert states == [(1, GuideState.SUPERSEDED), (2, GuideState.PUBLISHED)]
        assert [g.code for g in guichet.published_guides(uow, obligation="fria")] == ["fria"]
        assert guichet.published_guides(uow, obligation="ai_literacy") == []
        with pytest.raises(NotFound):
            guichet.published_guide(uow, code="ai-literacy")
        events = [e.event_type for e in uow.audit_log.history("guide", "fria@1")]
        assert events == ["guide.drafted", "guide.published", "guide.superseded"]
        uow.commit()
    with container.uow() as uow:
        facts = uow.observatory.facts()
        assert [(g.code, g.published_on) for g in facts.guides] == [("fria", NOW.date())]


def test_a_question_is_asked_followed_answered_and_published_as_faq(
    container: Container, world: dict[str, Any]
) -> None:
    clock = FixedClock(NOW)
    container.clock = clock
    regulator = actor_of(world, "regulator")
    with container.uow() as uow:
        asked = guichet.ask_question(uow, actor=Actor(), given=DUTCH, base_url="https://b.be/")
        uow.commit()
    question = asked.question
    assert question.reference == "QST-2026-000001"
    assert question.due_on == date(2026, 12, 16)  # ten Belgian working days
    assert asked.secret not in question.secret_hash
    assert asked.follow_up_url.startswith("https://b.be/questions/QST-2026-000001?key=")
    assert [m.to for m in asked.mails] == ["info@voorbeeld.be"]
    assert "QST-2026-000001" in asked.mails[0].subject
    assert "ontvangen" in asked.mails[0].subject  # in the asker's language
    with container.uow() as uow:
        with pytest.raises(NotFound):
            guichet.follow_question(uow, reference=question.reference, secret="wrong")
        with pytest.raises(NotFound):
            guichet.get_question(uow, actor=actor_of(world, "editor"), reference=question.reference)
        assert guichet.list_questions(uow, actor=regulator)[0].reference == question.reference
        with pytest.raises(PermissionDenied):
            guichet.list_questions(uow, actor=actor_of(world, "admin"))
    clock.at = NOW + timedelta(days=6)
    with container.uow() as uow:
        changed = guichet.answer_question(
            uow,
            actor=regulator,
            reference=question.reference,
            answer="Ja, vanaf 2 augustus 2026 (art. 50(1)).",
            obligations=("disclose_ai_interaction",),
        )
        assert changed.question.days_to_answer() == 6
        assert "beantwoord" in changed.mails[0].subject
        guichet.publish_faq(
            uow,
            actor=regulator,
            reference=question.reference,
            question="Moet een chatbot melden dat hij een AI is?",
            answer="Ja, vanaf 2 augustus 2026.",
        )
        uow.commit()
    with container.uow() as uow:
        followed = guichet.follow_question(uow, reference=question.reference, secret=asked.secret)
        assert followed.state is QuestionState.ANSWERED
        faq = guichet.faq_entries(uow, obligation="disclose_ai_interaction")
        assert [q.reference for q in faq] == [question.reference]
        assert guichet.faq_entries(uow, obligation="fria") == []
        stats = guichet.desk_statistics(uow)
        assert (stats.asked, stats.answered, stats.median_response_days) == (1, 1, 6.0)
        assert stats.share_on_time == 1.0
        events = uow.audit_log.history("question", question.reference)
        assert [e.event_type for e in events] == [
            "question.asked",
            "question.answered",
            "question.faq_published",
        ]
        assert "info@voorbeeld.be" not in str([e.after for e in events])
        facts = uow.observatory.facts()
        assert [(q.asked_on, q.answered_on) for q in facts.questions] == [
            (NOW.date(), NOW.date() + timedelta(days=6))
        ]
        erased = guichet.erase_own_question_data(
            uow, reference=question.reference, secret=asked.secret
        )
        assert erased.email == ""
        uow.commit()


def test_an_escalated_question_stays_open_and_tells_the_asker(
    container: Container, world: dict[str, Any]
) -> None:
    container.clock = FixedClock(NOW)
    regulator = actor_of(world, "regulator")
    editor = actor_of(world, "editor")
    with container.uow() as uow:
        asked = guichet.ask_question(
            uow, actor=editor, given=replace(DUTCH, email="", signed_in=True)
        )
        assert asked.question.email == "editor@balise.test"  # the account's address
        assert asked.question.user_id == world["users"]["editor"].id
        changed = guichet.escalate_question(
            uow, actor=regulator, reference=asked.question.reference, note="GPAI; web form."
        )
        assert changed.question.state is QuestionState.ESCALATED
        assert changed.mails[0].to == "editor@balise.test"
        with pytest.raises(Conflict):
            guichet.publish_faq(
                uow, actor=regulator, reference=asked.question.reference, question="Q", answer="A"
            )
        stats = guichet.desk_statistics(uow)
        assert (stats.open, stats.escalated, stats.median_response_days) == (1, 1, None)
        with pytest.raises(PermissionDenied):
            guichet.ask_question(uow, actor=editor, given=DUTCH, received_at=NOW)
        uow.commit()


def test_the_demo_publishes_the_guides_and_answers_questions(
    container: Container, world: dict[str, Any]
) -> None:
    """The demo seeder, on its own: the demo regulator must exist."""
    from balise.services import guichet_demo

    container.clock = FixedClock(NOW)
    with container.uow() as uow:
        regulator = world["users"]["regulator"]
        uow.users.update(replace(regulator, email="regulator@demo.balise.be"))
        assert guichet_demo.seed_demo(uow, clock=container.clock)
        assert not guichet_demo.seed_demo(uow, clock=container.clock)  # only once
        assert len(guichet.published_guides(uow)) == 8
        stats = guichet.desk_statistics(uow)
        assert stats.asked == 5
        assert stats.answered == 3
        assert stats.escalated == 1
        assert stats.median_response_days == 7.0  # 7, 12 and 5 days: the middle one is 7
        assert len(guichet.faq_entries(uow)) == 2
        uow.commit()
