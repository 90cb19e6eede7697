"""Monitoring on the API: anonymous requests with a follow-up secret, incidents with scopes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.monitoring.incidents import ReporterRole
from balise.domain.shared.errors import PermissionDenied, ValidationError
from balise.domain.shared.i18n import N_, Language
from balise.services import monitoring
from balise.services.permissions import DENIED
from balise.services.ports import OutgoingMail, UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import in_uow
from balise.web.monitoring.forms import addressed_request, incident_report
from balise.web.monitoring.schemas import (
    IncidentCreate,
    IncidentList,
    IncidentRead,
    PublicIncidentList,
    RequestCreate,
    RequestCreated,
    RequestRead,
)
from balise.web.monitoring.views import (
    incident_view,
    public_incidents_view,
    request_follow_up_view,
)

router = APIRouter(tags=["monitoring"])


async def send_after_commit(request: Request, mails: list[OutgoingMail]) -> None:
    """E-mails leave only once the transaction has committed."""
    mailer = container_of(request).mailer
    for mail in mails:
        await run_in_threadpool(mailer.send, mail)


@router.post("/requests", response_model=RequestCreated, status_code=201)
async def file_request(
    request: Request, body: RequestCreate, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> RequestCreated:
    """File a request for an explanation, a human review or information; no account needed."""
    base_url = container_of(request).settings.base_url

    def save(uow: UnitOfWork) -> monitoring.Filed:
        values = body.model_dump()
        given = addressed_request(uow, values, default_language=Language(body.language))
        return monitoring.file_request(
            uow,
            actor=actor,
            given=given,
            system_slug=body.system,
            organisation_slug=body.organisation,
            base_url=base_url,
        )

    filed = await in_uow(request, save)
    await send_after_commit(request, filed.mails)
    return RequestCreated(
        reference=filed.request.reference,
        due_on=filed.request.due_on.isoformat(),
        follow_up_url=filed.follow_up_url,
    )


@router.get("/requests/{reference}", response_model=RequestRead)
async def follow_request(
    request: Request,
    reference: str,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    x_follow_up_secret: Annotated[str, Header()] = "",
) -> RequestRead:
    """A request's status, deadline and outcome, for whoever holds its follow-up secret."""

    def load(uow: UnitOfWork) -> RequestRead:
        found = monitoring.follow_request(uow, reference=reference, secret=x_follow_up_secret)
        return RequestRead.model_validate(
            request_follow_up_view(found, today=uow.clock.now().date())
        )

    return await in_uow(request, load, commit=False)


@router.get("/incidents/public", response_model=PublicIncidentList)
async def public_incidents(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> PublicIncidentList:
    """The public log: anonymised entries the regulator published (open data, CC0)."""
    found = await in_uow(request, monitoring.list_public_incidents, commit=False)
    return PublicIncidentList.model_validate(public_incidents_view(found))


@router.get("/incidents", response_model=IncidentList)
async def list_incidents(
    request: Request,
    actor: Annotated[Actor, Depends(Allow.only(Role.REGULATOR, Role.ADMIN, Role.EDITOR))],
) -> IncidentList:
    """The regulator's inbox, or the incidents of the caller's organisation; overdue first."""

    def load(uow: UnitOfWork) -> IncidentList:
        organisation_id = actor.user.organisation_id if actor.user else None
        found = monitoring.list_incidents(uow, actor=actor, organisation_id=organisation_id)
        today = uow.clock.now().date()
        return IncidentList(
            incidents=[IncidentRead.model_validate(incident_view(i, today=today)) for i in found]
        )

    return await in_uow(request, load, commit=False)


@router.post("/incidents", response_model=IncidentRead, status_code=201)
async def report_incident(
    request: Request,
    body: IncidentCreate,
    actor: Annotated[
        Actor, Depends(Allow.only(Role.ADMIN, Role.EDITOR, scope=Scope.INCIDENTS_WRITE))
    ],
) -> IncidentRead:
    """Report a serious incident (AI Act Art 73; deployers Art 26(5)); the clock starts.

    Editors report for their organisation; administrators are admitted (so that a token's
    missing scope is named) but report for none.
    """
    report = incident_report(body.model_dump())

    def save(uow: UnitOfWork) -> tuple[IncidentRead, list[OutgoingMail]]:
        if actor.user is None or actor.user.organisation_id is None:
            raise PermissionDenied(DENIED)
        system_id = None
        if body.system:
            record = monitoring.choices.find_system(uow, body.system)
            if record is None:
                raise ValidationError.single("system", N_("There is no such system."))
            system_id = record.id
        reported = monitoring.report_incident(
            uow,
            actor=actor,
            organisation_id=actor.user.organisation_id,
            reporter_role=ReporterRole(body.reporter_role),
            report=report,
            system_id=system_id,
            system_name=body.system_name,
            provider_name=body.provider_name,
        )
        today = uow.clock.now().date()
        return IncidentRead.model_validate(incident_view(reported.incident, today=today)), (
            reported.mails
        )

    read, mails = await in_uow(request, save)
    await send_after_commit(request, mails)
    return read


@router.get("/incidents/{incident_reference}", response_model=IncidentRead)
async def get_incident(
    request: Request,
    incident_reference: str,
    actor: Annotated[Actor, Depends(Allow.signed_in())],
) -> IncidentRead:
    """One incident with its report versions, for those concerned and the regulator."""
    reference = incident_reference

    def load(uow: UnitOfWork) -> IncidentRead:
        incident, versions = monitoring.get_incident(uow, actor=actor, reference=reference)
        return IncidentRead.model_validate(
            incident_view(incident, versions, today=uow.clock.now().date())
        )

    return await in_uow(request, load, commit=False)
