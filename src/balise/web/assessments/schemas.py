"""Pydantic schemas of the assessments API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class AssessmentCreate(BaseModel):
    system: str = Field(description="The record's slug.")
    template: str = Field(description="fria, dpia or ethics.")


class AssessmentUpdate(BaseModel):
    answers: dict[str, str] = Field(description="Answers by question id; empty clears.")


class AssessmentRead(BaseModel):
    id: int
    template: str
    template_version: str
    number: int
    state: str
    answers: list[dict[str, Any]]
    risks: list[dict[str, Any]]
    missing: list[str]
    opinion: dict[str, Any] | None


class TemplateRead(BaseModel):
    code: str
    version: str
    languages: list[str]
    questions: list[dict[str, Any]]
