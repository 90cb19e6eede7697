"""Registered data connections: an organisation's list and registration form, a connection's
page (what it points to, "password stored", test, replace, delete) and the audit form that
starts a fairness or representativeness audit counted in that engine.

The password is never sent back: the forms leave it blank, and the pages show the address
without it. Testing connects to the engine (read-only) and lists its columns; a failure is
told without the password.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.audits.connections import AuditConnection, ConnectionEngine
from balise.domain.audits.errors import SourceError
from balise.domain.audits.findings import suggested_columns
from balise.domain.audits.references import reference_columns, reference_values
from balise.domain.audits.reports import AuditKind
from balise.domain.organisations.model import Organisation
from balise.domain.shared.errors import DomainError, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import current_language
from balise.services import audit_connections as connections
from balise.services.organisations import get_organisation
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.audits.forms import audit_form, form_values
from balise.web.audits.views import AUDITORS
from balise.web.common import form_of, in_uow, see_other
from balise.web.paths import PathId
from balise.web.rendering import field_errors, language_of, render

router = APIRouter(include_in_schema=False)
STAFF = Allow.only(*AUDITORS)
DETAIL_FIELDS = ("name", "engine", "url", "host", "port", "database", "user", "password", "table")
FORM_FIELDS = (*DETAIL_FIELDS, "spark")


# --- View models -----------------------------------------------------------------------------


def organisation_name(organisation: Organisation) -> str:
    name = organisation.name.in_language(current_language.get())
    return name.text if name else organisation.slug


def form_defaults(found: AuditConnection | None = None) -> dict[str, str]:
    """The registration form, or the replacement form filled with what may be shown (never
    the password)."""
    if found is None:
        return {"engine": ConnectionEngine.POSTGRESQL.value, "port": "5432"}
    facts = found.facts()
    values = {"name": found.name, "engine": found.engine.value}
    if found.engine is ConnectionEngine.SPARK:
        values["spark"] = facts["source"]
    else:
        values.update({key: facts[key] for key in ("host", "port", "database", "user", "table")})
    return values


@dataclass(frozen=True)
class ConnectionPage:
    connection: AuditConnection
    organisation: Organisation


def load_page(uow: UnitOfWork, actor: Actor, connection_id: int) -> ConnectionPage:
    found = connections.get_connection(uow, actor=actor, connection_id=connection_id)
    return ConnectionPage(found, connections.organisation_of(uow, found))


def detail_context(page: ConnectionPage) -> dict[str, Any]:
    return {
        "connection": page.connection,
        "facts": page.connection.facts(),
        "organisation": page.organisation,
        "organisation_name": organisation_name(page.organisation),
        "values": form_defaults(page.connection),
        "errors": {},
        "test_error": None,
        "tested": False,
        "saved": False,
    }


# --- An organisation's connections -----------------------------------------------------------


def list_context(uow: UnitOfWork, actor: Actor, slug: str) -> dict[str, Any]:
    organisation = get_organisation(uow, actor=actor, slug=slug)
    assert organisation.id is not None
    return {
        "organisation": organisation,
        "organisation_name": organisation_name(organisation),
        "connections": connections.list_connections(
            uow, actor=actor, organisation_id=organisation.id
        ),
        "values": form_defaults(),
        "errors": {},
    }


@router.get("/organisations/{slug}/audits/connections", response_class=HTMLResponse)
async def connections_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(STAFF)]
) -> HTMLResponse:
    context = await in_uow(request, lambda uow: list_context(uow, actor, slug), commit=False)
    return render(request, "audits/connections/list.html", context)


@router.post("/organisations/{slug}/audits/connections", response_model=None)
async def register_connection(
    request: Request, slug: str, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    container = container_of(request)
    values = await form_of(request)

    def create(uow: UnitOfWork) -> AuditConnection:
        organisation = get_organisation(uow, actor=actor, slug=slug)
        assert organisation.id is not None
        return connections.create_connection(
            uow,
            actor=actor,
            box=container.connection_box,
            organisation_id=organisation.id,
            values={key: values.get(key, "") for key in FORM_FIELDS},
        )

    try:
        created = await in_uow(request, create)
    except ValidationError as error:
        context = await in_uow(request, lambda uow: list_context(uow, actor, slug), commit=False)
        context["values"] = {
            k: v for k, v in values.items() if k in FORM_FIELDS and k != "password"
        }
        context["errors"] = field_errors(error.errors, language_of(request))
        return render(request, "audits/connections/list.html", context, status_code=422)
    return see_other(f"/audits/connections/{created.id}?saved=1")


# --- One connection --------------------------------------------------------------------------


@router.get("/audits/connections/{connection_id}", response_class=HTMLResponse)
async def connection_page(
    request: Request, connection_id: PathId, actor: Annotated[Actor, Depends(STAFF)]
) -> HTMLResponse:
    page = await in_uow(request, lambda uow: load_page(uow, actor, connection_id), commit=False)
    context = detail_context(page)
    context["saved"] = request.query_params.get("saved") == "1"
    context["tested"] = request.query_params.get("tested") == "1"
    return render(request, "audits/connections/detail.html", context)


@router.post("/audits/connections/{connection_id}", response_model=None)
async def replace_connection(
    request: Request, connection_id: PathId, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    container = container_of(request)
    values = await form_of(request)
    try:
        await in_uow(
            request,
            lambda uow: connections.replace_connection(
                uow,
                actor=actor,
                box=container.connection_box,
                connection_id=connection_id,
                values={key: values.get(key, "") for key in FORM_FIELDS},
            ),
        )
    except ValidationError as error:
        page = await in_uow(request, lambda uow: load_page(uow, actor, connection_id), commit=False)
        context = detail_context(page)
        context["values"] = {
            k: v for k, v in values.items() if k in FORM_FIELDS and k != "password"
        }
        context["errors"] = field_errors(error.errors, language_of(request))
        return render(request, "audits/connections/detail.html", context, status_code=422)
    return see_other(f"/audits/connections/{connection_id}?saved=1")


@router.post("/audits/connections/{connection_id}/delete", response_model=None)
async def delete_connection(
    request: Request, connection_id: PathId, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    def remove(uow: UnitOfWork) -> str:
        removed = connections.remove_connection(uow, actor=actor, connection_id=connection_id)
        return connections.organisation_of(uow, removed).slug

    slug = await in_uow(request, remove)
    return see_other(f"/organisations/{slug}/audits/connections?deleted=1")


def read_columns(container: Container, found: AuditConnection) -> dict[str, str]:
    """Connect (read-only) and read the table's columns; nothing else is read."""
    source = container.open_connection(found)
    try:
        return source.column_types()
    finally:
        source.close()


def test_failure(error: Exception) -> Message:
    if isinstance(error, DomainError) and not isinstance(error, SourceError):
        return error.message
    return Message(N_("The connection failed: %(reason)s"), {"reason": str(error)})


@router.post("/audits/connections/{connection_id}/test", response_model=None)
async def test_connection(
    request: Request, connection_id: PathId, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    """Connect and list the columns; they are kept for the audit form."""
    container = container_of(request)
    found = await in_uow(
        request,
        lambda uow: connections.connection_for_use(uow, actor=actor, connection_id=connection_id),
        commit=False,
    )
    try:
        columns = await run_in_threadpool(read_columns, container, found)
    except (SourceError, DomainError) as error:
        page = await in_uow(request, lambda uow: load_page(uow, actor, connection_id), commit=False)
        context = detail_context(page)
        context["test_error"] = field_errors({"test": test_failure(error)}, language_of(request))[
            "test"
        ]
        return render(request, "audits/connections/detail.html", context, status_code=422)
    await in_uow(
        request,
        lambda uow: connections.record_test(
            uow, actor=actor, connection_id=connection_id, columns=columns
        ),
    )
    return see_other(f"/audits/connections/{connection_id}?tested=1#test")


# --- Auditing from a connection ----------------------------------------------------------------


def audit_context(found: AuditConnection, values: Mapping[str, Any]) -> dict[str, Any]:
    columns = list(found.columns or {})
    return {
        # columns.html speaks of an upload: the connection stands in for it
        "upload": {"id": found.id, "file_name": found.name},
        "connection": found,
        "action_base": f"/audits/connections/{found.id}",
        "no_reference_file": True,
        "columns": columns,
        "options": [(c, c) for c in columns],
        "reference": reference_values(),
        "values": values,
        "fairness_errors": {},
        "representativeness_errors": {},
    }


@router.get("/audits/connections/{connection_id}/audit", response_model=None)
async def audit_page(
    request: Request, connection_id: PathId, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    found = await in_uow(
        request,
        lambda uow: connections.connection_for_use(uow, actor=actor, connection_id=connection_id),
        commit=False,
    )
    if not found.columns:
        return see_other(f"/audits/connections/{connection_id}#test")
    defaults: dict[str, Any] = {
        "min_group_size": "10",
        "four_fifths_threshold": "0.8",
        "threshold": "0.8",
        "sensitive": [],
    }
    defaults.update(suggested_columns(found.columns))
    for column in reference_columns():
        if column in found.columns:
            defaults[f"column_{column}"] = column
    return render(request, "audits/columns.html", audit_context(found, defaults))


async def start(request: Request, actor: Actor, connection_id: int, kind: AuditKind) -> Response:
    container = container_of(request)
    values = form_values(await request.form())

    def begin(uow: UnitOfWork) -> Any:
        form = audit_form(kind, values)
        try:
            started = connections.start_connection_audit(
                uow,
                actor=actor,
                connection_id=connection_id,
                kind=kind,
                parameters=form.parameters,
                job_params={"memory_limit": container.settings.audit_memory_limit},
            )
        except ValidationError as error:
            raise form.all_errors(error) or error from None
        if problems := form.all_errors():
            raise problems
        return started

    try:
        report, job = await in_uow(request, begin)
    except ValidationError as error:
        found = await in_uow(
            request,
            lambda uow: connections.connection_for_use(
                uow, actor=actor, connection_id=connection_id
            ),
            commit=False,
        )
        context = audit_context(found, values)
        context[f"{kind.value}_errors"] = field_errors(error.errors, language_of(request))
        return render(request, "audits/columns.html", context, status_code=422)
    container.job_queue.enqueue(job.id, job.kind)
    return see_other(f"/audits/{report.id}")


@router.post("/audits/connections/{connection_id}/fairness", response_model=None)
async def start_fairness(
    request: Request, connection_id: PathId, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    return await start(request, actor, connection_id, AuditKind.FAIRNESS)


@router.post("/audits/connections/{connection_id}/representativeness", response_model=None)
async def start_representativeness(
    request: Request, connection_id: PathId, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    return await start(request, actor, connection_id, AuditKind.REPRESENTATIVENESS)
