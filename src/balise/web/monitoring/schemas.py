"""Pydantic documents of the monitoring API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from balise.domain.monitoring.incidents import RegulatorState, ReporterRole
from balise.domain.monitoring.requests import Outcome, RequestKind, RequestState
from balise.domain.shared.i18n import Language


class RequestCreate(BaseModel):
    kind: Literal["explanation", "human_review", "information"]
    system: str = Field(default="", description="The published system's address (slug).")
    organisation: str = Field(default="", description="Or the organisation's address (slug).")
    decision_reference: str = ""
    text: str
    contact_email: str = ""
    contact_postal_address: str = ""
    language: Literal["fr", "nl", "de", "en"] = "fr"


class RequestCreated(BaseModel):
    reference: str
    due_on: str
    follow_up_url: str


class AnswerRead(BaseModel):
    ai_role: str
    main_elements: str
    data_used: str
    how_to_contest: str
    text: str


class RequestRead(BaseModel):
    reference: str
    kind: RequestKind
    state: RequestState
    language: Language
    received_on: str
    due_on: str
    original_due_on: str
    article: str
    overdue: bool
    extended: bool
    extension_reason: str | None
    outcome: Outcome | None
    answered_on: str | None
    answer: AnswerRead | None


class IncidentCreate(BaseModel):
    reporter_role: Literal["provider", "deployer"]
    system: str = Field(default="", description="The register record's address (slug), if any.")
    system_name: str = ""
    provider_name: str = ""
    category: Literal[
        "health", "critical_infrastructure", "fundamental_rights", "property_environment"
    ]
    aware_on: str
    occurred_on: str = ""
    description: str
    stage: Literal["initial", "complete"] = "initial"
    death: bool = False
    widespread: bool = False
    affected_persons: int | None = None
    affected_groups: str = ""
    immediate_measures: str = ""
    language: Language | None = Field(
        default=None,
        description="The language the texts are written in; by default the request's language.",
    )


class IncidentRead(BaseModel):
    reference: str
    reporter_role: ReporterRole
    system: dict[str, int | str | None]
    provider_name: str
    provider_in_balise: bool
    report: dict[str, object]
    due_on: str
    article: str
    reported_on: str
    late: bool
    days_left: int
    state: RegulatorState
    version: int
    investigation: str | None
    measures: str | None
    follow_up_due_on: str | None
    follow_up_overdue: bool
    published: bool
    public_summary: str | None
    versions: list[dict[str, object]]
    url: str


class IncidentList(BaseModel):
    incidents: list[IncidentRead]


class PublicIncidentList(BaseModel):
    schema_version: int
    licence: str
    incidents: list[dict[str, object]]
