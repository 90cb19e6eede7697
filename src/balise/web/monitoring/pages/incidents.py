"""Serious incidents: the public log, reports, their page, and the regulator's inbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.monitoring.incidents import (
    TRANSITIONS,
    IncidentCategory,
    PublicIncident,
    RegulatorState,
    ReporterRole,
)
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services import monitoring, permissions
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import form_of, in_uow
from balise.web.forms_flow import run_form
from balise.web.labels import label, options
from balise.web.monitoring.forms import incident_report, optional_int
from balise.web.monitoring.pages.shared import (
    EDITORS,
    REGULATOR,
    form_again,
    organisation_of,
    page,
    send_after_commit,
)
from balise.web.monitoring.views import incident_view, public_incidents_view

router = APIRouter(include_in_schema=False)


def published_incidents(uow: UnitOfWork, system_slug: str) -> list[PublicIncident]:
    """The public log, or one system's part of it (`?system=<slug>`, as its portal page links)."""
    found = monitoring.list_public_incidents(uow)
    return [i for i in found if i.system_slug == system_slug] if system_slug else found


@router.get("/incidents", response_class=HTMLResponse)
async def public_incidents(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    system = request.query_params.get("system", "")
    found = await in_uow(request, lambda uow: published_incidents(uow, system), commit=False)
    return page(request, "monitoring/incidents_public.html", {"incidents": found, "system": system})


@router.get("/incidents.json")
async def public_incidents_json(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    system = request.query_params.get("system", "")
    found = await in_uow(request, lambda uow: published_incidents(uow, system), commit=False)
    return JSONResponse(public_incidents_view(found))


def incident_form_context(
    uow: UnitOfWork, actor: Actor, values: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    organisation_id = organisation_of(actor)
    return {
        "values": values,
        "errors": errors,
        "roles": options(ReporterRole),
        "categories": options(IncidentCategory),
        "systems": [
            (str(r.id), r.name_in(r.default_language))
            for r in monitoring.choices.organisation_systems(uow, organisation_id)
        ],
    }


@router.get("/monitoring/incidents/new", response_class=HTMLResponse)
async def new_incident(request: Request, actor: Annotated[Actor, Depends(EDITORS)]) -> HTMLResponse:
    context = await in_uow(
        request, lambda uow: incident_form_context(uow, actor, {}, {}), commit=False
    )
    return page(request, "monitoring/incident_form.html", context)


@router.post("/monitoring/incidents/new", response_model=None)
async def report_incident(request: Request, actor: Annotated[Actor, Depends(EDITORS)]) -> Response:
    form = await form_of(request)

    def save(uow: UnitOfWork) -> monitoring.Reported:
        errors: dict[str, Message] = {}
        role: ReporterRole | None = None
        try:
            role = ReporterRole(form.get("reporter_role", ""))
        except ValueError:
            errors["reporter_role"] = Message(N_("Choose one of the options."))
        try:
            report = incident_report(form)
        except ValidationError as error:
            raise ValidationError({**error.errors, **errors}) from None
        if errors or role is None:
            raise ValidationError(errors)
        return monitoring.report_incident(
            uow,
            actor=actor,
            organisation_id=organisation_of(actor),
            reporter_role=role,
            report=report,
            system_id=optional_int(form, "system_id"),
            system_name=form.get("system_name", ""),
            provider_name=form.get("provider_name", ""),
        )

    return await run_form(
        request,
        save,
        success=lambda reported: f"/monitoring/incidents/{reported.incident.reference}",
        refuse=form_again(
            request,
            "monitoring/incident_form.html",
            lambda uow, errors: incident_form_context(uow, actor, form, errors),
        ),
        after_commit=lambda reported: send_after_commit(request, reported.mails),
    )


def incident_context(uow: UnitOfWork, actor: Actor, reference: str) -> dict[str, Any]:
    incident, versions = monitoring.get_incident(uow, actor=actor, reference=reference)
    return {
        "view": incident_view(incident, versions, today=uow.clock.now().date()),
        "can_complete": permissions.can_complete_incident(actor, incident),
        "can_investigate": permissions.can_investigate_incident(actor, incident),
        "can_assess": permissions.can_assess_incident(actor),
        "next_states": [
            (state.value, label(state))
            for state in RegulatorState
            if state in TRANSITIONS[incident.state]
        ],
        "categories": options(IncidentCategory),
        "errors": {},
        "values": {},
    }


@router.get("/monitoring/incidents/{incident_reference}", response_class=HTMLResponse)
async def incident_page(
    request: Request, incident_reference: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    reference = incident_reference
    context = await in_uow(
        request, lambda uow: incident_context(uow, actor, reference), commit=False
    )
    return page(request, "monitoring/incident.html", context)


async def incident_action(
    request: Request,
    reference: str,
    actor: Actor,
    action: Callable[[UnitOfWork, dict[str, str]], Any],
) -> Response:
    """One step on an incident's page; refused, the page again with the errors by the fields."""
    form = await form_of(request)

    def again(uow: UnitOfWork, errors: dict[str, str]) -> dict[str, Any]:
        return {**incident_context(uow, actor, reference), "errors": errors, "values": form}

    return await run_form(
        request,
        lambda uow: action(uow, form),
        success=lambda _: f"/monitoring/incidents/{reference}",
        refuse=form_again(request, "monitoring/incident.html", again),
    )


@router.post("/monitoring/incidents/{incident_reference}/complete", response_model=None)
async def complete_incident(
    request: Request, incident_reference: str, actor: Annotated[Actor, Depends(EDITORS)]
) -> Response:
    reference = incident_reference
    return await incident_action(
        request,
        reference,
        actor,
        lambda uow, form: monitoring.complete_incident_report(
            uow, actor=actor, reference=reference, report=incident_report(form)
        ),
    )


@router.post("/monitoring/incidents/{incident_reference}/investigation", response_model=None)
async def investigate_incident(
    request: Request, incident_reference: str, actor: Annotated[Actor, Depends(EDITORS)]
) -> Response:
    reference = incident_reference
    return await incident_action(
        request,
        reference,
        actor,
        lambda uow, form: monitoring.record_investigation(
            uow, actor=actor, reference=reference, findings=form.get("investigation", "")
        ),
    )


@router.post("/monitoring/incidents/{incident_reference}/assess", response_model=None)
async def assess_incident(
    request: Request, incident_reference: str, actor: Annotated[Actor, Depends(REGULATOR)]
) -> Response:
    reference = incident_reference

    def act(uow: UnitOfWork, form: dict[str, str]) -> Any:
        try:
            state = RegulatorState(form.get("state", ""))
        except ValueError:
            raise ValidationError.single("state", N_("Choose one of the options.")) from None
        follow_up: date | None = None
        if form.get("follow_up_due_on"):
            try:
                follow_up = date.fromisoformat(form["follow_up_due_on"])
            except ValueError:
                raise ValidationError.single(
                    "follow_up_due_on", N_("Give a date as YYYY-MM-DD.")
                ) from None
        return monitoring.assess_incident(
            uow,
            actor=actor,
            reference=reference,
            state=state,
            measures=form.get("measures", ""),
            follow_up_due_on=follow_up,
        )

    return await incident_action(request, reference, actor, act)


@router.post("/monitoring/incidents/{incident_reference}/publish", response_model=None)
async def publish_incident(
    request: Request, incident_reference: str, actor: Annotated[Actor, Depends(REGULATOR)]
) -> Response:
    reference = incident_reference
    return await incident_action(
        request,
        reference,
        actor,
        lambda uow, form: monitoring.publish_incident(
            uow, actor=actor, reference=reference, summary=form.get("public_summary", "")
        ),
    )


@router.get("/monitoring/regulator", response_class=HTMLResponse)
async def regulator_inbox(
    request: Request, actor: Annotated[Actor, Depends(REGULATOR)]
) -> HTMLResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        today = uow.clock.now().date()
        found = monitoring.list_incidents(uow, actor=actor)
        return {"incidents": [incident_view(i, today=today) for i in found]}

    return page(request, "monitoring/regulator.html", await in_uow(request, load, commit=False))
