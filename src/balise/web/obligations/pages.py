"""The obligation tracker's pages: a record's duties, and the form to set one duty's status."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor, Role
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Language, Message
from balise.services import obligations
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow, see_other
from balise.web.obligations.forms import FORM_FIELDS, form_errors, status_from_form
from balise.web.obligations.views import tracker_document, tracker_page_view
from balise.web.rendering import field_errors, language_of, render

router = APIRouter(include_in_schema=False)
WRITERS = Allow.only(Role.ADMIN, Role.EDITOR, Role.REVIEWER)
NO_SUCH_DUTY = Message(N_("This record's classification has no such duty."))


def _context(uow: UnitOfWork, actor: Actor, slug: str, reader: Language) -> dict[str, Any]:
    page = obligations.get_tracker(uow, actor=actor, slug=slug)
    return {**tracker_page_view(page, reader.value), "name": page.record.name_in(reader)}


@router.get("/register/{slug}/obligations", response_class=HTMLResponse)
async def tracker_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    reader = language_of(request)
    context = await in_uow(request, lambda uow: _context(uow, actor, slug, reader), commit=False)
    done = request.query_params.get("done", "")
    return render(
        request,
        "obligations/tracker.html",
        {**context, "done": done if done in {d["id"] for d in context["duties"]} else ""},
    )


@router.get("/register/{slug}/obligations.json")
async def tracker_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    page = await in_uow(
        request, lambda uow: obligations.get_tracker(uow, actor=actor, slug=slug), commit=False
    )
    return JSONResponse(tracker_document(page))


async def _duty_page(
    request: Request,
    actor: Actor,
    slug: str,
    duty_id: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    reader = language_of(request)
    context = await in_uow(request, lambda uow: _context(uow, actor, slug, reader), commit=False)
    duty = next((d for d in context["duties"] if d["id"] == duty_id), None)
    if duty is None or not context["can_edit"]:
        raise NotFound(NO_SUCH_DUTY)
    evidence = duty["evidence"]
    given = values or {
        "status": duty["status"] if duty["status"] != "not_yet_applicable" else "to_do",
        "reason": duty["reason"],
        "evidence": (
            "document"
            if evidence and evidence["kind"] == "document"
            else (evidence["key"] if evidence else "")
        ),
        "evidence_title": evidence["label"] if evidence and evidence["kind"] == "document" else "",
        "evidence_url": evidence["url"] if evidence and evidence["kind"] == "document" else "",
        "evidence_reference": evidence["reference"]
        if evidence and evidence["kind"] == "document"
        else "",
    }
    if not values and not evidence and duty["suggestions"]:
        given["evidence"] = duty["suggestions"][0]["key"]
    return render(
        request,
        "obligations/duty.html",
        {**context, "duty": duty, "values": given, "errors": errors or {}},
        status_code=422 if errors else 200,
    )


@router.get("/register/{slug}/obligations/{code}/{role}", response_class=HTMLResponse)
async def duty_page(
    request: Request, slug: str, code: str, role: str, actor: Annotated[Actor, Depends(WRITERS)]
) -> HTMLResponse:
    return await _duty_page(request, actor, slug, f"{code}--{role}")


@router.post("/register/{slug}/obligations/{code}/{role}", response_model=None)
async def set_duty_status(
    request: Request, slug: str, code: str, role: str, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    form = await request.form()
    values = {name: str(form.get(name) or "") for name in FORM_FIELDS}
    given = status_from_form(values)

    def work(uow: UnitOfWork) -> object:
        return obligations.set_status(
            uow, actor=actor, slug=slug, code=code, role=role, given=given
        )

    try:
        await in_uow(request, work)
    except ValidationError as error:
        errors = field_errors(form_errors(error, given), language_of(request))
        return await _duty_page(
            request, actor, slug, f"{code}--{role}", values=values, errors=errors
        )
    return see_other(f"/register/{slug}/obligations?done={code}--{role}#duty-{code}--{role}")
