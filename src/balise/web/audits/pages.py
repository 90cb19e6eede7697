"""Audit pages: an organisation's (or a register record's) audits, uploading a decision log,
choosing its columns, the job's progress, the report with its charts, and its HTML and PDF
downloads.

Large files go through the resumable upload API (web/api/audits.py) driven by
static/uploader.js; without JavaScript the same form posts the file in one request.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from babel.numbers import format_decimal
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from balise.adapters.analytics.duckdb_source import DuckDBSource, SourceError
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Role
from balise.domain.audits.fairness import RATE_NAMES
from balise.domain.audits.reports import (
    AuditKind,
    AuditReport,
    AuditUpload,
    FileFormat,
    PortalVisibility,
    clean_file_name,
    findings,
)
from balise.domain.jobs.model import Job, JobStatus
from balise.domain.organisations.model import Organisation
from balise.domain.shared.errors import NotFound, PermissionDenied, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import current_language, gettext, using
from balise.services import audits, register
from balise.services.permissions import DENIED
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import in_uow, see_other
from balise.web.labels import label
from balise.web.middleware import is_upload
from balise.web.rendering import ENVIRONMENT, field_errors, language_of, render

router = APIRouter(include_in_schema=False)

AUDITORS = (Role.ADMIN, Role.EDITOR, Role.REVIEWER)
CHART_RATES = ("selection_rate", "tpr", "fpr")
NO_SUCH_ORGANISATION = Message(N_("There is no such organisation."))
MULTIPART_MARGIN = 64 * 1024  # room for the form's other fields and the multipart boundaries


# --- Where audits hang: an organisation, or a register record ----------------------------------


@dataclass(frozen=True)
class Owner:
    """The page that lists audits and takes uploads: an organisation's or a record's."""

    target: audits.AuditTarget
    title: str
    path: str
    organisation: Organisation
    target_json: str


def organisation_owner(uow: UnitOfWork, slug: str) -> Owner:
    organisation = uow.organisations.find_by_slug(slug)
    if organisation is None or organisation.id is None:
        raise NotFound(NO_SUCH_ORGANISATION)
    name = organisation.name.in_language(current_language.get())
    return Owner(
        audits.AuditTarget(organisation.id),
        name.text if name else organisation.slug,
        f"/organisations/{organisation.slug}/audits",
        organisation,
        json.dumps({"organisation": organisation.slug}),
    )


def system_owner(uow: UnitOfWork, actor: Actor, slug: str, *, write: bool = False) -> Owner:
    """A register record's audits: its organisation's people, administrators and regulators
    read them; those who may update the record run them."""
    record = (
        register.system_for_update(uow, actor, slug)
        if write
        else register.system_for_reading(uow, actor, slug)
    )
    organisation = uow.organisations.get(record.organisation_id)
    assert organisation is not None
    return Owner(
        audits.AuditTarget(record.organisation_id, record.id),
        record.name_in(current_language.get()),
        f"/register/{record.slug}/audits",
        organisation,
        json.dumps({"system": record.slug}),
    )


OwnerLoader = Callable[[UnitOfWork], Owner]


# --- Limits --------------------------------------------------------------------------------------


def request_limit(container: Container, path: str) -> int:
    """The body size the middleware lets through on this address."""
    settings = container.settings
    return settings.max_upload_bytes if is_upload(path) else settings.max_request_bytes


def chunk_bytes(container: Container) -> int:
    """The chunk size offered to the uploader: the setting, within the request limit."""
    limit = request_limit(container, "/api/v1/uploads/x/chunks/0")
    return max(1, min(container.settings.audit_chunk_bytes, limit - 1024))


def form_upload_bytes(container: Container, path: str) -> int:
    """The largest file the form without JavaScript can post in one request."""
    limit = request_limit(container, path) - MULTIPART_MARGIN
    return max(0, min(container.settings.audit_max_upload_bytes, limit))


# --- Files ---------------------------------------------------------------------------------------


def read_columns(container: Container, path: Path) -> dict[str, str]:
    """The file's columns and their types, from its header (CSV) or its schema (Parquet)."""
    try:
        source = DuckDBSource(path, memory_limit=container.settings.audit_memory_limit)
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


def read_head(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(audits.HEAD_BYTES)


async def store_whole_file(
    container: Container, upload: UploadFile, *, max_bytes: int
) -> tuple[str, FileFormat, str, int, dict[str, str]]:
    """A file posted in one form, streamed to storage: (name, format, key, size, columns)."""
    name = clean_file_name(upload.filename or "")
    file_format = FileFormat.from_file_name(name)
    audits.check_head(file_format, await upload.read(audits.HEAD_BYTES))
    await upload.seek(0)
    storage = container.storage
    key = await run_in_threadpool(
        storage.save, upload.file, suffix=file_format.suffix, max_bytes=max_bytes
    )
    try:
        path = storage.path(key)
        audits.check_size(path.stat().st_size, max_bytes)
        columns = await run_in_threadpool(read_columns, container, path)
    except BaseException:
        storage.delete(key)
        raise
    return name, file_format, key, path.stat().st_size, columns


async def write_chunk(body: AsyncIterator[bytes], path: Path, *, offset: int, limit: int) -> int:
    """Write a request body at `offset` of the file, piece by piece, never past `limit` bytes;
    whatever lies beyond the chunk is cut, so a chunk sent again replaces the first attempt."""
    written = 0
    with path.open("r+b") as out:
        out.seek(offset)
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
                await run_in_threadpool(out.write, piece)
        except BaseException:
            out.truncate(offset)
            raise
        out.truncate(offset + written)
        out.flush()
        os.fsync(out.fileno())
    return written


# --- Report view-models --------------------------------------------------------------------------


def decimal(value: float | int | None, digits: int = 3) -> str:
    """A number in the reader's language, e.g. 0,620 in French; an en dash when undefined."""
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return format_decimal(value, locale=current_language.get().value)
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=current_language.get().value)


CHART_WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_HEIGHT = 46
PLOT_LEFT = 20
PLOT_RIGHT = 560


def x_of(value: float) -> float:
    return round(PLOT_LEFT + max(0.0, min(1.0, value)) * (PLOT_RIGHT - PLOT_LEFT), 1)


def bar_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry of a horizontal bar chart of values in [0, 1], each with its interval and an
    optional reference mark; `rows` hold label, value, low, high and (maybe) reference."""
    bars = []
    for index, row in enumerate(rows):
        top = 8 + index * ROW_HEIGHT
        value = row.get("value")
        bar: dict[str, Any] = {
            "label": row["label"],
            "label_y": top + LABEL_HEIGHT - 4,
            "y": top + LABEL_HEIGHT,
            "height": BAR_HEIGHT,
            "withheld": row.get("withheld", False),
            "value": value,
            "text": decimal(value) if value is not None else None,
        }
        if value is not None:
            bar["width"] = max(0.0, round(x_of(value) - PLOT_LEFT, 1))
            right = max(value, row.get("high") or 0.0, row.get("reference") or 0.0)
            bar["text_x"] = min(x_of(right) + 8, PLOT_RIGHT + 10)
        if row.get("low") is not None and row.get("high") is not None:
            bar["ci"] = {
                "x1": x_of(row["low"]),
                "x2": x_of(row["high"]),
                "y": top + LABEL_HEIGHT + BAR_HEIGHT / 2,
            }
        if row.get("reference") is not None:
            bar["reference_x"] = x_of(row["reference"])
        bars.append(bar)
    ticks = [{"x": x_of(t / 4), "text": decimal(t / 4, 2)} for t in range(5)]
    height = 8 + len(rows) * ROW_HEIGHT + 24
    return {
        "width": CHART_WIDTH,
        "height": height,
        "bars": bars,
        "ticks": ticks,
        "axis_y": height - 20,
        "plot_left": PLOT_LEFT,
        "plot_right": PLOT_RIGHT,
    }


def group_text(group: Mapping[str, Any] | None, missing: str) -> str:
    if not group:
        return ""
    return ", ".join(
        f"{column} = {missing if value is None else value}" for column, value in group.items()
    )


def fairness_view(document: dict[str, Any], missing: str) -> dict[str, Any]:
    charts = []
    for rate in CHART_RATES:
        rows = []
        for group in document["groups"]:
            interval = (group.get("ci") or {}).get(rate)
            rows.append(
                {
                    "label": group_text(group.get("group"), missing),
                    "value": None if group["too_small"] else group.get(rate),
                    "low": interval["low"] if interval else None,
                    "high": interval["high"] if interval else None,
                    "withheld": group["too_small"],
                }
            )
        charts.append({"rate": rate, "chart": bar_chart(rows)})
    return {
        "charts": charts,
        "rates": RATE_NAMES,
        "group_text": lambda group: group_text(group, missing),
    }


def representativeness_view(document: dict[str, Any], missing: str) -> dict[str, Any]:
    rows = []
    for cell in document["cells"]:
        interval = cell.get("ci")
        rows.append(
            {
                "label": group_text(cell["cell"], missing),
                "value": cell.get("observed_share"),
                "low": interval["low"] if interval else None,
                "high": interval["high"] if interval else None,
                "reference": cell.get("reference_share"),
            }
        )
    return {"chart": bar_chart(rows), "group_text": lambda group: group_text(group, missing)}


def document_view(document: dict[str, Any]) -> dict[str, Any]:
    """The charts of a report document, in the current language."""
    missing = gettext("(missing)")
    if document["kind"] == AuditKind.FAIRNESS:
        return fairness_view(document, missing)
    return representativeness_view(document, missing)


# Every template may show audit figures (the portal's system page includes
# audits/_portal_section.html): numbers in the reader's language, and the charts of a document.
ENVIRONMENT.globals.update(audit_number=decimal, audit_view=document_view)


def report_context(report: AuditReport, document: dict[str, Any] | None) -> dict[str, Any]:
    """What the report templates need; `document` may be a public (filtered) one."""
    context: dict[str, Any] = {"report": report, "document": document}
    if document is not None:
        context["findings"] = findings(document)
        context["view"] = document_view(document)
    return context


def status_of(report: AuditReport, job: Job | None) -> str:
    if report.ready:
        return JobStatus.SUCCEEDED.value
    return job.status.value if job else JobStatus.QUEUED.value


# --- Pages ----------------------------------------------------------------------------------------


def list_context(request: Request, uow: UnitOfWork, actor: Actor, owner: Owner) -> dict[str, Any]:
    reports = audits.list_reports(uow, actor=actor, target=owner.target)
    container = container_of(request)
    return {
        "owner": owner,
        "reports": reports,
        "jobs": {r.id: uow.jobs.get(r.job_id) for r in reports if r.job_id},
        "can_run": audits.may_run(actor, owner.target.organisation_id),
        "form_limit": form_upload_bytes(container, owner.path),
        "max_bytes": container.settings.audit_max_upload_bytes,
        "chunk_bytes": chunk_bytes(container),
        "errors": {},
    }


def status_labels() -> dict[str, str]:
    return {status.value: label(status) for status in JobStatus}


async def show_list(
    request: Request, actor: Actor, load: OwnerLoader, *, errors: dict[str, str] | None = None
) -> HTMLResponse:
    def work(uow: UnitOfWork) -> dict[str, Any]:
        owner = load(uow)
        if not audits.may_read(actor, owner.target.organisation_id):
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
        audits.require_run(actor, owner.target.organisation_id)
        return owner

    owner = await in_uow(request, owner_for_write, commit=False)
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise ValidationError.single("file", N_("Choose a .csv or .parquet file."))
        name, file_format, key, size, columns = await store_whole_file(
            container, file, max_bytes=form_upload_bytes(container, owner.path)
        )
        try:
            upload = await in_uow(
                request,
                lambda uow: audits.add_stored_upload(
                    uow,
                    actor=actor,
                    target=owner.target,
                    file_name=name,
                    file_format=file_format,
                    storage_key=key,
                    size=size,
                    columns=columns,
                ),
            )
        except BaseException:
            container.storage.delete(key)
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
    return await show_list(request, actor, lambda uow: organisation_owner(uow, slug))


@router.post("/organisations/{slug}/audits", response_model=None)
async def organisation_upload(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*AUDITORS))]
) -> Response:
    return await receive_form_upload(request, actor, lambda uow: organisation_owner(uow, slug))


@router.get("/register/{slug}/audits", response_class=HTMLResponse)
async def system_audits(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    return await show_list(request, actor, lambda uow: system_owner(uow, actor, slug))


@router.post("/register/{slug}/audits", response_model=None)
async def system_upload(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*AUDITORS))]
) -> Response:
    return await receive_form_upload(
        request, actor, lambda uow: system_owner(uow, actor, slug, write=True)
    )


def upload_context(upload: AuditUpload, values: Mapping[str, Any]) -> dict[str, Any]:
    assert upload.columns is not None
    columns = list(upload.columns)
    reference = audits.reference_values()
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
        lambda uow: audits.complete_upload(uow, actor=actor, upload_id=upload_id),
        commit=False,
    )
    defaults: dict[str, Any] = {
        "min_group_size": "10",
        "four_fifths_threshold": "0.8",
        "threshold": "0.8",
        "sensitive": [],
    }
    for column in audits.reference_columns():
        if upload.columns and column in upload.columns:
            defaults[f"column_{column}"] = column
    return render(request, "audits/columns.html", upload_context(upload, defaults))


def begin(
    uow: UnitOfWork,
    actor: Actor,
    container: Container,
    upload_id: str,
    kind: AuditKind,
    parameters: dict[str, Any],
    reference: tuple[str, FileFormat, str, int, dict[str, str]] | None,
) -> tuple[AuditReport, Job]:
    """Start the audit; a reference population sent with the form is stored as an upload of
    the same organisation in the same transaction."""
    if reference is not None:
        upload = audits.complete_upload(uow, actor=actor, upload_id=upload_id)
        name, file_format, key, size, columns = reference
        stored = audits.add_stored_upload(
            uow,
            actor=actor,
            target=audits.AuditTarget(upload.organisation_id, upload.system_id),
            file_name=name,
            file_format=file_format,
            storage_key=key,
            size=size,
            columns=columns,
        )
        parameters = {**parameters, "reference_upload": stored.id}
    return audits.start_audit(
        uow,
        actor=actor,
        upload_id=upload_id,
        kind=kind,
        parameters=parameters,
        job_params={"memory_limit": container.settings.audit_memory_limit},
        storage=container.storage,
    )


async def start(request: Request, actor: Actor, upload_id: str, kind: AuditKind) -> Response:
    container = container_of(request)
    form = await request.form()
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    values["sensitive"] = [v for v in form.getlist("sensitive") if isinstance(v, str)]
    reference = None
    if kind is AuditKind.FAIRNESS:
        parameters: dict[str, Any] = {
            "label": values.get("label"),
            "prediction": values.get("prediction"),
            "sensitive": values["sensitive"],
            "score": values.get("score"),
            "positive": values.get("positive"),
            "min_group_size": values.get("min_group_size"),
            "four_fifths_threshold": values.get("four_fifths_threshold"),
        }
    else:
        parameters = {
            "mapping": {
                column: values.get(f"column_{column}") for column in audits.reference_columns()
            },
            "pairs": values.get("pairs", ""),
            "threshold": values.get("threshold"),
        }
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
                lambda uow: begin(uow, actor, container, upload_id, kind, parameters, reference),
            )
        except BaseException:
            if reference is not None:
                container.storage.delete(reference[2])
            raise
    except ValidationError as error:
        upload = await in_uow(
            request,
            lambda uow: audits.complete_upload(uow, actor=actor, upload_id=upload_id),
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


@dataclass(frozen=True)
class Attached:
    """Where the report page links back to: the record's audits, or the organisation's."""

    title: str
    path: str


def load_report(
    uow: UnitOfWork, actor: Actor, audit_id: int
) -> tuple[AuditReport, Job | None, Attached | None]:
    report = audits.get_report(uow, actor=actor, report_id=audit_id)
    job = uow.jobs.get(report.job_id) if report.job_id else None
    record = uow.systems.get(report.system_id) if report.system_id else None
    if record is not None:
        title = record.name_in(current_language.get())
        return report, job, Attached(title, f"/register/{record.slug}/audits")
    organisation = uow.organisations.get(report.organisation_id)
    if organisation is None:
        return report, job, None
    name = organisation.name.in_language(current_language.get())
    title = name.text if name else organisation.slug
    return report, job, Attached(title, f"/organisations/{organisation.slug}/audits")


def standalone_html(request: Request, report: AuditReport) -> str:
    language = language_of(request)
    with using(language):
        context = report_context(report, report.result)
        return ENVIRONMENT.get_template("audits/standalone.html").render(
            language=language, **context
        )


def download_name(report: AuditReport, suffix: str) -> str:
    return f"balise-audit-{report.id}-{report.kind.value}{suffix}"


@router.get("/audits/{audit_id}.html", response_model=None)
async def report_html(
    request: Request, audit_id: int, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> Response:
    report, _, _ = await in_uow(
        request, lambda uow: load_report(uow, actor, audit_id), commit=False
    )
    if not report.ready:
        raise NotFound(Message(N_("This audit has no report yet.")))
    return HTMLResponse(
        standalone_html(request, report),
        headers={"Content-Disposition": f'attachment; filename="{download_name(report, ".html")}"'},
    )


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


@router.get("/audits/{audit_id}.pdf", response_model=None)
async def report_pdf(
    request: Request, audit_id: int, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> Response:
    report, _, _ = await in_uow(
        request, lambda uow: load_report(uow, actor, audit_id), commit=False
    )
    if not report.ready:
        raise NotFound(Message(N_("This audit has no report yet.")))
    pdf = await run_in_threadpool(render_pdf, standalone_html(request, report))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{download_name(report, ".pdf")}"'},
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
        can_run=audits.may_run(actor, report.organisation_id),
        visibilities=[v.value for v in PortalVisibility],
    )
    return context


@router.get("/audits/{audit_id}", response_class=HTMLResponse)
async def report_page(
    request: Request, audit_id: int, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    report, job, attached = await in_uow(
        request, lambda uow: load_report(uow, actor, audit_id), commit=False
    )
    context = page_context(report, job, attached, actor)
    context["saved"] = request.query_params.get("saved") == "1"
    return render(request, "audits/report.html", context)


@router.get("/audits/{audit_id}/progress", response_class=HTMLResponse)
async def report_progress(
    request: Request, audit_id: int, actor: Annotated[Actor, Depends(Allow.signed_in())]
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
    request: Request, audit_id: int, actor: Annotated[Actor, Depends(Allow.only(*AUDITORS))]
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
