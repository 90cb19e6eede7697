"""Pydantic models of the guichet's API."""

from __future__ import annotations

from pydantic import BaseModel


class GuideTextRead(BaseModel):
    title: str
    summary: str
    body: str


class GuideRead(BaseModel):
    code: str
    version: int
    kind: str
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
    language: str
    obligations: list[str]
    published_on: str


class FaqList(BaseModel):
    entries: list[FaqRead]


class QuestionCreate(BaseModel):
    asker_kind: str
    subject: str
    text: str
    language: str = "en"
    email: str = ""
    publish_consent: bool = False


class QuestionCreated(BaseModel):
    reference: str
    due_on: str
    follow_up_url: str
