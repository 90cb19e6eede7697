"""The register's API documents: what a client sends and what it reads back."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from balise.domain.organisations.model import Level, Sector
from balise.domain.register.standard import CHOICES, Visibility
from balise.domain.shared.i18n import Language
from balise.web.schemas import closed_set
from balise.web.storable import StorableBody

RISK_CATEGORIES = closed_set(value for value, _ in CHOICES["risk_category"])
LIFECYCLE_STATUSES = closed_set(value for value, _ in CHOICES["lifecycle_status"])


class SystemWrite(StorableBody):
    model_config = ConfigDict(extra="forbid")
    default_language: str = Field(
        description="The language the record is written in.", json_schema_extra=closed_set(Language)
    )
    fields: dict[str, Any] = Field(
        default_factory=dict,
        description="Values by field name of the publication standard; texts as "
        '{"nl": "…", "fr": "…"}. A field left out is empty.',
    )
    visibility: dict[str, str] = Field(
        default_factory=dict,
        description="Per field, public, internal or restricted, where it differs from the default.",
        json_schema_extra={"additionalProperties": closed_set(Visibility)},
    )
    checked_languages: list[str] = Field(
        default_factory=list,
        description="Languages whose translation a person has checked.",
        json_schema_extra={"items": closed_set(Language)},
    )


class SystemCreate(SystemWrite):
    organisation: str = Field(description="The slug of the deploying organisation.")
    slug: str | None = Field(
        default=None, description="The public address; by default from the name."
    )


class NoteBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = ""


class ReasonBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str


class OrganisationRef(BaseModel):
    slug: str | None
    name: dict[str, str]
    url: str


class SystemSummary(BaseModel):
    slug: str
    url: str
    name: dict[str, str]
    summary: dict[str, str]
    organisation: OrganisationRef
    version: int
    published_at: str
    risk_category: str = Field(json_schema_extra=RISK_CATEGORIES)
    lifecycle_status: str = Field(json_schema_extra=LIFECYCLE_STATUSES)
    level: Level
    sector: Sector
    languages: list[Language]
    revision_date: str | None
    stale: bool
    withdrawn: bool
    withdrawal_reason: str | None


class SystemList(BaseModel):
    systems: list[SystemSummary]
    total: int
    total_is_exact: bool = Field(description="False when there are more matches than counted.")
    next_cursor: str | None
    next: str | None


class SystemDocument(BaseModel):
    """The latest published version's public fields, or with ?draft=true the working copy."""

    model_config = ConfigDict(extra="allow")
    slug: str
    version: int
    fields: dict[str, Any]


class VersionSummary(BaseModel):
    number: int
    published_at: str
    note: str
    standard_version: str
    url: str


class VersionList(BaseModel):
    slug: str
    versions: list[VersionSummary]


class VersionRead(VersionSummary):
    default_language: Language
    checked_languages: list[Language]
    fields: dict[str, Any]
