"""Audit pages: an organisation's (or a register record's) audits, uploading a decision log,
choosing its columns, the job's progress, the report with its charts, and its HTML and PDF
downloads.

Large files go through the resumable upload API (web/audits/api.py) driven by
static/uploader.js; without JavaScript the same form posts the file in one request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.audits.findings import suggested_columns
from balise.domain.audits.references import reference_columns, reference_values
from balise.domain.audits.reports import AuditKind, AuditReport, PortalVisibility
from balise.domain.audits.uploads import AuditUpload
from balise.domain.jobs.model import Job
from balise.domain.shared.errors import NotFound, PermissionDenied, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import using
from balise.services import audits
from balise.services import audits_uploads as uploads
from balise.services.permissions import DENIED, can_read_audit, can_run_audit
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.audits.forms import audit_form, form_values
from balise.web.audits.views import (
    AUDITORS,
    Attached,
    Owner,
    OwnerLoader,
    StoredFile,
    attached_to,
    chunk_bytes,
    download_name,
    form_upload_bytes,
    organisation_owner,
    report_context,
    status_labels,
    status_of,
    store_whole_file,
    subject_of,
    system_owner,
)
from balise.web.common import in_uow, see_other
from balise.web.paths import PathId
from balise.web.rendering import ENVIRONMENT, field_errors, language_of, render
from balise.web.uploads import UPLOAD

router = APIRouter(include_in_schema=False)


# --- Pages ----------------------------------------------------------------------------------------


def list_context(request: Request, uow: UnitOfWork, actor: Actor, owner: Owner) -> dict[str, Any]:
    found = audits.list_reports_with_jobs(uow, actor=actor, target=owner.target)
    container = container_of(request)
    return {
        "owner": owner,
        "reports": [report for report, _ in found],
        "jobs": {report.id: job for report, job in found if job is not None},
        "can_run": can_run_audit(actor, owner.target.organisation_id),
        "form_limit": form_upload_bytes(container, owner.path),
        "max_bytes": container.settings.audit_max_upload_bytes,
        "chunk_bytes": chunk_bytes(container),
        "errors": {},
    }


async def show_list(
    request: Request, actor: Actor, load: OwnerLoader, *, errors: dict[str, str] | None = None
) -> HTMLResponse:
    def work(uow: UnitOfWork) -> dict[str, Any]:
        owner = load(uow)
        if not can_read_audit(actor, owner.target.organisation_id):
            raise PermissionDenied(DENIED)
        return list_context(request, uow, actor, owner)

    context = await in_uow(request, work, commit=False)
    context["errors"] = errors or {}
    context["status_labels"] = status_labels()
    return render(request, "audits/list.html", context, status_code=422 if errors else 200)


async def receive_form_upload(request: Request, actor: Actor, load: OwnerLoader) -> Response:
    container = container_of(request)
    form = await request.form()
    file = form.get("file")

    def owner_for_write(uow: UnitOfWork) -> Owner:
        owner = load(uow)
        uploads.require_run(actor, owner.target.organisation_id)
        return owner

    owner = await in_uow(request, owner_for_write, commit=False)
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise ValidationError.single("file", N_("Choose a .csv or .parquet file."))
        stored = await store_whole_file(
            container, file, max_bytes=form_upload_bytes(container, owner.path)
        )
        try:
            upload = await in_uow(
                request,
                lambda uow: uploads.add_stored_upload(
                    uow,
                    actor=actor,
                    target=owner.target,
                    file_name=stored.name,
                    file_format=stored.file_format,
                    storage_key=stored.key,
                    size=stored.size,
                    columns=stored.columns,
                ),
            )
        except BaseException:
            container.storage.delete(stored.key)
            raise
    except ValidationError as error:
        return await show_list(
            request, actor, load, errors=field_errors(error.errors, language_of(request))
        )
    return see_other(f"/audits/uploads/{upload.id}")


@router.get("/organisations/{slug}/audits", response_class=HTMLResponse)
async def organisation_audits(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    return await show_list(request, actor, lambda uow: organisation_owner(uow, actor, slug))


@router.post("/organisations/{slug}/audits", response_model=None, dependencies=[UPLOAD])
async def organisation_upload(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*AUDITORS))]
) -> Response:
    return await receive_form_upload(
        request, actor, lambda uow: organisation_owner(uow, actor, slug)
    )


@router.get("/register/{slug}/audits", response_class=HTMLResponse)
async def system_audits(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    return await show_list(request, actor, lambda uow: system_owner(uow, actor, slug))


@router.post("/register/{slug}/audits", response_model=None, dependencies=[UPLOAD])
async def system_upload(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*AUDITORS))]
) -> Response:
    return await receive_form_upload(
        request, actor, lambda uow: system_owner(uow, actor, slug, write=True)
    )


def upload_context(upload: AuditUpload, values: Mapping[str, Any]) -> dict[str, Any]:
    assert upload.columns is not None
    columns = list(upload.columns)
    reference = reference_values()
    return {
        "upload": upload,
        "columns": columns,
        "options": [(c, c) for c in columns],
        "reference": reference,
        "values": values,
        "fairness_errors": {},
        "representativeness_errors": {},
    }


@router.get("/audits/uploads/{upload_id}", response_class=HTMLResponse)
async def choose_columns(
    request: Request, upload_id: str, actor: Annotated[Actor, Depends(Allow.only(*AUDITORS))]
) -> HTMLResponse:
    upload = await in_uow(
        request,
        lambda uow: uploads.complete_upload(uow, actor=actor, upload_id=upload_id),
        commit=False,
    )
    defaults: dict[str, Any] = {
        "min_group_size": "10",
        "four_fifths_threshold": "0.8",
        "threshold": "0.8",
        "sensitive": [],
    }
    defaults.update(suggested_columns(upload.columns or ()))
    for column in reference_columns():
        if upload.columns and column in upload.columns:
            defaults[f"column_{column}"] = column
    return render(request, "audits/columns.html", upload_context(upload, defaults))


def begin(
    uow: UnitOfWork,
    actor: Actor,
    container: Container,
    upload_id: str,
    kind: AuditKind,
    values: Mapping[str, Any],
    reference: StoredFile | None,
) -> tuple[AuditReport, Job]:
    """Start the audit; a reference population sent with the form is stored as an upload of
    the same organisation in the same transaction. Every wrong field is named at once."""
    form = audit_form(kind, values)
    parameters = form.parameters
    if reference is not None:
        upload = uploads.complete_upload(uow, actor=actor, upload_id=upload_id)
        stored = uploads.add_stored_upload(
            uow,
            actor=actor,
            target=uploads.AuditTarget(upload.organisation_id, upload.system_id),
            file_name=reference.name,
            file_format=reference.file_format,
            storage_key=reference.key,
            size=reference.size,
            columns=reference.columns,
        )
        parameters = {**parameters, "reference_upload": stored.id}
    try:
        started = audits.start_audit(
            uow,
            actor=actor,
            upload_id=upload_id,
            kind=kind,
            parameters=parameters,
            job_params={"memory_limit": container.settings.audit_memory_limit},
            storage=container.storage,
        )
    except ValidationError as error:
        raise form.all_errors(error) or error from None
    if problems := form.all_errors():
        raise problems
    return started


async def start(request: Request, actor: Actor, upload_id: str, kind: AuditKind) -> Response:
    container = container_of(request)
    form = await request.form()
    values = form_values(form)
    reference = None
    try:
        if values.get("reference_kind") == "file":
            file = form.get("reference")
            if not isinstance(file, UploadFile) or not file.filename:
                raise ValidationError.single(
                    "reference", N_("Choose the reference population's CSV file.")
                )
            try:
                reference = await store_whole_file(
                    container, file, max_bytes=audits.REFERENCE_MAX_BYTES
                )
            except ValidationError as error:
                raise ValidationError({"reference": error.message}) from None
        try:
            report, job = await in_uow(
                request,
                lambda uow: begin(uow, actor, container, upload_id, kind, values, reference),
            )
        except BaseException:
            if reference is not None:
                container.storage.delete(reference.key)
            raise
    except ValidationError as error:
        upload = await in_uow(
            request,
            lambda uow: uploads.complete_upload(uow, actor=actor, upload_id=upload_id),
            commit=False,
        )
        context = upload_context(upload, values)
        context[f"{kind.value}_errors"] = field_errors(error.errors, language_of(request))
        context["kind"] = kind.value
        return render(request, "audits/columns.html", context, status_code=422)
    container.job_queue.enqueue(job.id, job.kind)
    return see_other(f"/audits/{report.id}")


@router.post("/audits/uploads/{upload_id}/fairness", response_model=None)
async def start_fairness(
    request: Request, upload_id: str, actor: Annotated[Actor, Depends(Allow.only(*AUDITORS))]
) -> Response:
    return await start(request, actor, upload_id, AuditKind.FAIRNESS)


@router.post("/audits/uploads/{upload_id}/representativeness", response_model=None)
async def start_representativeness(
    request: Request, upload_id: str, actor: Annotated[Actor, Depends(Allow.only(*AUDITORS))]
) -> Response:
    return await start(request, actor, upload_id, AuditKind.REPRESENTATIVENESS)


def load_report(
    uow: UnitOfWork, actor: Actor, audit_id: int
) -> tuple[AuditReport, Job | None, Attached | None]:
    details = audits.get_report_details(uow, actor=actor, report_id=audit_id)
    return details.report, details.job, attached_to(details)


def standalone_html(request: Request, details: audits.ReportDetails) -> str:
    language = language_of(request)
    with using(language):
        context = report_context(details.report, details.report.result)
        return ENVIRONMENT.get_template("audits/standalone.html").render(
            language=language, subject=subject_of(details), **context
        )


def attachment(file_name: str) -> str:
    return f'attachment; filename="{file_name}"'


def finished_report(uow: UnitOfWork, actor: Actor, audit_id: int) -> audits.ReportDetails:
    details = audits.get_report_details(uow, actor=actor, report_id=audit_id)
    if not details.report.ready:
        raise NotFound(Message(N_("This audit has no report yet.")))
    return details


@router.get("/audits/{audit_id}.html", response_model=None)
async def report_html(
    request: Request, audit_id: PathId, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> Response:
    details = await in_uow(request, lambda uow: finished_report(uow, actor, audit_id), commit=False)
    return HTMLResponse(
        standalone_html(request, details),
        headers={"Content-Disposition": attachment(download_name(details.report, ".html"))},
    )


def render_pdf(html: str) -> bytes:
    from balise.web.pdf import pdf_from_html  # fetches no external URL

    return pdf_from_html(html)


@router.get("/audits/{audit_id}.pdf", response_model=None)
async def report_pdf(
    request: Request, audit_id: PathId, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> Response:
    details = await in_uow(request, lambda uow: finished_report(uow, actor, audit_id), commit=False)
    pdf = await run_in_threadpool(render_pdf, standalone_html(request, details))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": attachment(download_name(details.report, ".pdf"))},
    )


def page_context(
    report: AuditReport, job: Job | None, attached: Attached | None, actor: Actor
) -> dict[str, Any]:
    context = report_context(report, report.result)
    context.update(
        job=job,
        status=status_of(report, job),
        status_labels=status_labels(),
        attached=attached,
        can_run=can_run_audit(actor, report.organisation_id),
        visibilities=[v.value for v in PortalVisibility],
    )
    return context


@router.get("/audits/{audit_id}", response_class=HTMLResponse)
async def report_page(
    request: Request, audit_id: PathId, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    report, job, attached = await in_uow(
        request, lambda uow: load_report(uow, actor, audit_id), commit=False
    )
    context = page_context(report, job, attached, actor)
    context["saved"] = request.query_params.get("saved") == "1"
    return render(request, "audits/report.html", context)


@router.get("/audits/{audit_id}/progress", response_class=HTMLResponse)
async def report_progress(
    request: Request, audit_id: PathId, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    report, job, attached = await in_uow(
        request, lambda uow: load_report(uow, actor, audit_id), commit=False
    )
    response = render(request, "audits/progress.html", page_context(report, job, attached, actor))
    if report.ready and request.headers.get("hx-request"):
        response.headers["HX-Refresh"] = "true"  # the finished report replaces the progress
    return response


@router.post("/audits/{audit_id}/visibility", response_model=None)
async def change_visibility(
    request: Request, audit_id: PathId, actor: Annotated[Actor, Depends(Allow.only(*AUDITORS))]
) -> Response:
    form = await request.form()
    chosen = form.get("visibility")
    await in_uow(
        request,
        lambda uow: audits.set_portal_visibility(
            uow,
            actor=actor,
            report_id=audit_id,
            visibility=chosen if isinstance(chosen, str) else "",
        ),
    )
    return see_other(f"/audits/{audit_id}?saved=1#visibility")
