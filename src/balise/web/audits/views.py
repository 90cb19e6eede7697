"""View models of the audits area, shared by the HTML pages and the JSON API: where audits hang,
the upload limits, the stored files, a report's status and context, and the API's documents.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Role
from balise.domain.audits.errors import SourceError
from balise.domain.audits.findings import findings, headline
from balise.domain.audits.reports import AuditDocument, AuditReport
from balise.domain.audits.uploads import (
    AuditUpload,
    FileFormat,
    check_head,
    check_not_ragged,
    check_size,
    clean_file_name,
)
from balise.domain.jobs.model import Job, JobStatus
from balise.domain.organisations.model import Organisation
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_
from balise.i18n import current_language
from balise.services import audits
from balise.services import audits_uploads as uploads
from balise.services.ports import Storage, UnitOfWork
from balise.web.audits.charts import document_view
from balise.web.audits.schemas import AuditRead, UploadRead
from balise.web.labels import label

AUDITORS = (Role.ADMIN, Role.EDITOR, Role.REVIEWER)
MULTIPART_MARGIN = 64 * 1024  # room for the form's other fields and the multipart boundaries


# --- Where audits hang: an organisation, or a register record ----------------------------------


@dataclass(frozen=True)
class Owner:
    """The page that lists audits and takes uploads: an organisation's or a record's."""

    target: uploads.AuditTarget
    title: str
    path: str
    organisation: Organisation
    target_json: str


def owner_view(found: audits.AuditOwner) -> Owner:
    language = current_language.get()
    organisation = found.organisation
    if found.record is not None:
        record = found.record
        return Owner(
            found.target,
            record.name_in(language),
            f"/register/{record.slug}/audits",
            organisation,
            json.dumps({"system": record.slug}),
        )
    name = organisation.name.in_language(language)
    return Owner(
        found.target,
        name.text if name else organisation.slug,
        f"/organisations/{organisation.slug}/audits",
        organisation,
        json.dumps({"organisation": organisation.slug}),
    )


def organisation_owner(uow: UnitOfWork, actor: Actor, slug: str) -> Owner:
    return owner_view(audits.organisation_owner(uow, actor=actor, slug=slug))


def system_owner(uow: UnitOfWork, actor: Actor, slug: str, *, write: bool = False) -> Owner:
    return owner_view(audits.system_owner(uow, actor=actor, slug=slug, write=write))


OwnerLoader = Callable[[UnitOfWork], Owner]


# --- Limits --------------------------------------------------------------------------------------


def request_limit(container: Container, path: str) -> int:
    """The body size the middleware lets through on this address: an audit upload route, which
    declares `UPLOAD` (web/uploads.py), so as large as an upload."""
    return container.settings.max_upload_bytes


def chunk_bytes(container: Container) -> int:
    """The chunk size offered to the uploader: the setting, within the request limit."""
    limit = request_limit(container, "/api/v1/uploads/x/chunks/0")
    return max(1, min(container.settings.audit_chunk_bytes, limit - 1024))


def form_upload_bytes(container: Container, path: str) -> int:
    """The largest file the form without JavaScript can post in one request."""
    limit = request_limit(container, path) - MULTIPART_MARGIN
    return max(0, min(container.settings.audit_max_upload_bytes, limit))


# --- Files ---------------------------------------------------------------------------------------


HEAD_BYTES = 1 << 20


def read_columns(container: Container, path: Path) -> dict[str, str]:
    """The file's columns and their types, from its header (CSV) or its schema (Parquet)."""
    if path.suffix.lower() == ".csv":
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
        if len(head) == HEAD_BYTES:
            head = head[: head.rfind(b"\n") + 1]
        check_not_ragged(head.decode("utf-8", errors="replace"))
    try:
        source = container.audit_source(path)
    except SourceError as error:
        raise ValidationError.single(
            "file", N_("The file cannot be read as a table: %(reason)s"), reason=str(error)
        ) from error
    try:
        return dict(source.column_types())
    except SourceError as error:
        raise ValidationError.single(
            "file", N_("The file cannot be read as a table: %(reason)s"), reason=str(error)
        ) from error
    finally:
        source.close()


@dataclass(frozen=True)
class StoredFile:
    """A file posted whole in a form, in storage, its columns read."""

    name: str
    file_format: FileFormat
    key: str
    size: int
    columns: dict[str, str]


async def store_whole_file(
    container: Container, upload: UploadFile, *, max_bytes: int
) -> StoredFile:
    """A file posted in one form, streamed to storage and checked; nothing kept if it fails."""
    name = clean_file_name(upload.filename or "")
    file_format = FileFormat.from_file_name(name)
    check_head(file_format, await upload.read(uploads.HEAD_BYTES))
    await upload.seek(0)
    storage = container.storage
    key = await run_in_threadpool(
        storage.save, upload.file, suffix=file_format.suffix, max_bytes=max_bytes
    )
    try:
        path = storage.path(key)
        size = path.stat().st_size
        check_size(size, max_bytes)
        columns = await run_in_threadpool(read_columns, container, path)
    except BaseException:
        storage.delete(key)
        raise
    return StoredFile(name, file_format, key, size, columns)


async def write_chunk(
    storage: Storage, key: str, body: AsyncIterator[bytes], *, offset: int, limit: int
) -> int:
    """Write a request body at `offset` of the stored file, piece by piece, never past `limit`
    bytes; whatever lies beyond the chunk is cut, so a chunk sent again replaces the first."""
    sink = await run_in_threadpool(storage.write_at, key, offset)
    written = 0
    try:
        async for piece in body:
            if not piece:
                continue
            written += len(piece)
            if written > limit:
                raise ValidationError.single(
                    "file",
                    N_("This chunk is larger than the %(size)s bytes expected."),
                    size=limit,
                )
            await run_in_threadpool(sink.write, piece)
    except BaseException:
        await run_in_threadpool(sink.abort)
        raise
    return await run_in_threadpool(sink.commit)


# --- Reports -------------------------------------------------------------------------------------


def status_of(report: AuditReport, job: Job | None) -> str:
    if report.ready:
        return JobStatus.SUCCEEDED.value
    return job.status.value if job else JobStatus.QUEUED.value


def status_labels() -> dict[str, str]:
    return {status.value: label(status) for status in JobStatus}


def report_context(report: AuditReport, document: AuditDocument | None) -> dict[str, Any]:
    """What the report templates need; `document` may be a public (filtered) one."""
    context: dict[str, Any] = {"report": report, "document": document}
    if document is not None:
        context["findings"] = findings(document)
        context["headline"] = headline(document)
        context["view"] = document_view(document)
    return context


@dataclass(frozen=True)
class Attached:
    """Where the report page links back to: the record's audits, or the organisation's."""

    title: str
    path: str


def attached_to(details: audits.ReportDetails) -> Attached | None:
    language = current_language.get()
    if details.record is not None:
        record = details.record
        return Attached(record.name_in(language), f"/register/{record.slug}/audits")
    organisation = details.organisation
    if organisation is None:
        return None
    name = organisation.name.in_language(language)
    title = name.text if name else organisation.slug
    return Attached(title, f"/organisations/{organisation.slug}/audits")


@dataclass(frozen=True)
class Subject:
    """What a downloaded report is about: the AI system (when attached to one) and its owner."""

    system: str | None
    organisation: str | None


def subject_of(details: audits.ReportDetails) -> Subject:
    language = current_language.get()
    system = details.record.name_in(language) if details.record is not None else None
    organisation = None
    if details.organisation is not None:
        name = details.organisation.name.in_language(language)
        organisation = name.text if name else details.organisation.slug
    return Subject(system, organisation)


def download_name(report: AuditReport, suffix: str) -> str:
    return f"balise-audit-{report.id}-{report.kind.value}{suffix}"


# --- The API's documents -------------------------------------------------------------------------


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


def audit_read(details: audits.ReportDetails) -> AuditRead:
    report, job, organisation = details.report, details.job, details.organisation
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
        result=report.result.to_json() if report.result is not None else None,
        url=f"/audits/{report.id}",
    )
