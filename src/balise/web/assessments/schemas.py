"""Pydantic schemas of the assessments API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from balise.domain.assessments.assessment import AssessmentState
from balise.domain.assessments.catalogue import TemplateCode
from balise.domain.assessments.opinions import OpinionKind
from balise.domain.assessments.risks import MeasureStatus
from balise.domain.shared.i18n import Language
from balise.web.schemas import closed_set


class AssessmentCreate(BaseModel):
    system: str = Field(description="The record's slug.")
    template: str = Field(json_schema_extra=closed_set(TemplateCode))


class AssessmentUpdate(BaseModel):
    answers: dict[str, str] = Field(description="Answers by question id; empty clears.")


class AssessmentRead(BaseModel):
    id: int
    template: TemplateCode
    template_version: str
    number: int
    state: AssessmentState
    answers: list[dict[str, Any]]
    risks: list[dict[str, Any]]
    missing: list[str]
    opinion: dict[str, Any] | None


class TemplateRead(BaseModel):
    code: str
    version: str
    languages: list[str]
    questions: list[dict[str, Any]]


class MeasureUpdate(BaseModel):
    status: str = Field(json_schema_extra=closed_set(MeasureStatus))


class ConditionCreate(BaseModel):
    text: dict[str, str] = Field(description="The condition per language (fr, nl, de, en).")
    due: str = Field(description="Due date, YYYY-MM-DD.")


class OpinionCreate(BaseModel):
    kind: str = Field(json_schema_extra=closed_set(OpinionKind))
    text: dict[str, str] = Field(description="The opinion per language (fr, nl, de, en).")
    original_language: str = Field(
        description="The language it was written in.", json_schema_extra=closed_set(Language)
    )
    machine_translated: list[str] = Field(
        default_factory=list,
        description="Languages machine-translated, not reviewed.",
        json_schema_extra={"items": closed_set(Language)},
    )
    conditions: list[ConditionCreate] = Field(
        default_factory=list,
        description="Conditions of a favourable opinion; errors name them condition_<n>_... "
        "counting from 1.",
    )
