"""Pydantic documents of the obligation tracker's API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class StatusUpdate(BaseModel):
    status: str = Field(description="to_do, in_progress, met or not_applicable.")
    reason: str = Field(default="", description="Required when the status is not_applicable.")
    evidence_kind: str = Field(
        default="",
        description="assessment, audit, incident_procedure or document; required for met.",
    )
    evidence_reference: str = Field(
        default="",
        description="Balise's reference of held evidence (see held_evidence), or a document's.",
    )
    evidence_title: str = Field(default="", description="A document's title.")
    evidence_url: str = Field(default="", description="A document's web address (https://).")


class TrackerRead(BaseModel):
    system: str
    classified: bool
    can_edit: bool
    date: str
    evidence_rules_version: str
    summary: dict[str, Any]
    duties: list[dict[str, Any]]
    held_evidence: list[dict[str, Any]]
