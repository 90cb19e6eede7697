"""Bulk import of AI system records: the form, the job's page with its report, the templates."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Role
from balise.domain.jobs.model import Job
from balise.domain.organisations.model import Organisation
from balise.domain.register.rows import MAX_ROWS, FileFormat
from balise.domain.shared.cells import csv_writer
from balise.domain.shared.csvfiles import check_text_start
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_
from balise.i18n import translate
from balise.services import jobs, register_import
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import in_uow, see_other
from balise.web.jobs.views import status_labels
from balise.web.rendering import field_errors, language_of, render
from balise.web.uploads import SNIFF_BYTES, UPLOAD

router = APIRouter(include_in_schema=False)

IMPORTERS = (Role.ADMIN, Role.EDITOR, Role.REVIEWER)
MAX_IMPORT_BYTES = 20 * 1_048_576
SUFFIXES = {".csv": FileFormat.CSV, ".xlsx": FileFormat.XLSX, ".json": FileFormat.JSON}


def check_head(file_format: FileFormat, head: bytes) -> None:
    """A first look at the bytes, with the messages of the one reader the job then uses (as the
    command line does): empty, not a zip archive for XLSX; binary, UTF-16 or not UTF-8 (naming
    the line and byte) for CSV and JSON, whose delimiter (`,` `;` or tab) is left to the reader."""
    if not head.strip():
        raise ValidationError.single("file", N_("The file is empty."))
    if file_format is FileFormat.XLSX:
        if not head.startswith(b"PK\x03\x04"):
            raise ValidationError.single("file", N_("This file is not an XLSX workbook."))
        return
    text = check_text_start(head)
    if file_format is FileFormat.JSON and text.lstrip()[:1] not in {"[", "{"}:
        raise ValidationError.single("file", N_("This file is not valid JSON."))


async def save_import_upload(container: Container, upload: UploadFile) -> tuple[str, FileFormat]:
    """Keep an uploaded inventory after checking its name, its first bytes and its size."""
    name = (upload.filename or "").lower()
    suffix = next((s for s in SUFFIXES if name.endswith(s)), None)
    if suffix is None:
        raise ValidationError.single("file", N_("Choose a CSV, XLSX or JSON file."))
    file_format = SUFFIXES[suffix]
    check_head(file_format, await upload.read(SNIFF_BYTES))
    await upload.seek(0)
    key = await run_in_threadpool(
        container.storage.save,
        upload.file,
        suffix=suffix,
        max_bytes=min(MAX_IMPORT_BYTES, container.settings.max_upload_bytes),
    )
    return key, file_format


def form_context(
    organisations: list[Organisation], values: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    return {
        "organisations": organisations,
        "values": values,
        "errors": errors,
        "max_rows": MAX_ROWS,
        "max_megabytes": MAX_IMPORT_BYTES // 1_048_576,
    }


def choices(actor: Actor) -> Callable[[UnitOfWork], list[Organisation]]:
    return lambda uow: register_import.organisations_for_import(uow, actor)


@router.get("/register/import", response_class=HTMLResponse)
async def import_form(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(*IMPORTERS))]
) -> HTMLResponse:
    organisations = await in_uow(request, choices(actor), commit=False)
    return render(
        request, "register_import/form.html", form_context(organisations, {"dry_run": "1"}, {})
    )


@router.post("/register/import", response_model=None, dependencies=[UPLOAD])
async def import_upload(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(*IMPORTERS))]
) -> Response:
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    upload = form.get("file")
    container = container_of(request)
    try:
        slug = values.get("organisation", "")

        def start(uow: UnitOfWork, file_key: str, file_format: FileFormat) -> Job:
            register_import.organisation_for_import(uow, actor, slug)
            return jobs.start_job(
                uow,
                actor=actor,
                kind=register_import.IMPORT_JOB,
                params={
                    "file": file_key,
                    "format": file_format.value,
                    "organisation": slug,
                    "dry_run": values.get("dry_run") == "1",
                },
            )

        await in_uow(
            request,
            lambda uow: register_import.organisation_for_import(uow, actor, slug),
            commit=False,
        )
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationError.single("file", N_("Choose a CSV, XLSX or JSON file."))
        key, file_format = await save_import_upload(container, upload)
        try:
            job = await in_uow(request, lambda uow: start(uow, key, file_format))
        except BaseException:
            container.storage.delete(key)  # no job will ever read it
            raise
    except ValidationError as error:
        organisations = await in_uow(request, choices(actor), commit=False)
        return render(
            request,
            "register_import/form.html",
            form_context(organisations, values, field_errors(error.errors, language_of(request))),
            status_code=422,
        )
    container.job_queue.enqueue(job.id, job.kind)
    return see_other(f"/register/import/jobs/{job.id}")


def import_job(request: Request, actor: Actor, job_id: str) -> Any:
    def load(uow: UnitOfWork) -> Job:
        job = jobs.get_job(uow, actor=actor, job_id=job_id)
        if job.kind != register_import.IMPORT_JOB:
            raise register_import.no_such_job()
        return job

    return in_uow(request, load, commit=False)


@router.get("/register/import/jobs/{job_id}", response_class=HTMLResponse)
async def import_job_page(
    request: Request, job_id: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    job = await import_job(request, actor, job_id)
    return render(request, "register_import/job.html", {"job": job, "labels": status_labels()})


@router.get("/register/import/jobs/{job_id}/progress", response_class=HTMLResponse)
async def import_job_progress(
    request: Request, job_id: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    job = await import_job(request, actor, job_id)
    return render(request, "register_import/progress.html", {"job": job, "labels": status_labels()})


@router.get("/register/import/template.csv")
async def template_csv(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    language = language_of(request)
    columns, _ = register_import.template_rows(lambda message: translate(message, language))
    buffer = io.StringIO()
    csv_writer(buffer, lineterminator="\r\n").writerow(columns)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="balise-systems-template.csv"'},
    )


@router.get("/register/import/template.xlsx")
async def template_xlsx(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    language = language_of(request)
    content = await run_in_threadpool(
        register_import.template_xlsx, lambda message: translate(message, language)
    )
    return Response(
        content,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="balise-systems-template.xlsx"'},
    )
