"""Online consultations: a text put to public comment section by section, every comment answered.

A consultation goes draft → open → closed → answered. While it is open, and between its opening
and closing dates (Belgian days, Europe/Brussels), anyone comments on a section. A comment is
moderated before anyone sees it: published, or refused with a reason from `moderation.yaml`.
Every published comment gets a public answer from the organiser (taken into account, partly,
not taken into account, out of scope); the consultation is marked answered only when none is
left without one. An e-mail address, given only to be told of the outcome, is never published
and is erased once the author has been told, or earlier on the author's request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import N_, Language, LocalizedText, Message, localized_errors

MODERATION_FILE = Path(__file__).parent / "moderation.yaml"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
RESERVED_SLUGS = frozenset({"new"})
MAX_TITLE = 200
MAX_SUMMARY = 2000
MAX_SECTION_TEXT = 20000
MAX_ORGANISER = 200
MAX_CONTRIBUTION = 2000
MAX_NAME = 80
MAX_ANSWER = 4000
MAX_SECTIONS = 50


class ConsultationState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ANSWERED = "answered"


# The one way through the states; nothing goes back.
TRANSITIONS: dict[ConsultationState, ConsultationState] = {
    ConsultationState.DRAFT: ConsultationState.OPEN,
    ConsultationState.OPEN: ConsultationState.CLOSED,
    ConsultationState.CLOSED: ConsultationState.ANSWERED,
}


class ContributionState(StrEnum):
    PENDING = "pending"  # waiting for moderation, seen only by staff
    PUBLISHED = "published"
    REFUSED = "refused"


class AnswerStatus(StrEnum):
    TAKEN = "taken_into_account"
    PARTLY = "partly_taken_into_account"
    NOT_TAKEN = "not_taken_into_account"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class RefusalReasons:
    version: str
    basis: str
    texts: dict[str, LocalizedText]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.texts)


@cache
def refusal_reasons(version: str | None = None) -> RefusalReasons:
    raw = yaml.safe_load(MODERATION_FILE.read_text(encoding="utf-8"))
    chosen = version or str(raw["current"])
    rule = raw["versions"][chosen]
    texts = {
        str(code): LocalizedText.from_mapping(labels) for code, labels in rule["reasons"].items()
    }
    return RefusalReasons(chosen, str(rule["basis"]), texts)


@dataclass(frozen=True)
class Section:
    title: LocalizedText
    text: LocalizedText
    position: int = 0
    id: int | None = None


@dataclass(frozen=True)
class ConsultationInput:
    """What staff give to create a consultation; every error at once."""

    slug: str
    title: LocalizedText
    summary: LocalizedText
    organiser: str
    opens_on: date | None
    closes_on: date | None
    sections: tuple[Section, ...]

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        object.__setattr__(self, "slug", self.slug.strip().lower())
        object.__setattr__(self, "organiser", self.organiser.strip())
        if not _SLUG.match(self.slug) or len(self.slug) > 80 or self.slug in RESERVED_SLUGS:
            errors["slug"] = Message(
                N_("Use lower-case letters, digits and single hyphens (at most 80 characters).")
            )
        localized_errors(errors, "title", self.title, MAX_TITLE, N_("Give a title."))
        localized_errors(errors, "summary", self.summary, MAX_SUMMARY, N_("Give a summary."))
        if not self.organiser:
            errors["organiser"] = Message(N_("Say who organises the consultation."))
        elif len(self.organiser) > MAX_ORGANISER:
            errors["organiser"] = Message(
                N_("Write at most %(count)s characters."), {"count": MAX_ORGANISER}
            )
        if self.opens_on is None:
            errors["opens_on"] = Message(N_("Give a date as YYYY-MM-DD."))
        if self.closes_on is None:
            errors["closes_on"] = Message(N_("Give a date as YYYY-MM-DD."))
        elif self.opens_on is not None and self.closes_on < self.opens_on:
            errors["closes_on"] = Message(N_("The consultation closes after it opens."))
        if not self.sections:
            errors["sections"] = Message(N_("Give at least one section, with a title and a text."))
        elif len(self.sections) > MAX_SECTIONS:
            errors["sections"] = Message(
                N_("Give at most %(count)s sections."), {"count": MAX_SECTIONS}
            )
        for number, section in enumerate(self.sections, start=1):
            prefix = f"section{number}"
            localized_errors(
                errors, f"{prefix}_title", section.title, MAX_TITLE, N_("Give the section a title.")
            )
            localized_errors(
                errors,
                f"{prefix}_text",
                section.text,
                MAX_SECTION_TEXT,
                N_("Give the text of the section."),
            )
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class Consultation:
    slug: str
    title: LocalizedText
    summary: LocalizedText
    organiser: str
    opens_on: date
    closes_on: date
    sections: tuple[Section, ...]
    created_at: datetime
    created_by: str
    state: ConsultationState = ConsultationState.DRAFT
    answered_at: datetime | None = None
    id: int | None = None

    @classmethod
    def create(cls, given: ConsultationInput, *, at: datetime, by: str) -> Consultation:
        assert given.opens_on is not None
        assert given.closes_on is not None
        sections = tuple(
            replace(section, position=number) for number, section in enumerate(given.sections)
        )
        return cls(
            slug=given.slug,
            title=given.title,
            summary=given.summary,
            organiser=given.organiser,
            opens_on=given.opens_on,
            closes_on=given.closes_on,
            sections=sections,
            created_at=at,
            created_by=by,
        )

    @property
    def public(self) -> bool:
        return self.state is not ConsultationState.DRAFT

    def section(self, section_id: int) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def accepts_contributions(self, today: date) -> bool:
        """Open, and `today` (a Belgian day) between the opening and closing dates."""
        return self.state is ConsultationState.OPEN and self.opens_on <= today <= self.closes_on

    def move_to(
        self,
        target: ConsultationState,
        *,
        at: datetime,
        contributions: list[Contribution] | None = None,
    ) -> Consultation:
        """The next state, if it is the next one and its condition holds."""
        if TRANSITIONS.get(self.state) is not target:
            raise Conflict(
                Message(N_("This step is not possible in the consultation's present state."))
            )
        if target is ConsultationState.ANSWERED:
            waiting = [c for c in contributions or [] if c.state is ContributionState.PENDING]
            if waiting:
                raise Conflict(
                    Message(
                        N_("%(count)s contributions still wait for moderation."),
                        {"count": len(waiting)},
                    )
                )
            unanswered = unanswered_count(contributions or [])
            if unanswered:
                raise Conflict(
                    Message(
                        N_("%(count)s published contributions still have no answer."),
                        {"count": unanswered},
                    )
                )
            return replace(self, state=target, answered_at=at)
        return replace(self, state=target)

    def snapshot(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "state": self.state.value,
            "organiser": self.organiser,
            "opens_on": self.opens_on.isoformat(),
            "closes_on": self.closes_on.isoformat(),
            "sections": len(self.sections),
        }


@dataclass(frozen=True)
class ContributionInput:
    """What a member of the public writes; every error at once."""

    text: str
    language: Language
    display_name: str = ""
    email: str = ""
    consent: bool = False

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        object.__setattr__(self, "text", self.text.strip())
        object.__setattr__(self, "display_name", " ".join(self.display_name.split()))
        object.__setattr__(self, "email", self.email.strip().lower())
        if not self.text:
            errors["text"] = Message(N_("Write your contribution."))
        elif len(self.text) > MAX_CONTRIBUTION:
            errors["text"] = Message(
                N_("Write at most %(count)s characters."), {"count": MAX_CONTRIBUTION}
            )
        if len(self.display_name) > MAX_NAME:
            errors["display_name"] = Message(
                N_("Write at most %(count)s characters."), {"count": MAX_NAME}
            )
        if self.email and (not _EMAIL.match(self.email) or len(self.email) > 254):
            errors["email"] = Message(N_("This is not an e-mail address."))
        if not self.consent:
            errors["consent"] = Message(
                N_("Tick the box to agree that your contribution be published.")
            )
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class Contribution:
    consultation_id: int
    section_id: int
    text: str
    language: Language
    display_name: str
    email: str
    secret_hash: str
    submitted_at: datetime
    state: ContributionState = ContributionState.PENDING
    moderated_at: datetime | None = None
    refusal_reason: str = ""
    answer: str = ""
    answer_status: AnswerStatus | None = None
    # The language the answer is written in; None for answers given before it was recorded
    # (never guessed from the text or the contribution's own language).
    answer_language: Language | None = None
    answered_at: datetime | None = None
    email_erased_at: datetime | None = None
    id: int | None = None

    @classmethod
    def submit(
        cls,
        *,
        consultation: Consultation,
        section: Section,
        given: ContributionInput,
        secret_hash: str,
        at: datetime,
    ) -> Contribution:
        assert consultation.id is not None
        assert section.id is not None
        return cls(
            consultation_id=consultation.id,
            section_id=section.id,
            text=given.text,
            language=given.language,
            display_name=given.display_name,
            email=given.email,
            secret_hash=secret_hash if given.email else "",
            submitted_at=at,
        )

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    def publish(self, *, at: datetime) -> Contribution:
        if self.state is not ContributionState.PENDING:
            raise Conflict(Message(N_("This contribution has already been moderated.")))
        return replace(self, state=ContributionState.PUBLISHED, moderated_at=at)

    def refuse(self, reason: str, *, at: datetime) -> Contribution:
        if self.state is not ContributionState.PENDING:
            raise Conflict(Message(N_("This contribution has already been moderated.")))
        if reason not in refusal_reasons().codes:
            raise ValidationError.single("reason", N_("Choose a reason from the list."))
        return replace(
            self, state=ContributionState.REFUSED, moderated_at=at, refusal_reason=reason
        )

    def respond(
        self,
        text: str,
        status: AnswerStatus | None,
        *,
        language: Language | None,
        at: datetime,
    ) -> Contribution:
        """The organiser's public answer, in the language it is written in (required: None, for
        a language missing or unknown, is an error); it may be revised until the consultation
        is answered."""
        if self.state is not ContributionState.PUBLISHED:
            raise Conflict(Message(N_("Only a published contribution is answered.")))
        errors: dict[str, Message] = {}
        text = text.strip()
        if not text:
            errors["answer"] = Message(N_("Write the answer."))
        elif len(text) > MAX_ANSWER:
            errors["answer"] = Message(
                N_("Write at most %(count)s characters."), {"count": MAX_ANSWER}
            )
        if status is None:
            errors["status"] = Message(N_("Say how the contribution was taken into account."))
        if language is None:
            errors["answer_language"] = Message(N_("Choose the language the answer is written in."))
        if errors:
            raise ValidationError(errors)
        return replace(
            self, answer=text, answer_status=status, answer_language=language, answered_at=at
        )

    def erase_email(self, *, at: datetime) -> Contribution:
        if not self.email:
            return self
        return replace(self, email="", secret_hash="", email_erased_at=at)

    def snapshot(self) -> dict[str, Any]:
        """What the audit log keeps: never the e-mail address."""
        return {
            "consultation_id": self.consultation_id,
            "section_id": self.section_id,
            "state": self.state.value,
            "language": self.language.value,
            "refusal_reason": self.refusal_reason or None,
            "answer_status": self.answer_status.value if self.answer_status else None,
            "answer_language": self.answer_language.value if self.answer_language else None,
            "has_email": bool(self.email),
        }


def unanswered_count(contributions: list[Contribution]) -> int:
    """Published contributions still waiting for the organiser's answer."""
    return sum(c.state is ContributionState.PUBLISHED and not c.answered for c in contributions)


def answered_share(contributions: list[Contribution]) -> float | None:
    published = [c for c in contributions if c.state is ContributionState.PUBLISHED]
    if not published:
        return None
    return sum(c.answered for c in published) / len(published)
