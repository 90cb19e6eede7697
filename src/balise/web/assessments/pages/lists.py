"""The lists: my assessments and my committees' inbox, a system's assessments (and its FRIA
gate), the regulator's notified FRIAs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.assessments.catalogue import TemplateCode
from balise.services import assessments, permissions
from balise.services.ports import UnitOfWork
from balise.web.assessments.pages.common import (
    OVERSIGHT,
    SIGNED_IN,
    SIGNERS,
    WRITERS,
    Errors,
    Form,
    page,
    submit_form,
)
from balise.web.assessments.views import (
    assessed_system_view,
    assessment_view,
    gate_view,
    inbox_view,
)
from balise.web.common import in_uow
from balise.web.labels import options
from balise.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/assessments", response_class=HTMLResponse)
async def list_page(request: Request, actor: Annotated[Actor, Depends(SIGNED_IN)]) -> HTMLResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        found = assessments.list_assessments(uow, actor=actor)
        inbox = assessments.committee_inbox(uow, actor=actor)
        return {
            "assessments": found,
            "inbox": inbox,
            "systems": assessments.assessed_systems(
                uow, [*found, *(item.assessment for item in inbox)]
            ),
            "can_see_notifications": permissions.can_see_notifications(actor),
        }

    return render(request, "assessments/list.html", await in_uow(request, read, commit=False))


@router.get("/assessments.json")
async def list_json(request: Request, actor: Annotated[Actor, Depends(SIGNED_IN)]) -> JSONResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        today = uow.clock.now().date()
        found = assessments.list_assessments(uow, actor=actor)
        inbox = assessments.committee_inbox(uow, actor=actor)
        systems = assessments.assessed_systems(uow, [*found, *(i.assessment for i in inbox)])
        return {
            "assessments": [
                {
                    **assessment_view(a, today=today),
                    "system": assessed_system_view(systems.get(a.system_id)),
                }
                for a in found
            ],
            "inbox": [
                {
                    **inbox_view(i),
                    "system": assessed_system_view(systems.get(i.assessment.system_id)),
                }
                for i in inbox
            ],
        }

    return JSONResponse(await in_uow(request, read, commit=False))


async def show_system(
    request: Request,
    actor: Actor,
    slug: str,
    errors: Errors | None = None,
    form: Form | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        record, found, gate = assessments.system_assessments(uow, actor=actor, slug=slug)
        return {
            "record": record,
            "assessments": found,
            "gate": gate,
            "gate_document": gate_view(gate),
            "templates": options(TemplateCode),
            "can_edit": permissions.can_edit_assessment(actor, record.organisation_id),
            "can_sign": permissions.can_sign_assessment(actor, record.organisation_id),
        }

    return await page(
        request, "assessments/system.html", read, errors=errors, form=form, status_code=status_code
    )


@router.get("/register/{slug}/assessments", response_class=HTMLResponse)
async def system_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> HTMLResponse:
    return await show_system(request, actor, slug)


def system_again(
    request: Request, actor: Actor, slug: str
) -> Callable[[Errors, Form], Awaitable[Response]]:
    """The system's assessments page again, with the errors of a refused form."""

    async def again(errors: Errors, form: Form) -> Response:
        return await show_system(request, actor, slug, errors, form, status_code=422)

    return again


@router.post("/register/{slug}/assessments", response_model=None)
async def start(request: Request, slug: str, actor: Annotated[Actor, Depends(WRITERS)]) -> Response:
    return await submit_form(
        request,
        lambda uow, form: assessments.start_assessment(
            uow, actor=actor, slug=slug, code=form.get("template", "")
        ),
        then=lambda created: f"/assessments/{created.id}",
        again=system_again(request, actor, slug),
    )


@router.post("/register/{slug}/fria-exemption", response_model=None)
async def exemption(
    request: Request, slug: str, actor: Annotated[Actor, Depends(SIGNERS)]
) -> Response:
    return await submit_form(
        request,
        lambda uow, form: assessments.record_exemption(
            uow, actor=actor, slug=slug, reason=form.get("reason", "")
        ),
        then=lambda _: f"/register/{slug}/assessments",
        again=system_again(request, actor, slug),
    )


@router.get("/regulator/notifications", response_class=HTMLResponse)
async def notifications(
    request: Request, actor: Annotated[Actor, Depends(OVERSIGHT)]
) -> HTMLResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        found = assessments.regulator_inbox(uow, actor=actor)
        return {"assessments": found, "systems": assessments.assessed_systems(uow, found)}

    return render(
        request, "assessments/notifications.html", await in_uow(request, read, commit=False)
    )
