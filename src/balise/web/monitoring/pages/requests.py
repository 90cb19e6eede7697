"""Staff handling of citizens' requests: registering, assigning, extending, answering."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.monitoring.requests import CitizenRequest, Outcome, RequestChannel, RequestKind
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import translate
from balise.services import monitoring
from balise.services.ports import UnitOfWork
from balise.web.access import container_of
from balise.web.common import form_of, in_uow
from balise.web.forms_flow import run_form
from balise.web.labels import options
from balise.web.monitoring.forms import (
    REGISTER_FIELDS,
    answer_of,
    in_page_order,
    optional_int,
    request_input,
)
from balise.web.monitoring.pages.shared import (
    STAFF,
    form_again,
    mails_of,
    organisation_of,
    page,
    send_after_commit,
)
from balise.web.monitoring.views import request_staff_view
from balise.web.rendering import language_of

router = APIRouter(include_in_schema=False)


def colleagues(uow: UnitOfWork, organisation_id: int) -> list[tuple[str, str]]:
    return [
        (str(user.id), user.display_name)
        for user in monitoring.choices.assignable_colleagues(uow, organisation_id)
    ]


def register_context(
    uow: UnitOfWork, actor: Actor, values: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    organisation_id = organisation_of(actor)
    return {
        "values": values,
        "errors": in_page_order(errors, REGISTER_FIELDS),
        "kinds": options(RequestKind),
        "channels": [c for c in options(RequestChannel) if c[0] != "online"],
        "systems": [
            (str(r.id), r.name_in(r.default_language))
            for r in monitoring.choices.organisation_systems(uow, organisation_id)
        ],
    }


@router.get("/monitoring/requests/new", response_class=HTMLResponse)
async def register_form(request: Request, actor: Annotated[Actor, Depends(STAFF)]) -> HTMLResponse:
    context = await in_uow(request, lambda uow: register_context(uow, actor, {}, {}), commit=False)
    return page(request, "monitoring/register_form.html", context)


@router.post("/monitoring/requests/new", response_model=None)
async def register_request(request: Request, actor: Annotated[Actor, Depends(STAFF)]) -> Response:
    form = await form_of(request)
    base_url = container_of(request).settings.base_url

    def save(uow: UnitOfWork) -> monitoring.Filed:
        errors: dict[str, Message] = {}
        received: date | None = None
        try:
            received = date.fromisoformat(form.get("received_on", ""))
        except ValueError:
            errors["received_on"] = Message(N_("Give a date as YYYY-MM-DD."))
        try:
            given = request_input(form, default_language=language_of(request))
        except ValidationError as error:
            raise ValidationError({**error.errors, **errors}) from None
        if errors or received is None:
            raise ValidationError(errors)
        return monitoring.register_request(
            uow,
            actor=actor,
            organisation_id=organisation_of(actor),
            given=given,
            received_on=received,
            system_id=optional_int(form, "system_id"),
            base_url=base_url,
        )

    return await run_form(
        request,
        save,
        success=lambda filed: (
            f"/monitoring/requests/{filed.request.reference}?secret={filed.secret}"
        ),
        refuse=form_again(
            request,
            "monitoring/register_form.html",
            lambda uow, errors: register_context(uow, actor, form, errors),
        ),
        after_commit=lambda filed: send_after_commit(request, filed.mails),
    )


HOW_TO_CONTEST = Message(
    N_(
        "You can complain to the Data Protection Authority (www.dataprotectionauthority.be) or "
        "to the federal or regional ombudsman, and appeal to the courts."
    )
)


def request_context(uow: UnitOfWork, actor: Actor, found: CitizenRequest) -> dict[str, Any]:
    today = uow.clock.now().date()
    return {
        "view": request_staff_view(found, today=today),
        # The answer goes to the person in their language: the usual remedies are prefilled so.
        "contest_default": translate(HOW_TO_CONTEST, found.language),
        "colleagues": colleagues(uow, found.organisation_id),
        "outcomes": options(Outcome),
        "errors": {},
        "values": {},
    }


@router.get("/monitoring/requests/{reference}", response_class=HTMLResponse)
async def staff_request(
    request: Request, reference: str, actor: Annotated[Actor, Depends(STAFF)]
) -> HTMLResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = monitoring.get_request(uow, actor=actor, reference=reference)
        return request_context(uow, actor, found)

    context = await in_uow(request, load, commit=False)
    context["secret"] = request.query_params.get("secret", "")
    return page(request, "monitoring/request_staff.html", context)


async def staff_action(
    request: Request,
    reference: str,
    actor: Actor,
    action: Callable[[UnitOfWork, dict[str, str]], monitoring.Changed | CitizenRequest],
) -> Response:
    """One step on a request's page; refused, the page again with the errors by the fields."""
    form = await form_of(request)

    def again(uow: UnitOfWork, errors: dict[str, str]) -> dict[str, Any]:
        found = monitoring.get_request(uow, actor=actor, reference=reference)
        return {**request_context(uow, actor, found), "errors": errors, "values": form}

    return await run_form(
        request,
        lambda uow: action(uow, form),
        success=lambda _: f"/monitoring/requests/{reference}",
        refuse=form_again(request, "monitoring/request_staff.html", again),
        after_commit=lambda done: send_after_commit(request, mails_of(done)),
    )


@router.post("/monitoring/requests/{reference}/assign", response_model=None)
async def assign_request(
    request: Request, reference: str, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    def act(uow: UnitOfWork, form: dict[str, str]) -> monitoring.Changed:
        reviewer = optional_int(form, "reviewer_id")
        if reviewer is None:
            raise ValidationError.single("reviewer_id", N_("Choose a person of the organisation."))
        return monitoring.assign_request(
            uow,
            actor=actor,
            reference=reference,
            reviewer_id=reviewer,
            decision_maker_id=optional_int(form, "decision_maker_id"),
        )

    return await staff_action(request, reference, actor, act)


@router.post("/monitoring/requests/{reference}/extend", response_model=None)
async def extend_request(
    request: Request, reference: str, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    return await staff_action(
        request,
        reference,
        actor,
        lambda uow, form: monitoring.extend_request(
            uow, actor=actor, reference=reference, reason=form.get("reason", "")
        ),
    )


@router.post("/monitoring/requests/{reference}/answer", response_model=None)
async def answer_request(
    request: Request, reference: str, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    return await staff_action(
        request,
        reference,
        actor,
        lambda uow, form: monitoring.answer_request(
            uow, actor=actor, reference=reference, answer=answer_of(form)
        ),
    )


@router.post("/monitoring/requests/{reference}/erase", response_model=None)
async def erase_request(
    request: Request, reference: str, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    return await staff_action(
        request,
        reference,
        actor,
        lambda uow, form: monitoring.erase_request_contact(uow, actor=actor, reference=reference),
    )
