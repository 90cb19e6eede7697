"""The citizen's side of requests: the form without an account, the follow-up, the statistics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.monitoring.requests import RequestKind
from balise.services import monitoring
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import form_of, in_uow, see_other
from balise.web.forms_flow import run_form
from balise.web.labels import options
from balise.web.monitoring.forms import REQUEST_FIELDS, addressed_request, in_page_order
from balise.web.monitoring.pages.shared import form_again, page, send_after_commit
from balise.web.monitoring.views import request_follow_up_view, statistics_view
from balise.web.rendering import language_of

router = APIRouter(include_in_schema=False)


def intake_context(
    uow: UnitOfWork, values: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    return {
        "values": values,
        "errors": in_page_order(errors, REQUEST_FIELDS),
        "kinds": options(RequestKind),
        "organisations": [
            (o.slug, o.name.as_dict()) for o in monitoring.choices.intake_organisations(uow)
        ],
    }


@router.get("/requests/new", response_class=HTMLResponse)
async def new_request(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    values = {
        "system": request.query_params.get("system", ""),
        "organisation": request.query_params.get("organisation", ""),
        "kind": request.query_params.get("kind", ""),
        "language": language_of(request).value,
    }

    def load(uow: UnitOfWork) -> dict[str, Any]:
        context = intake_context(uow, values, {})
        if values["system"]:
            record = monitoring.choices.published_system(uow, values["system"])
            if record is not None:
                context["system_name"] = record.name_in(language_of(request))
        return context

    return page(request, "monitoring/request_form.html", await in_uow(request, load, commit=False))


@router.post("/requests/new", response_model=None)
async def file_request(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    form = await form_of(request)
    form["channel"] = "online"
    base_url = container_of(request).settings.base_url

    def save(uow: UnitOfWork) -> monitoring.Filed:
        given = addressed_request(uow, form, default_language=language_of(request))
        return monitoring.file_request(
            uow,
            actor=actor,
            given=given,
            system_slug=form.get("system", ""),
            organisation_slug=form.get("organisation", ""),
            base_url=base_url,
        )

    def filed_page(filed: monitoring.Filed) -> Response:
        return page(
            request,
            "monitoring/request_filed.html",
            {
                "reference": filed.request.reference,
                "due_on": filed.request.due_on,
                "article": filed.request.article,
                "follow_up_url": filed.follow_up_url,
                "follow_up_path": monitoring.follow_up_path(filed.request.reference, filed.secret),
                "has_email": bool(filed.request.contact.email),
            },
            status_code=201,
        )

    return await run_form(
        request,
        save,
        success=filed_page,
        refuse=form_again(
            request,
            "monitoring/request_form.html",
            lambda uow, errors: intake_context(uow, form, errors),
        ),
        after_commit=lambda filed: send_after_commit(request, filed.mails),
    )


@router.get("/requests/statistics.json")
async def statistics_json(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        return {
            "organisations": statistics_view(
                monitoring.statistics_rows(uow, "organisation"), level="organisation"
            ),
            "systems": statistics_view(monitoring.statistics_rows(uow, "system"), level="system"),
        }

    return JSONResponse(await in_uow(request, load, commit=False))


@router.get("/requests/statistics", response_class=HTMLResponse)
async def statistics_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        return {
            "organisations": monitoring.statistics_rows(uow, "organisation"),
            "systems": monitoring.statistics_rows(uow, "system"),
        }

    return page(request, "monitoring/statistics.html", await in_uow(request, load, commit=False))


@router.get("/requests/{reference}", response_class=HTMLResponse)
async def follow_up_page(
    request: Request, reference: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    secret = request.query_params.get("key", "")

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = monitoring.follow_request(uow, reference=reference, secret=secret)
        return request_follow_up_view(found, today=uow.clock.now().date())

    view = await in_uow(request, load, commit=False)
    return page(
        request,
        "monitoring/follow_up.html",
        {"view": view, "key": secret, "erased": request.query_params.get("erased") == "1"},
    )


@router.post("/requests/{reference}/erase", response_model=None)
async def erase_own_data(
    request: Request, reference: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    form = await form_of(request)
    secret = form.get("key", "")
    await in_uow(
        request,
        lambda uow: monitoring.erase_own_request_data(uow, reference=reference, secret=secret),
    )
    return see_other(f"/requests/{reference}?key={secret}&erased=1")
