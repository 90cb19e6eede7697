"""Pydantic models of the consultations' API."""

from __future__ import annotations

from pydantic import BaseModel, Field

from balise.domain.consultations.model import AnswerStatus, ConsultationState
from balise.domain.shared.i18n import Language
from balise.web.schemas import closed_set
from balise.web.storable import StorableBody


class FiguresRead(BaseModel):
    published: int
    answered: int
    unanswered: int
    pending: int
    refused: int
    answered_share: float | None


class AnswerRead(BaseModel):
    status: AnswerStatus
    text: str
    language: Language | None = Field(
        description="The language the answer is written in; null when it was not recorded "
        "(answers given before it was)."
    )
    answered_on: str | None


class ContributionRead(BaseModel):
    id: int
    section_id: int
    display_name: str
    language: Language
    text: str
    submitted_on: str | None
    answer: AnswerRead | None


class SectionRead(BaseModel):
    id: int
    number: int
    title: dict[str, str]
    text: dict[str, str]
    url: str
    contributions: list[ContributionRead]


class OpenDataLinks(BaseModel):
    csv: str
    json_: str = Field(alias="json")


class ConsultationSummaryRead(BaseModel):
    slug: str
    title: dict[str, str]
    summary: dict[str, str]
    organiser: str
    state: ConsultationState
    opens_on: str
    closes_on: str
    answered_on: str | None
    url: str
    figures: FiguresRead


class ConsultationRead(ConsultationSummaryRead):
    accepting_contributions: bool
    open_data: OpenDataLinks
    sections: list[SectionRead]


class ConsultationList(BaseModel):
    consultations: list[ConsultationSummaryRead]


class ContributionCreate(StorableBody):
    text: str
    language: str = Field(default="en", json_schema_extra=closed_set(Language))
    display_name: str = ""
    email: str = ""
    consent: bool = False


class ContributionCreated(BaseModel):
    id: int
    state: str
    erase_url: str | None
