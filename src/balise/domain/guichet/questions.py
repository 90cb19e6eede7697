"""The question desk: anyone asks the regulator's staff about the AI Act; they answer it.

A question is known by a readable reference (`QST-2026-000042`) and followed through a secret
link; only a hash of the secret is stored (the same helpers as citizens' requests). The answer is
due within a response-time target counted in Belgian working days (`desk.yaml`: a project
choice, the law sets none). A question the desk cannot settle is escalated to the European
Commission's AI Act Service Desk: Balise records that it was, when and why, and sends nothing.
With the asker's consent, an answered question becomes a public FAQ entry, anonymised by staff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from balise.domain.guichet.guides import obligation_codes
from balise.domain.monitoring.calendar import is_working_day
from balise.domain.monitoring.requests import hash_secret, new_secret, secret_matches
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import N_, Language, Message

__all__ = ["hash_secret", "new_secret", "secret_matches"]

DESK_FILE = Path(__file__).parent / "desk.yaml"
_REFERENCE = re.compile(r"^QST-\d{4}-\d{6}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_TEXT = 4000
MAX_SUBJECT = 200


class AskerKind(StrEnum):
    COMPANY = "company"
    ADMINISTRATION = "administration"
    CITIZEN = "citizen"


class QuestionState(StrEnum):
    RECEIVED = "received"
    ESCALATED = "escalated"  # sent on to the Commission's AI Act Service Desk
    ANSWERED = "answered"


@dataclass(frozen=True)
class ResponseTarget:
    working_days: int
    basis: str
    version: str


@cache
def response_target(version: str | None = None) -> ResponseTarget:
    raw = yaml.safe_load(DESK_FILE.read_text(encoding="utf-8"))
    chosen = version or str(raw["current"])
    rule = raw["versions"][chosen]
    return ResponseTarget(int(rule["target_working_days"]), str(rule["basis"]), chosen)


def add_working_days(start: date, days: int) -> date:
    """The `days`-th Belgian working day after `start` (the day itself does not count)."""
    if days < 0:
        raise ValueError("count forward")
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Belgian working days after `start` up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def question_reference(year: int, number: int) -> str:
    return f"QST-{year:04d}-{number:06d}"


def check_question_reference(reference: str) -> str:
    if not _REFERENCE.match(reference):
        raise ValidationError.single("reference", N_("This is not a question reference."))
    return reference


def check_obligations(codes: tuple[str, ...]) -> tuple[str, ...]:
    unknown = sorted(set(codes) - obligation_codes())
    if unknown:
        raise ValidationError.single(
            "obligations",
            N_("These are not obligation codes of the AI Act: %(codes)s"),
            codes=", ".join(unknown),
        )
    return tuple(dict.fromkeys(codes))


@dataclass(frozen=True)
class QuestionInput:
    """What the asker gives; validated all at once."""

    asker_kind: AskerKind
    subject: str
    text: str
    language: Language
    email: str = ""
    signed_in: bool = False
    publish_consent: bool = False
    obligations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        object.__setattr__(self, "email", self.email.strip().lower())
        object.__setattr__(self, "subject", self.subject.strip())
        object.__setattr__(self, "text", self.text.strip())
        if not self.subject:
            errors["subject"] = Message(N_("Give your question a short title."))
        elif len(self.subject) > MAX_SUBJECT:
            errors["subject"] = Message(
                N_("Write at most %(count)s characters."), {"count": MAX_SUBJECT}
            )
        if not self.text:
            errors["text"] = Message(N_("Write your question."))
        elif len(self.text) > MAX_TEXT:
            errors["text"] = Message(N_("Write at most %(count)s characters."), {"count": MAX_TEXT})
        if self.email and (not _EMAIL.match(self.email) or len(self.email) > 254):
            errors["email"] = Message(N_("This is not an e-mail address."))
        elif not self.email and not self.signed_in:
            errors["email"] = Message(
                N_("Give an e-mail address, or sign in, so that we can answer you.")
            )
        try:
            object.__setattr__(self, "obligations", check_obligations(self.obligations))
        except ValidationError as error:
            errors.update(error.errors)
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class FaqEntry:
    """The public form of an answered question: rewritten by staff, without the asker."""

    question: str
    answer: str
    obligations: tuple[str, ...]
    language: Language
    published_at: datetime
    reference: str


@dataclass(frozen=True)
class Question:
    reference: str
    asker_kind: AskerKind
    subject: str
    text: str
    language: Language
    email: str
    user_id: int | None
    publish_consent: bool
    obligations: tuple[str, ...]
    secret_hash: str
    asked_at: datetime
    due_on: date
    target_version: str
    state: QuestionState = QuestionState.RECEIVED
    answer: str = ""
    answered_at: datetime | None = None
    answered_by: int | None = None
    escalation_note: str = ""
    escalated_at: datetime | None = None
    faq_question: str = ""
    faq_answer: str = ""
    faq_published_at: datetime | None = None
    contact_erased_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        check_question_reference(self.reference)

    @classmethod
    def ask(
        cls,
        *,
        reference: str,
        given: QuestionInput,
        user_id: int | None,
        secret_hash: str,
        at: datetime,
    ) -> Question:
        target = response_target()
        return cls(
            reference=reference,
            asker_kind=given.asker_kind,
            subject=given.subject,
            text=given.text,
            language=given.language,
            email=given.email,
            user_id=user_id,
            publish_consent=given.publish_consent,
            obligations=given.obligations,
            secret_hash=secret_hash,
            asked_at=at,
            due_on=add_working_days(at.date(), target.working_days),
            target_version=target.version,
        )

    @property
    def asked_on(self) -> date:
        return self.asked_at.date()

    @property
    def answered_on(self) -> date | None:
        return self.answered_at.date() if self.answered_at else None

    def overdue(self, today: date) -> bool:
        return self.state is not QuestionState.ANSWERED and today > self.due_on

    @property
    def answered_on_time(self) -> bool | None:
        answered = self.answered_on
        return None if answered is None else answered <= self.due_on

    def days_to_answer(self) -> int | None:
        """Calendar days from the question to its answer (the indicator's measure)."""
        answered = self.answered_on
        return None if answered is None else (answered - self.asked_on).days

    def respond(
        self, text: str, *, by: int, at: datetime, obligations: tuple[str, ...] = ()
    ) -> Question:
        if self.state is QuestionState.ANSWERED:
            raise Conflict(Message(N_("This question has been answered.")))
        text = text.strip()
        if at < self.asked_at:
            raise ValidationError.single(
                "answered_at", N_("A question is answered after it is asked.")
            )
        if not text:
            raise ValidationError.single("answer", N_("Write the answer."))
        if len(text) > MAX_TEXT:
            raise ValidationError.single(
                "answer", N_("Write at most %(count)s characters."), count=MAX_TEXT
            )
        return replace(
            self,
            answer=text,
            answered_at=at,
            answered_by=by,
            state=QuestionState.ANSWERED,
            obligations=check_obligations(obligations) if obligations else self.obligations,
        )

    def escalate(self, note: str, *, at: datetime) -> Question:
        """Record that the question went on to the Commission's AI Act Service Desk."""
        if self.state is not QuestionState.RECEIVED:
            raise Conflict(Message(N_("Only a question waiting for an answer can be escalated.")))
        note = note.strip()
        if not note:
            raise ValidationError.single(
                "note", N_("Say why the question goes to the Commission, and how it was sent.")
            )
        return replace(
            self, state=QuestionState.ESCALATED, escalation_note=note[:MAX_TEXT], escalated_at=at
        )

    def publish_faq(self, question: str, answer: str, *, at: datetime) -> Question:
        if self.state is not QuestionState.ANSWERED:
            raise Conflict(Message(N_("Only an answered question can become a FAQ entry.")))
        if not self.publish_consent:
            raise Conflict(Message(N_("The asker did not agree to publish this question.")))
        errors: dict[str, Message] = {}
        for name, value in (("faq_question", question), ("faq_answer", answer)):
            if not value.strip():
                errors[name] = Message(N_("Write the public text, without the asker's details."))
            elif len(value) > MAX_TEXT:
                errors[name] = Message(
                    N_("Write at most %(count)s characters."), {"count": MAX_TEXT}
                )
        if errors:
            raise ValidationError(errors)
        return replace(
            self,
            faq_question=question.strip(),
            faq_answer=answer.strip(),
            faq_published_at=at,
        )

    def faq(self) -> FaqEntry | None:
        if self.faq_published_at is None:
            return None
        return FaqEntry(
            question=self.faq_question,
            answer=self.faq_answer,
            obligations=self.obligations,
            language=self.language,
            published_at=self.faq_published_at,
            reference=self.reference,
        )

    def erase_contact(self, *, at: datetime) -> Question:
        """Remove what identifies the asker; the public FAQ entry, if any, stays."""
        return replace(self, email="", text="", user_id=None, contact_erased_at=at)

    def snapshot(self) -> dict[str, Any]:
        """What the audit log keeps: never the e-mail address or the text the asker wrote."""
        return {
            "reference": self.reference,
            "asker_kind": self.asker_kind.value,
            "language": self.language.value,
            "state": self.state.value,
            "due_on": self.due_on.isoformat(),
            "obligations": list(self.obligations),
            "publish_consent": self.publish_consent,
            "escalated": self.escalated_at is not None,
            "faq": self.faq_published_at is not None,
        }


def median_response_days(questions: list[Question]) -> float | None:
    """The median of calendar days from question to answer, over answered questions."""
    days = sorted(d for q in questions if (d := q.days_to_answer()) is not None)
    if not days:
        return None
    middle = len(days) // 2
    return float(days[middle]) if len(days) % 2 else (days[middle - 1] + days[middle]) / 2
