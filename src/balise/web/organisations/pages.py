"""Organisation pages: the public list and profiles, editing, history and bulk import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import UploadFile

from balise.domain.accounts.model import Actor, Role
from balise.domain.organisations.model import (
    Level,
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
)
from balise.domain.organisations.rows import COLUMNS, organisation_from_row
from balise.domain.register.search import MAX_LIMIT, PortalHit, SearchFilters
from balise.domain.shared.collation import sort_key
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_
from balise.services import jobs, organisations, permissions, register
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import form_of, in_uow, see_other
from balise.web.labels import options
from balise.web.organisations.forms import values_of
from balise.web.organisations.views import (
    change_value,
    event_name,
    history_view,
    organisation_list_view,
    organisation_view,
)
from balise.web.rendering import field_errors, language_of, render
from balise.web.uploads import UPLOAD, save_upload

router = APIRouter(include_in_schema=False)


def list_of(actor: Actor) -> Callable[[UnitOfWork], list[Organisation]]:
    return lambda uow: organisations.list_organisations(uow, actor=actor)


def one(actor: Actor, slug: str) -> Callable[[UnitOfWork], Organisation]:
    return lambda uow: organisations.get_organisation(uow, actor=actor, slug=slug)


def form_context(values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "kinds": options(OrganisationKind),
        "levels": options(Level),
        "size_classes": options(SizeClass),
        "sectors": options(Sector),
    }


@router.get("/organisations", response_class=HTMLResponse)
async def list_organisations(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    found = await in_uow(request, list_of(actor), commit=False)
    reader = language_of(request)

    def shown_name(organisation: Organisation) -> str:
        shown = organisation.name.in_language(reader)
        return shown.text if shown is not None else organisation.slug

    found = sorted(found, key=lambda organisation: sort_key(shown_name(organisation)))
    return render(
        request,
        "organisations/list.html",
        {"organisations": found, "can_create": actor.role is Role.ADMIN},
    )


@router.get("/organisations.json")
async def list_organisations_json(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    found = await in_uow(request, list_of(actor), commit=False)
    return JSONResponse(organisation_list_view(found))


@router.get("/organisations/new", response_class=HTMLResponse)
async def new_organisation(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(Role.ADMIN))]
) -> HTMLResponse:
    return render(request, "organisations/form.html", {**form_context({}, {}), "mode": "create"})


@router.post("/organisations/new", response_model=None)
async def create_organisation(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(Role.ADMIN))]
) -> Response:
    form = await form_of(request)
    try:
        created = await in_uow(
            request,
            lambda uow: organisations.create_organisation(
                uow, actor=actor, organisation=organisation_from_row(form)
            ),
        )
    except ValidationError as error:
        return render(
            request,
            "organisations/form.html",
            {
                **form_context(form, field_errors(error.errors, language_of(request))),
                "mode": "create",
            },
            status_code=422,
        )
    return see_other(f"/organisations/{created.slug}?created=1")


@router.get("/organisations/import", response_class=HTMLResponse)
async def import_form(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(Role.ADMIN))]
) -> HTMLResponse:
    return render(request, "organisations/import.html", {"columns": COLUMNS, "errors": {}})


@router.post("/organisations/import", response_model=None, dependencies=[UPLOAD])
async def import_upload(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(Role.ADMIN))]
) -> Response:
    form = await request.form()
    upload = form.get("file")
    container = container_of(request)
    try:
        if not isinstance(upload, UploadFile):
            raise ValidationError.single("file", N_("Choose a CSV file."))
        key = await save_upload(container, upload, suffix=".csv")
        job = await in_uow(
            request,
            lambda uow: jobs.start_job(
                uow, actor=actor, kind="organisations.import", params={"file": key}
            ),
        )
    except ValidationError as error:
        return render(
            request,
            "organisations/import.html",
            {"columns": COLUMNS, "errors": field_errors(error.errors, language_of(request))},
            status_code=422,
        )
    container.job_queue.enqueue(job.id, job.kind)
    return see_other(f"/jobs/{job.id}")


@router.get("/organisations/{slug}.json")
async def organisation_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    organisation = await in_uow(request, one(actor, slug), commit=False)
    return JSONResponse(organisation_view(organisation))


@router.get("/organisations/{slug}", response_class=HTMLResponse)
async def organisation_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    def load(uow: UnitOfWork) -> tuple[Organisation, list[PortalHit]]:
        found = organisations.get_organisation(uow, actor=actor, slug=slug)
        published = register.search_portal(
            uow,
            actor=actor,
            query="",
            filters=SearchFilters(organisation_id=found.id),
            language=language_of(request),
            limit=MAX_LIMIT,
        )
        return found, published.hits

    organisation, systems = await in_uow(request, load, commit=False)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "systems": systems,
            "view": organisation_view(organisation),
            "can_edit": permissions.can_edit_organisation(actor, organisation.id),
            "can_see_history": permissions.can_see_organisation_history(actor, organisation.id),
            "created": request.query_params.get("created") == "1",
            "saved": request.query_params.get("saved") == "1",
        },
    )


@router.get("/organisations/{slug}/edit", response_class=HTMLResponse)
async def edit_form(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.only(Role.ADMIN, Role.EDITOR))],
) -> HTMLResponse:
    organisation = await in_uow(
        request,
        lambda uow: organisations.get_organisation_for_editing(uow, actor=actor, slug=slug),
        commit=False,
    )
    return render(
        request,
        "organisations/form.html",
        {**form_context(values_of(organisation), {}), "mode": "edit", "organisation": organisation},
    )


@router.post("/organisations/{slug}/edit", response_model=None)
async def update_organisation(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.only(Role.ADMIN, Role.EDITOR))],
) -> Response:
    form = await form_of(request)

    def save(uow: UnitOfWork) -> Organisation:
        found = organisations.get_organisation_for_editing(uow, actor=actor, slug=slug)
        assert found.id is not None
        return organisations.update_organisation(
            uow, actor=actor, organisation_id=found.id, changes=organisation_from_row(form)
        )

    try:
        updated = await in_uow(request, save)
    except ValidationError as error:
        return render(
            request,
            "organisations/form.html",
            {
                **form_context(form, field_errors(error.errors, language_of(request))),
                "mode": "edit",
                "organisation": {"slug": slug},
            },
            status_code=422,
        )
    return see_other(f"/organisations/{updated.slug}?saved=1")


def history_of(actor: Actor, slug: str) -> Callable[[UnitOfWork], tuple[Organisation, Any]]:
    return lambda uow: organisations.organisation_history(uow, actor=actor, slug=slug)


@router.get("/organisations/{slug}/history.json")
async def history_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    _, events = await in_uow(request, history_of(actor, slug), commit=False)
    return JSONResponse(history_view(events))


@router.get("/organisations/{slug}/history", response_class=HTMLResponse)
async def history_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    organisation, events = await in_uow(request, history_of(actor, slug), commit=False)
    return render(
        request,
        "organisations/history.html",
        {
            "organisation": organisation,
            **history_view(events),
            "event_name": event_name,
            "change_value": change_value,
        },
    )
