"""Audits on the API: resumable uploads of decision logs, starting an audit, reading a report.

The upload protocol (docs/audits.md): create an upload with the file's name and size; PUT its
chunks in order to `chunks/{offset}`; after a failure, GET the upload to learn the offset the
server holds and go on from there; POST `finish` once every byte is in. A chunk sent at another
offset than the server's gets a 409 problem whose `offset` says where to resume.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor, Scope
from balise.domain.audits.uploads import AuditUpload, check_head
from balise.domain.jobs.model import Job
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import translate
from balise.services import audits
from balise.services import audits_uploads as uploads
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.audits.forms import audit_body
from balise.web.audits.schemas import AuditCreate, AuditRead, AuditStarted, UploadCreate, UploadRead
from balise.web.audits.views import (
    AUDITORS,
    Owner,
    audit_read,
    chunk_bytes,
    organisation_owner,
    read_columns,
    system_owner,
    upload_read,
    write_chunk,
)
from balise.web.common import in_uow
from balise.web.jobs.views import job_view
from balise.web.paths import PathId
from balise.web.rendering import language_of
from balise.web.schemas import JobRead
from balise.web.uploads import UPLOAD

router = APIRouter(tags=["audits"])
WRITE = Allow.only(*AUDITORS, scope=Scope.SYSTEMS_WRITE)
READ = Allow.only(*AUDITORS)
READERS = Allow.signed_in()


def owner_of(uow: UnitOfWork, actor: Actor, body: UploadCreate) -> Owner:
    if body.system:
        return system_owner(uow, actor, body.system, write=True)
    if body.organisation:
        return organisation_owner(uow, actor, body.organisation)
    raise ValidationError.single(
        "organisation", N_("Name the register record or the organisation of the audit.")
    )


@router.post(
    "/uploads",
    response_model=UploadRead,
    status_code=201,
    responses={404: {"description": "No organisation or system you may audit at this address."}},
)
async def create_upload(
    request: Request, body: UploadCreate, actor: Annotated[Actor, Depends(WRITE)]
) -> UploadRead:
    """Open a resumable upload (editors and reviewers of the organisation, administrators)."""
    container = container_of(request)

    def create(uow: UnitOfWork) -> AuditUpload:
        owner = owner_of(uow, actor, body)
        return uploads.create_upload(
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
        request, lambda uow: uploads.get_upload(uow, actor=actor, upload_id=upload_id), commit=False
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
    dependencies=[UPLOAD],
    response_model=UploadRead,
    responses={409: {"description": "The chunk does not start at the server's offset."}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        }
    },
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
        request, lambda uow: uploads.get_upload(uow, actor=actor, upload_id=upload_id), commit=False
    )
    if upload.complete or offset != upload.received:
        return offset_conflict(request, upload)
    limit = min(chunk_bytes(container), upload.size - offset)
    storage, key = container.storage, upload.storage_key
    written = await write_chunk(storage, key, request.stream(), offset=offset, limit=limit)
    if written == 0:
        raise ValidationError.single("file", N_("The chunk is empty."))
    if offset == 0:
        try:
            head = await run_in_threadpool(storage.head, key, uploads.HEAD_BYTES)
            check_head(upload.file_format, head)
        except ValidationError:
            await run_in_threadpool(storage.clear, key)
            raise
    moved = await in_uow(
        request,
        lambda uow: uploads.record_chunk(
            uow, actor=actor, upload_id=upload_id, from_offset=offset, to_offset=offset + written
        ),
    )
    current = await in_uow(
        request, lambda uow: uploads.get_upload(uow, actor=actor, upload_id=upload_id), commit=False
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
        request, lambda uow: uploads.get_upload(uow, actor=actor, upload_id=upload_id), commit=False
    )
    columns = upload.columns or {}
    if not upload.complete and upload.received == upload.size:
        storage, key = container.storage, upload.storage_key
        check_head(
            upload.file_format, await run_in_threadpool(storage.head, key, uploads.HEAD_BYTES)
        )
        columns = await run_in_threadpool(read_columns, container, storage.path(key))
    finished = await in_uow(
        request,
        lambda uow: uploads.finish_upload(uow, actor=actor, upload_id=upload_id, columns=columns),
    )
    return upload_read(finished, chunk_bytes(container))


@router.post(
    "/audits",
    response_model=AuditStarted,
    status_code=202,
    responses={404: {"description": "No upload (or reference_upload) you may use has this id."}},
)
async def start_audit(
    request: Request, body: AuditCreate, actor: Annotated[Actor, Depends(WRITE)]
) -> AuditStarted:
    """Start a fairness or representativeness audit of a finished upload, as a job; follow it
    at /api/v1/audits/{id} (or /api/v1/jobs/{job})."""
    container = container_of(request)
    parameters = audit_body(body)

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
        assert report.id is not None
        return audit_read(audits.get_report_details(uow, actor=actor, report_id=report.id)), job

    read, job = await in_uow(request, start)
    container.job_queue.enqueue(job.id, job.kind)
    return AuditStarted(audit=read, job=JobRead.model_validate(job_view(job)))


@router.get("/audits/{audit_id}", response_model=AuditRead)
async def get_audit(
    request: Request, audit_id: PathId, actor: Annotated[Actor, Depends(READERS)]
) -> AuditRead:
    """An audit: its state and, once finished, its report (the organisation's editors,
    reviewers, administrators and regulators)."""

    def load(uow: UnitOfWork) -> AuditRead:
        return audit_read(audits.get_report_details(uow, actor=actor, report_id=audit_id))

    return await in_uow(request, load, commit=False)
