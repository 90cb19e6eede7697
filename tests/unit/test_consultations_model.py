"""The consultation's domain on plain inputs: validation, the state machine, moderation rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from balise.domain.consultations.model import (
    AnswerStatus,
    Consultation,
    ConsultationInput,
    ConsultationState,
    Contribution,
    ContributionInput,
    ContributionState,
    Section,
    answered_share,
    refusal_reasons,
    unanswered_count,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import Language, LocalizedText

AT = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
TEXT = LocalizedText(nl="Tekst")


def consultation_input(**changes: object) -> ConsultationInput:
    values: dict[str, object] = {
        "slug": "ai",
        "title": LocalizedText(fr="IA"),
        "summary": LocalizedText(de="Zusammenfassung"),
        "organiser": "BOSA",
        "opens_on": date(2026, 12, 1),
        "closes_on": date(2026, 12, 31),
        "sections": (Section(title=TEXT, text=TEXT),),
    }
    values.update(changes)
    return ConsultationInput(**values)  # type: ignore[arg-type]


def made(state: ConsultationState = ConsultationState.OPEN) -> Consultation:
    created = Consultation.create(consultation_input(), at=AT, by="staff")
    sections = tuple(replace(s, id=7) for s in created.sections)
    return replace(created, id=1, state=state, sections=sections)


def contribution(**changes: object) -> Contribution:
    consultation = made()
    found = Contribution.submit(
        consultation=consultation,
        section=consultation.sections[0],
        given=ContributionInput(text=" Idee ", language=Language.NL, consent=True),
        secret_hash="",
        at=AT,
    )
    return replace(found, id=3, **changes)  # type: ignore[arg-type]


def test_every_error_of_a_consultation_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as refused:
        consultation_input(
            slug="New",
            title=LocalizedText(),
            summary=LocalizedText(en="x" * 2001),
            organiser=" ",
            opens_on=date(2026, 12, 31),
            closes_on=date(2026, 12, 1),
            sections=(Section(title=LocalizedText(), text=TEXT),),
        )
    assert set(refused.value.errors) == {
        "slug",
        "title",
        "summary_en",
        "organiser",
        "closes_on",
        "section1_title",
    }
    with pytest.raises(ValidationError) as reserved:
        consultation_input(slug="new", sections=())
    assert set(reserved.value.errors) == {"slug", "sections"}


def test_the_states_go_one_way_and_answered_needs_every_answer() -> None:
    draft = made(ConsultationState.DRAFT)
    assert not draft.public
    with pytest.raises(Conflict):
        draft.move_to(ConsultationState.CLOSED, at=AT)
    opened = draft.move_to(ConsultationState.OPEN, at=AT)
    closed = opened.move_to(ConsultationState.CLOSED, at=AT)
    with pytest.raises(Conflict):
        closed.move_to(ConsultationState.OPEN, at=AT)
    published = contribution(state=ContributionState.PUBLISHED)
    with pytest.raises(Conflict):
        closed.move_to(ConsultationState.ANSWERED, at=AT, contributions=[published])
    with pytest.raises(Conflict):  # one still waits for moderation
        closed.move_to(ConsultationState.ANSWERED, at=AT, contributions=[contribution()])
    answered = published.respond("Merci", AnswerStatus.OUT_OF_SCOPE, language=Language.FR, at=AT)
    refused = contribution().refuse("duplicate", at=AT)
    done = closed.move_to(ConsultationState.ANSWERED, at=AT, contributions=[answered, refused])
    assert done.state is ConsultationState.ANSWERED
    assert done.answered_at == AT


def test_contributions_are_taken_only_between_the_belgian_dates_while_open() -> None:
    opened = made()
    assert opened.accepts_contributions(date(2026, 12, 1))
    assert opened.accepts_contributions(date(2026, 12, 31))
    assert not opened.accepts_contributions(date(2027, 1, 1))
    assert not opened.accepts_contributions(date(2026, 11, 30))
    assert not made(ConsultationState.CLOSED).accepts_contributions(date(2026, 12, 15))


def test_a_contribution_is_checked_moderated_answered_and_forgets_its_address() -> None:
    with pytest.raises(ValidationError) as refused:
        ContributionInput(
            text="x" * 2001, language=Language.FR, display_name="n" * 81, email="nope"
        )
    assert set(refused.value.errors) == {"text", "display_name", "email", "consent"}
    waiting = contribution(email="a@b.be", secret_hash="h")
    assert waiting.text == "Idee"
    with pytest.raises(Conflict):
        waiting.respond("x", AnswerStatus.TAKEN, language=Language.NL, at=AT)
    with pytest.raises(ValidationError):
        waiting.refuse("boring", at=AT)
    published = waiting.publish(at=AT)
    with pytest.raises(Conflict):
        published.refuse("duplicate", at=AT)
    with pytest.raises(ValidationError) as empty:
        published.respond(" ", None, language=None, at=AT)
    assert set(empty.value.errors) == {"answer", "status", "answer_language"}
    answered = published.respond(
        "Ja", AnswerStatus.PARTLY, language=Language.NL, at=AT + timedelta(days=1)
    )
    assert answered.answered
    assert unanswered_count([published, answered]) == 1
    assert answered_share([published, answered, contribution()]) == 0.5
    erased = answered.erase_email(at=AT)
    assert (erased.email, erased.secret_hash) == ("", "")
    assert erased.email_erased_at == AT
    assert "a@b.be" not in str(answered.snapshot())


def test_an_answer_records_the_language_it_is_written_in() -> None:
    published = contribution().publish(at=AT)
    assert published.language is Language.NL
    assert published.answer_language is None  # and so stay answers given before it was recorded
    with pytest.raises(ValidationError) as missing:
        published.respond("Merci pour cette idée.", AnswerStatus.TAKEN, language=None, at=AT)
    assert set(missing.value.errors) == {"answer_language"}
    assert missing.value.errors["answer_language"].key == (
        "Choose the language the answer is written in."
    )
    answered = published.respond(
        "Merci pour cette idée.", AnswerStatus.TAKEN, language=Language.FR, at=AT
    )
    assert answered.answer_language is Language.FR
    assert answered.language is Language.NL  # the contribution keeps its own
    assert answered.snapshot()["answer_language"] == "fr"
    assert published.snapshot()["answer_language"] is None
    revised = answered.respond("Dank u.", AnswerStatus.TAKEN, language=Language.NL, at=AT)
    assert revised.answer_language is Language.NL


def test_the_refusal_reasons_are_data_in_four_languages() -> None:
    reasons = refusal_reasons()
    assert {"off_topic", "personal_data", "insulting", "duplicate"} <= set(reasons.codes)
    for text in reasons.texts.values():
        assert set(text.languages()) == {Language.FR, Language.NL, Language.DE, Language.EN}
    assert "GDPR" in reasons.basis
