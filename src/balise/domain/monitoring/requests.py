"""Citizens' requests for an explanation, a human review or information about a system.

Legal grounds: GDPR Art 22(3) (human intervention, contesting an automated decision) and
Art 15(1)(h) (meaningful information about the logic involved); AI Act Art 86 (explanation of
the AI system's role and the main elements of the decision). Deadlines: `deadlines.py`.

A request is known by a readable reference (`BAL-2026-000123`) and followed through a secret
link; only a hash of the secret is stored and it is compared in constant time. The person who
reviews a request is never the person who took the original decision.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from balise.domain.monitoring.deadlines import (
    RequestBasis,
    extended_deadline,
    extension_notice_until,
    request_deadline,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import N_, Language, Message

SCHEMA_VERSION = 1
_REFERENCE = re.compile(r"^BAL-\d{4}-\d{6}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_TEXT = 4000
MAX_SHORT = 200


class RequestKind(StrEnum):
    EXPLANATION = "explanation"  # AI Act Art 86, GDPR Art 15(1)(h)
    HUMAN_REVIEW = "human_review"  # GDPR Art 22(3)
    INFORMATION = "information"  # about the system


class RequestChannel(StrEnum):
    ONLINE = "online"
    LETTER = "letter"
    PHONE = "phone"
    COUNTER = "counter"


class RequestState(StrEnum):
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    ANSWERED = "answered"


class Outcome(StrEnum):
    UPHELD = "upheld"  # the decision stands
    CHANGED = "changed"  # the decision was changed
    WITHDRAWN = "withdrawn"  # the decision was withdrawn


def check_request_reference(reference: str) -> str:
    if not _REFERENCE.match(reference):
        raise ValidationError.single("reference", N_("This is not a request reference."))
    return reference


def request_reference(year: int, number: int) -> str:
    return f"BAL-{year:04d}-{number:06d}"


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented secret with the stored hash."""
    return hmac.compare_digest(hash_secret(secret).encode(), stored_hash.encode())


@dataclass(frozen=True)
class Contact:
    """How to reach the person: an e-mail address or a postal address (at least one)."""

    email: str = ""
    postal_address: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "email", self.email.strip().lower())
        object.__setattr__(self, "postal_address", self.postal_address.strip())
        if self.email and (not _EMAIL.match(self.email) or len(self.email) > 254):
            raise ValidationError.single("contact_email", N_("This is not an e-mail address."))
        if len(self.postal_address) > 500:
            raise ValidationError.single(
                "contact_postal_address", N_("Write at most %(count)s characters."), count=500
            )

    @property
    def given(self) -> bool:
        return bool(self.email or self.postal_address)


@dataclass(frozen=True)
class Answer:
    """The elements an explanation gives (AI Act Art 86(1), GDPR Art 15(1)(h) and 22(3))."""

    outcome: Outcome
    ai_role: str  # the role the AI system played in the decision
    main_elements: str  # the main elements of the decision
    data_used: str  # the data about the person that was used
    how_to_contest: str  # the Data Protection Authority, the ombudsman, the courts
    text: str = ""

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        for name, message in (
            ("ai_role", N_("Explain the role the AI system played.")),
            ("main_elements", N_("Give the main elements of the decision.")),
            ("data_used", N_("Say which data was used.")),
            ("how_to_contest", N_("Say how to contest further.")),
        ):
            value = getattr(self, name)
            if not value.strip():
                errors[name] = Message(message)
            elif len(value) > MAX_TEXT:
                errors[name] = Message(
                    N_("Write at most %(count)s characters."), {"count": MAX_TEXT}
                )
        if len(self.text) > MAX_TEXT:
            errors["text"] = Message(N_("Write at most %(count)s characters."), {"count": MAX_TEXT})
        if errors:
            raise ValidationError(errors)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "outcome": self.outcome.value,
            "ai_role": self.ai_role,
            "main_elements": self.main_elements,
            "data_used": self.data_used,
            "how_to_contest": self.how_to_contest,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answer:
        return cls(
            outcome=Outcome(data["outcome"]),
            ai_role=data["ai_role"],
            main_elements=data["main_elements"],
            data_used=data["data_used"],
            how_to_contest=data["how_to_contest"],
            text=data.get("text", ""),
        )


@dataclass(frozen=True)
class RequestInput:
    """What a person (or staff on their behalf) gives; validated all at once."""

    kind: RequestKind
    decision_reference: str
    text: str
    contact: Contact
    language: Language
    channel: RequestChannel = RequestChannel.ONLINE

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        reference = self.decision_reference.strip()
        object.__setattr__(self, "decision_reference", reference)
        if self.kind is not RequestKind.INFORMATION and not reference:
            errors["decision_reference"] = Message(
                N_("Give the reference of the decision, as written on the letter you received.")
            )
        if len(reference) > MAX_SHORT:
            errors["decision_reference"] = Message(
                N_("Write at most %(count)s characters."), {"count": MAX_SHORT}
            )
        if not self.text.strip():
            errors["text"] = Message(N_("Write your request."))
        elif len(self.text) > MAX_TEXT:
            errors["text"] = Message(N_("Write at most %(count)s characters."), {"count": MAX_TEXT})
        if not self.contact.given:
            errors["contact"] = Message(
                N_("Give an e-mail address or a postal address so that we can answer you.")
            )
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class CitizenRequest:
    reference: str
    organisation_id: int
    kind: RequestKind
    channel: RequestChannel
    language: Language
    decision_reference: str
    text: str
    contact: Contact
    basis: RequestBasis
    received_on: date
    due_on: date
    article: str
    secret_hash: str
    created_at: datetime
    system_id: int | None = None
    state: RequestState = RequestState.RECEIVED
    reviewer_id: int | None = None
    decision_maker_id: int | None = None
    extended_due_on: date | None = None
    extension_reason: str = ""
    answer: Answer | None = None
    answered_on: date | None = None
    closed_at: datetime | None = None
    contact_erased_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        check_request_reference(self.reference)

    @classmethod
    def file(
        cls,
        *,
        reference: str,
        organisation_id: int,
        system_id: int | None,
        given: RequestInput,
        basis: RequestBasis,
        received_on: date,
        secret_hash: str,
        at: datetime,
    ) -> CitizenRequest:
        deadline = request_deadline(received_on, basis)
        return cls(
            reference=reference,
            organisation_id=organisation_id,
            system_id=system_id,
            kind=given.kind,
            channel=given.channel,
            language=given.language,
            decision_reference=given.decision_reference,
            text=given.text.strip(),
            contact=given.contact,
            basis=basis,
            received_on=received_on,
            due_on=deadline.due_on,
            article=deadline.article,
            secret_hash=secret_hash,
            created_at=at,
        )

    @property
    def current_due_on(self) -> date:
        return self.extended_due_on or self.due_on

    def overdue(self, today: date) -> bool:
        return self.state is not RequestState.ANSWERED and today > self.current_due_on

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return self.answered_on <= self.current_due_on

    def assign(self, *, reviewer_id: int, decision_maker_id: int | None) -> CitizenRequest:
        if self.state is RequestState.ANSWERED:
            raise Conflict(Message(N_("This request has been answered.")))
        if decision_maker_id is not None and reviewer_id == decision_maker_id:
            raise ValidationError.single(
                "reviewer_id",
                N_("The reviewer must not be the person who took the original decision."),
            )
        return replace(
            self,
            reviewer_id=reviewer_id,
            decision_maker_id=decision_maker_id,
            state=RequestState.IN_REVIEW,
        )

    def extend(self, reason: str, *, today: date) -> CitizenRequest:
        if self.state is RequestState.ANSWERED:
            raise Conflict(Message(N_("This request has been answered.")))
        if self.extended_due_on is not None:
            raise Conflict(Message(N_("The deadline has already been extended.")))
        if not reason.strip():
            raise ValidationError.single("reason", N_("Give the reasons for the extension."))
        if today > extension_notice_until(self.received_on, self.basis):
            raise ValidationError.single(
                "reason", N_("An extension must be announced within the first period.")
            )
        deadline = extended_deadline(self.received_on, self.basis)
        return replace(self, extended_due_on=deadline.due_on, extension_reason=reason.strip())

    def respond(self, answer: Answer, *, today: date, at: datetime) -> CitizenRequest:
        if self.state is RequestState.ANSWERED:
            raise Conflict(Message(N_("This request has been answered.")))
        if self.reviewer_id is None:
            raise Conflict(Message(N_("Assign a reviewer before answering.")))
        return replace(
            self, answer=answer, answered_on=today, state=RequestState.ANSWERED, closed_at=at
        )

    def erase_contact(self, *, at: datetime) -> CitizenRequest:
        """Remove what identifies the person: the contact and the text they wrote."""
        return replace(
            self,
            contact=Contact(),
            text="",
            decision_reference="",
            contact_erased_at=at,
        )

    def days_to_answer(self) -> int | None:
        if self.answered_on is None:
            return None
        return (self.answered_on - self.received_on).days
