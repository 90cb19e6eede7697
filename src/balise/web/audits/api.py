"""Audits on the API: resumable uploads of decision logs, starting an audit, reading a report.

The upload protocol (docs/audits.md): create an upload with the file's name and size; PUT its
chunks in order to `chunks/{offset}`; after a failure, GET the upload to learn the offset the
server holds and go on from there; POST `finish` once every byte is in. A chunk sent at another
offset than the server's gets a 409 problem whose `offset` says where to resume.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor, Scope
from balise.domain.audits.reports import AuditKind, AuditReport, AuditUpload, PortalVisibility
from balise.domain.jobs.model import Job
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import translate
from balise.services import audits
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.audits.pages import (
    AUDITORS,
    Owner,
    chunk_bytes,
    organisation_owner,
    read_columns,
    read_head,
    status_of,
    system_owner,
    write_chunk,
)
from balise.web.common import in_uow
from balise.web.jobs.views import job_view
from balise.web.rendering import language_of
from balise.web.schemas import JobRead

router = APIRouter(tags=["audits"])
WRITE = Allow.only(*AUDITORS, scope=Scope.SYSTEMS_WRITE)
READ = Allow.only(*AUDITORS)
READERS = Allow.signed_in()


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
    status: str = Field(description="queued, running, succeeded or failed.")
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


def upload_read(upload: AuditUpload, chunk: int) -> UploadRead:
    return UploadRead(
        id=upload.id,
        file_name=upload.file_name,
        format=upload.file_format.value,
        size=upload.size,
        offset=upload.received,
        complete=upload.complete,
        chunk_bytes=chunk,
        columns=upload.columns,
        url=f"/audits/uploads/{upload.id}",
    )


def audit_read(uow: UnitOfWork, report: AuditReport) -> AuditRead:
    job: Job | None = uow.jobs.get(report.job_id) if report.job_id else None
    organisation = uow.organisations.get(report.organisation_id)
    return AuditRead(
        id=report.id or 0,
        kind=report.kind,
        status=status_of(report, job),
        organisation=organisation.slug if organisation else None,
        system_id=report.system_id,
        file_name=report.file_name,
        parameters=report.parameters,
        portal_visibility=report.portal_visibility,
        data_sha256=report.data_sha256,
        created_at=report.created_at,
        finished_at=report.finished_at,
        job=report.job_id,
        error=job.error if job and not report.ready else None,
        result=report.result,
        url=f"/audits/{report.id}",
    )


def owner_of(uow: UnitOfWork, actor: Actor, body: UploadCreate) -> Owner:
    if body.system:
        return system_owner(uow, actor, body.system, write=True)
    if body.organisation:
        return organisation_owner(uow, body.organisation)
    raise ValidationError.single(
        "organisation", N_("Name the register record or the organisation of the audit.")
    )


@router.post("/uploads", response_model=UploadRead, status_code=201)
async def create_upload(
    request: Request, body: UploadCreate, actor: Annotated[Actor, Depends(WRITE)]
) -> UploadRead:
    """Open a resumable upload (editors and reviewers of the organisation, administrators)."""
    container = container_of(request)

    def create(uow: UnitOfWork) -> AuditUpload:
        owner = owner_of(uow, actor, body)
        return audits.create_upload(
            uow,
            actor=actor,
            storage=container.storage,
            target=owner.target,
            file_name=body.file_name,
            size=body.size,
            max_bytes=container.settings.audit_max_upload_bytes,
        )

    return upload_read(await in_uow(request, create), chunk_bytes(container))


@router.get("/uploads/{upload_id}", response_model=UploadRead)
async def get_upload(
    request: Request, upload_id: str, actor: Annotated[Actor, Depends(READ)]
) -> UploadRead:
    """An upload's state: `offset` is where to resume (its creator, or an administrator)."""
    upload = await in_uow(
        request, lambda uow: audits.get_upload(uow, actor=actor, upload_id=upload_id), commit=False
    )
    return upload_read(upload, chunk_bytes(container_of(request)))


def offset_conflict(request: Request, upload: AuditUpload) -> JSONResponse:
    """409: the chunk does not continue the file; `offset` says where it does."""
    message = Message(N_("The server holds %(offset)s bytes of this file: continue from there."))
    title = translate(Message(message.key, {"offset": upload.received}), language_of(request))
    return JSONResponse(
        {
            "type": "about:blank",
            "title": title,
            "status": 409,
            "instance": request.url.path,
            "offset": upload.received,
        },
        status_code=409,
        media_type="application/problem+json",
        headers={"Upload-Offset": str(upload.received)},
    )


@router.put(
    "/uploads/{upload_id}/chunks/{offset}",
    response_model=UploadRead,
    responses={409: {"description": "The chunk does not start at the server's offset."}},
)
async def put_chunk(
    request: Request,
    upload_id: str,
    actor: Annotated[Actor, Depends(WRITE)],
    offset: Annotated[int, Path(ge=0, description="Where this chunk starts in the file.")],
) -> UploadRead | JSONResponse:
    """Send the bytes of the file from `offset` (the body, application/octet-stream)."""
    container = container_of(request)
    upload = await in_uow(
        request, lambda uow: audits.get_upload(uow, actor=actor, upload_id=upload_id), commit=False
    )
    if upload.complete or offset != upload.received:
        return offset_conflict(request, upload)
    limit = min(chunk_bytes(container), upload.size - offset)
    path = container.storage.path(upload.storage_key)
    written = await write_chunk(request.stream(), path, offset=offset, limit=limit)
    if written == 0:
        raise ValidationError.single("file", N_("The chunk is empty."))
    if offset == 0:
        try:
            audits.check_head(upload.file_format, await run_in_threadpool(read_head, path))
        except ValidationError:
            await run_in_threadpool(path.write_bytes, b"")
            raise
    moved = await in_uow(
        request,
        lambda uow: audits.record_chunk(
            uow, actor=actor, upload_id=upload_id, from_offset=offset, to_offset=offset + written
        ),
    )
    current = await in_uow(
        request, lambda uow: audits.get_upload(uow, actor=actor, upload_id=upload_id), commit=False
    )
    if not moved:
        return offset_conflict(request, current)
    return upload_read(current, chunk_bytes(container))


@router.post("/uploads/{upload_id}/finish", response_model=UploadRead)
async def finish_upload(
    request: Request, upload_id: str, actor: Annotated[Actor, Depends(WRITE)]
) -> UploadRead:
    """Close the upload once every byte is in: its type and columns are read and checked."""
    container = container_of(request)
    upload = await in_uow(
        request, lambda uow: audits.get_upload(uow, actor=actor, upload_id=upload_id), commit=False
    )
    columns = upload.columns or {}
    if not upload.complete and upload.received == upload.size:
        path = container.storage.path(upload.storage_key)
        audits.check_head(upload.file_format, await run_in_threadpool(read_head, path))
        columns = await run_in_threadpool(read_columns, container, path)
    finished = await in_uow(
        request,
        lambda uow: audits.finish_upload(uow, actor=actor, upload_id=upload_id, columns=columns),
    )
    return upload_read(finished, chunk_bytes(container))


@router.post("/audits", response_model=AuditStarted, status_code=202)
async def start_audit(
    request: Request, body: AuditCreate, actor: Annotated[Actor, Depends(WRITE)]
) -> AuditStarted:
    """Start a fairness or representativeness audit of a finished upload, as a job; follow it
    at /api/v1/audits/{id} (or /api/v1/jobs/{job})."""
    container = container_of(request)
    if body.kind is AuditKind.FAIRNESS:
        parameters: dict[str, Any] = {
            "label": body.label,
            "prediction": body.prediction,
            "sensitive": body.sensitive,
            "score": body.score,
            "positive": body.positive,
            "min_group_size": body.min_group_size,
            "four_fifths_threshold": body.four_fifths_threshold,
        }
    else:
        parameters = {"mapping": body.columns, "threshold": body.threshold}
        if body.reference_upload:
            parameters |= {"pairs": body.pairs, "reference_upload": body.reference_upload}

    def start(uow: UnitOfWork) -> tuple[AuditRead, Job]:
        report, job = audits.start_audit(
            uow,
            actor=actor,
            upload_id=body.upload,
            kind=body.kind,
            parameters=parameters,
            job_params={"memory_limit": container.settings.audit_memory_limit},
            storage=container.storage,
        )
        return audit_read(uow, report), job

    read, job = await in_uow(request, start)
    container.job_queue.enqueue(job.id, job.kind)
    return AuditStarted(audit=read, job=JobRead.model_validate(job_view(job)))


@router.get("/audits/{audit_id}", response_model=AuditRead)
async def get_audit(
    request: Request, audit_id: int, actor: Annotated[Actor, Depends(READERS)]
) -> AuditRead:
    """An audit: its state and, once finished, its report (the organisation's editors,
    reviewers, administrators and regulators)."""

    def load(uow: UnitOfWork) -> AuditRead:
        return audit_read(uow, audits.get_report(uow, actor=actor, report_id=audit_id))

    return await in_uow(request, load, commit=False)
