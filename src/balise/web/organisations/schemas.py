"""Organisations on the API: what a client sends and reads back."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from balise.domain.organisations.model import Level, OrganisationKind, Sector, SizeClass
from balise.web.schemas import LocalizedTextModel
from balise.web.storable import StorableBody


class ContactModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = ""
    phone: str = ""
    website: str = ""
    address: str = ""


class OrganisationRead(BaseModel):
    slug: str
    name: dict[str, str]
    kind: OrganisationKind
    level: Level
    size_class: SizeClass
    is_sme: bool
    sector: Sector
    enterprise_number: str | None
    contact: ContactModel
    url: str


class OrganisationCreate(StorableBody):
    model_config = ConfigDict(extra="forbid")
    slug: str = Field(description="Lower-case letters, digits and hyphens; the public address.")
    name: LocalizedTextModel
    kind: OrganisationKind
    level: Level | None = Field(
        default=None, description="Level of government; by default from the kind."
    )
    size_class: SizeClass
    sector: Sector
    enterprise_number: str | None = Field(
        default=None, description="KBO/BCE number, e.g. 0203.201.340."
    )
    contact: ContactModel = ContactModel()


class OrganisationUpdate(StorableBody):
    model_config = ConfigDict(extra="forbid")
    slug: str | None = None
    name: LocalizedTextModel | None = None
    kind: OrganisationKind | None = None
    level: Level | None = None
    size_class: SizeClass | None = None
    sector: Sector | None = None
    enterprise_number: str | None = None
    contact: ContactModel | None = None


class OrganisationList(BaseModel):
    organisations: list[OrganisationRead]


class AuditEventRead(BaseModel):
    seq: int
    occurred_at: str
    actor: str
    event_type: str
    entity_type: str
    entity_id: str
    changes: list[dict[str, Any]]
    hash: str


class History(BaseModel):
    events: list[AuditEventRead]
