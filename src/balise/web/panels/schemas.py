"""Pydantic models of the panels API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from balise.domain.panels.registrations import Channel
from balise.web.schemas import closed_set


class ReplacementCreate(BaseModel):
    """A member who leaves a drawn panel, by their pseudonymous id."""

    dropped: str = Field(min_length=1, max_length=120, description="The leaving member's id.")


# --- registration (issue 14) ---------------------------------------------------------------------


class AnswerOption(BaseModel):
    value: str = Field(description="What to send as the answer.")
    label: str = Field(description="The answer in the reader's language.")


class RegistrationQuestionRead(BaseModel):
    """A stratification question: one of the panel's quota categories."""

    category: str = Field(description="The key of the answer in `answers`.")
    label: str = Field(description="The question in the reader's language.")
    options: list[AnswerOption]


class ExclusionCriterionRead(BaseModel):
    """A yes/no question; a "yes" keeps the volunteer out of the draw."""

    id: str = Field(description="The key of the answer in `exclusions`.")
    label: str
    question: str


class RegistrationFormRead(BaseModel):
    """What a registration asks, in the reader's language."""

    panel: str = Field(description="The panel's address (slug).")
    title: str
    open: bool = Field(description="Whether registrations are taken now.")
    consent_version: str = Field(description="The version of the consent text a volunteer accepts.")
    questions: list[RegistrationQuestionRead]
    exclusions: list[ExclusionCriterionRead]


class RegistrationCreate(BaseModel):
    """A registration with the code of an invitation letter. Staff typing a phone call or a
    letter set `channel` (organisers of the panel, with the `panels:write` scope on a token)."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(max_length=40, description="The code printed on the invitation letter.")
    answers: dict[str, str] = Field(
        description="One answer per question: category → one of its options' values."
    )
    exclusions: dict[str, str] = Field(
        default_factory=dict,
        description='One answer per exclusion criterion in force: id → "yes" or "no".',
    )
    consent: bool = Field(description="The volunteer accepts the consent text.")
    email: str = Field(default="", max_length=254, description="Optional, for the sessions.")
    phone: str = Field(default="", max_length=40, description="Optional, for the sessions.")
    channel: str = Field(default="web", json_schema_extra=closed_set(Channel))


class RegistrationCreated(BaseModel):
    """The registration recorded; nothing the volunteer typed is echoed."""

    registration: str = Field(description="The pseudonymous registration number (for erasure).")
    eligible: bool = Field(description="False when an exclusion criterion applies.")
    excluded_by: str | None = Field(description="The criterion that applies, if any.")
    consent_version: str
    registered_at: datetime


class RegistrationEntry(BaseModel):
    """A registration as organisers see it: never a contact detail nor the code."""

    registration: str
    channel: Channel
    status: str = Field(json_schema_extra=closed_set(("eligible", "excluded", "erased")))
    excluded_by: str | None
    answers: dict[str, str]
    has_contact: bool
    consent_version: str
    registered_at: datetime


class RegistrationCounts(BaseModel):
    codes: int = Field(description="Invitation codes issued.")
    registrations: int
    eligible: int
    excluded: int
    erased: int
    by_channel: dict[str, int] = Field(description="Registrations per channel: web, phone, letter.")


class RegistrationsRead(BaseModel):
    """The organisers' view of a panel's registrations."""

    panel: str
    open: bool
    counts: RegistrationCounts
    registrations: list[RegistrationEntry]


# --- erasure of a member's participation (issue 14) ----------------------------------------------


class ErasureRequestRead(BaseModel):
    """A member's request to erase their participation, as the organisers see it."""

    member: str = Field(description="The member's pseudonymous id on the panel.")
    requested_at: datetime = Field(description="When the member asked (their first request).")
    erased_at: datetime | None = Field(description="When the organisers carried it out, if so.")
    status: Literal["pending", "erased"] = Field(
        description="`pending` until the organisers carry the request out, then `erased`."
    )


class ErasureRequestsRead(BaseModel):
    """The members' erasure requests of a panel, oldest first."""

    panel: str = Field(description="The panel's address (slug).")
    requests: list[ErasureRequestRead]


class ParticipationErasureRead(BaseModel):
    """What erasing a member's participation did: votes on a closed vote and answers to a closed
    questionnaire stay anonymous for the published results; the others are deleted."""

    panel: str = Field(description="The panel's address (slug).")
    member: str = Field(description="The member's pseudonymous id on the panel.")
    votes_deleted: int = Field(description="Votes on messages whose vote was not closed.")
    votes_anonymised: int = Field(
        description="Votes on closed votes: choice kept, reason removed, random name."
    )
    answers_deleted: int = Field(description="Answers to a questionnaire still running.")
    answers_anonymised: int = Field(description="Answers to a closed questionnaire, renamed.")
