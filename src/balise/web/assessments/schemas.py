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


class MeasureUpdate(BaseModel):
    status: str = Field(description="planned, in_progress or done.")


class ConditionCreate(BaseModel):
    text: dict[str, str] = Field(description="The condition per language (fr, nl, de, en).")
    due: str = Field(description="Due date, YYYY-MM-DD.")


class OpinionCreate(BaseModel):
    kind: str = Field(description="favourable, favourable_with_conditions or unfavourable.")
    text: dict[str, str] = Field(description="The opinion per language (fr, nl, de, en).")
    original_language: str = Field(description="The language it was written in.")
    machine_translated: list[str] = Field(
        default_factory=list, description="Languages machine-translated, not reviewed."
    )
    conditions: list[ConditionCreate] = Field(
        default_factory=list,
        description="Conditions of a favourable opinion; errors name them condition_<n>_... "
        "counting from 1.",
    )
