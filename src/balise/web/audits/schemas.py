"""The audits area's API documents: what clients send and what they read back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from balise.domain.audits.reports import AuditKind, PortalVisibility
from balise.domain.jobs.model import JobStatus
from balise.web.schemas import JobRead


class UploadCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file_name: str = Field(description="The file's name; only its ending (.csv, .parquet) counts.")
    size: int = Field(description="The file's size in bytes.")
    organisation: str | None = Field(default=None, description="The organisation's address.")
    system: str | None = Field(
        default=None, description="The register record's address (attaches the audit to it)."
    )


class UploadRead(BaseModel):
    id: str
    file_name: str
    format: str
    size: int
    offset: int = Field(description="Bytes the server holds: send the next chunk from here.")
    complete: bool
    chunk_bytes: int = Field(description="Largest chunk the server accepts in one request.")
    columns: dict[str, str] | None = Field(description="Column → type, once finished.")
    url: str = Field(description="The page where people choose the columns to audit.")


class AuditCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    upload: str = Field(description="A finished upload's id.")
    kind: AuditKind
    label: str | None = Field(default=None, description="Fairness: the true outcome column.")
    prediction: str | None = Field(default=None, description="Fairness: the decision column.")
    sensitive: list[str] = Field(default_factory=list, description="Fairness: group columns.")
    score: str | None = Field(default=None, description="Fairness: a score in [0, 1].")
    positive: str | None = Field(default=None, description="Fairness: the positive outcome.")
    min_group_size: int = Field(default=10, description="Smaller groups are withheld.")
    four_fifths_threshold: float = Field(default=0.8, description="Screening threshold.")
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="Representativeness: reference column (region, age_band, sex) → the "
        "file's column compared with it.",
    )
    threshold: float = Field(default=0.8, description="Representativeness: flag below this.")
    reference_upload: str | None = Field(
        default=None,
        description="Representativeness against another population: a finished upload of "
        "its CSV file (one row per cell and a population or count column).",
    )
    pairs: list[str] = Field(
        default_factory=list,
        description="With reference_upload: the file's columns, as DATA_COLUMN or "
        "DATA_COLUMN:REFERENCE_COLUMN.",
    )


class AuditRead(BaseModel):
    id: int
    kind: AuditKind
    status: JobStatus
    organisation: str | None
    system_id: int | None
    file_name: str
    parameters: dict[str, Any]
    portal_visibility: PortalVisibility
    data_sha256: str | None
    created_at: datetime
    finished_at: datetime | None
    job: str | None
    error: dict[str, Any] | None = Field(description="Why the job failed, when it did.")
    result: dict[str, Any] | None = Field(
        description="The report: the JSON document of `balise audit` (docs/audits.md)."
    )
    url: str


class AuditStarted(BaseModel):
    audit: AuditRead
    job: JobRead
