"""Pydantic models of the guichet's API."""

from __future__ import annotations

from pydantic import BaseModel, Field

from balise.domain.guichet.guides import GuideKind
from balise.domain.guichet.questions import AskerKind
from balise.domain.shared.i18n import Language
from balise.web.schemas import closed_set


class GuideTextRead(BaseModel):
    title: str
    summary: str
    body: str


class GuideRead(BaseModel):
    code: str
    version: int
    kind: GuideKind
    obligations: list[str]
    articles: list[str]
    url: str
    published_at: str | None
    texts: dict[str, GuideTextRead]


class GuideList(BaseModel):
    guides: list[GuideRead]


class FaqRead(BaseModel):
    reference: str
    question: str
    answer: str
    language: Language
    obligations: list[str]
    published_on: str


class FaqList(BaseModel):
    entries: list[FaqRead]


class QuestionCreate(BaseModel):
    asker_kind: str = Field(json_schema_extra=closed_set(AskerKind))
    subject: str
    text: str
    language: str = Field(default="en", json_schema_extra=closed_set(Language))
    email: str = ""
    publish_consent: bool = False


class QuestionCreated(BaseModel):
    reference: str
    due_on: str
    follow_up_url: str
