"""Pydantic schemas of the JSON API, in Create / Read / Update triples."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from balise.domain.accounts.model import Role, Scope
from balise.domain.organisations.model import Level, OrganisationKind, Sector, SizeClass


class LocalizedTextModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fr: str | None = None
    nl: str | None = None
    de: str | None = None
    en: str | None = None


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


class OrganisationCreate(BaseModel):
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


class OrganisationUpdate(BaseModel):
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


class MeRead(BaseModel):
    email: str
    display_name: str
    role: Role
    organisation: str | None
    language: str | None
    scopes: list[Scope] | None = Field(
        description="The token's scopes; null for a browser session."
    )


class TokenRead(BaseModel):
    id: int
    name: str
    prefix: str
    scopes: list[Scope]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenList(BaseModel):
    tokens: list[TokenRead]


class JobRead(BaseModel):
    id: str
    kind: str
    status: str
    done: int
    total: int | None
    percent: int | None
    result: dict[str, Any] | None
    error: dict[str, Any] | None
    created_at: str
    finished_at: str | None


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    instance: str
    errors: list[dict[str, str]] | None = None
