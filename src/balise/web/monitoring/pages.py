"""Monitoring pages: the citizen's request and follow-up, staff and regulator inboxes, incidents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from babel.dates import format_date
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor, Role
from balise.domain.monitoring.incidents import (
    TRANSITIONS,
    IncidentCategory,
    PublicIncident,
    RegulatorState,
    ReporterRole,
    ReportStage,
)
from balise.domain.monitoring.requests import (
    CitizenRequest,
    Outcome,
    RequestChannel,
    RequestKind,
    RequestState,
)
from balise.domain.register.model import State
from balise.domain.shared.errors import PermissionDenied, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import translate, using
from balise.services import monitoring, permissions
from balise.services.permissions import DENIED
from balise.services.ports import OutgoingMail, UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import form_of, in_uow, see_other
from balise.web.labels import label, options
from balise.web.monitoring.forms import answer_of, incident_report, optional_int, request_input
from balise.web.monitoring.views import (
    incident_view,
    public_incidents_view,
    request_follow_up_view,
    request_staff_view,
    statistics_view,
)
from balise.web.rendering import field_errors, language_of, render

router = APIRouter(include_in_schema=False)
STAFF = Allow.only(Role.EDITOR, Role.REVIEWER)
EDITORS = Allow.only(Role.EDITOR)
REGULATOR = Allow.only(Role.REGULATOR)


async def send_after_commit(request: Request, mails: list[OutgoingMail]) -> None:
    mailer = container_of(request).mailer
    for mail in mails:
        await run_in_threadpool(mailer.send, mail)


def monitoring_labels() -> dict[str, dict[str, str]]:
    """Translated labels of the enumerations the documents carry as plain values."""
    return {
        "kind": dict(options(RequestKind)),
        "channel": dict(options(RequestChannel)),
        "request_state": dict(options(RequestState)),
        "outcome": dict(options(Outcome)),
        "category": dict(options(IncidentCategory)),
        "reporter_role": dict(options(ReporterRole)),
        "stage": dict(options(ReportStage)),
        "incident_state": dict(options(RegulatorState)),
    }


def page(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render with the monitoring labels, translated in the reader's language."""
    language = language_of(request)
    with using(language):
        labels = monitoring_labels()

    def isodate(value: str | None) -> str:
        return (
            format_date(date.fromisoformat(value), "long", locale=language.value) if value else ""
        )

    return render(
        request,
        template,
        {**context, "labels": labels, "isodate": isodate},
        status_code=status_code,
    )


def organisation_of(actor: Actor) -> int:
    if actor.user is None or actor.user.organisation_id is None:
        raise PermissionDenied(DENIED)
    return actor.user.organisation_id


# --- citizens ----------------------------------------------------------------------------------


def intake_context(
    uow: UnitOfWork, values: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "kinds": options(RequestKind),
        "organisations": [(o.slug, o.name.as_dict()) for o in uow.organisations.list_all()],
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
            record = uow.systems.find_by_slug(values["system"])
            if record is not None and record.state is State.PUBLISHED:
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
        given = request_input(form, default_language=language_of(request))
        return monitoring.file_request(
            uow,
            actor=actor,
            given=given,
            system_slug=form.get("system", ""),
            organisation_slug=form.get("organisation", ""),
            base_url=base_url,
        )

    try:
        filed = await in_uow(request, save)
    except ValidationError as error:
        errors = field_errors(error.errors, language_of(request))
        context = await in_uow(request, lambda uow: intake_context(uow, form, errors), commit=False)
        return page(request, "monitoring/request_form.html", context, status_code=422)
    await send_after_commit(request, filed.mails)
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


def statistics_rows(uow: UnitOfWork, level: str) -> list[tuple[str, str, Any]]:
    rows: list[tuple[str, str, Any]] = []
    for organisation in uow.organisations.list_all():
        assert organisation.id is not None
        if level == "organisation":
            stats = monitoring.request_statistics(uow, organisation_id=organisation.id)
            if stats.total:
                found = organisation.name.in_language("fr")
                rows.append((organisation.slug, found.text if found else "", stats))
            continue
        for record in uow.systems.list_for_organisation(organisation.id):
            if record.state is not State.PUBLISHED:
                continue
            stats = monitoring.request_statistics(uow, system_id=record.id)
            if stats.total:
                rows.append((record.slug, record.name_in(record.default_language), stats))
    return rows


@router.get("/requests/statistics.json")
async def statistics_json(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        return {
            "organisations": statistics_view(
                statistics_rows(uow, "organisation"), level="organisation"
            ),
            "systems": statistics_view(statistics_rows(uow, "system"), level="system"),
        }

    return JSONResponse(await in_uow(request, load, commit=False))


@router.get("/requests/statistics", response_class=HTMLResponse)
async def statistics_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        return {
            "organisations": statistics_rows(uow, "organisation"),
            "systems": statistics_rows(uow, "system"),
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


# --- staff -------------------------------------------------------------------------------------


@router.get("/monitoring", response_class=HTMLResponse)
async def staff_inbox(request: Request, actor: Annotated[Actor, Depends(STAFF)]) -> HTMLResponse:
    organisation_id = organisation_of(actor)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        today = uow.clock.now().date()
        requests = monitoring.list_requests(uow, actor=actor, organisation_id=organisation_id)
        incidents = monitoring.list_incidents(uow, actor=actor, organisation_id=organisation_id)
        return {
            "requests": [request_staff_view(r, today=today) for r in requests],
            "incidents": [incident_view(i, today=today) for i in incidents],
            "can_report": permissions.can_report_incident(actor, organisation_id),
        }

    return page(request, "monitoring/inbox.html", await in_uow(request, load, commit=False))


def colleagues(uow: UnitOfWork, organisation_id: int) -> list[tuple[str, str]]:
    return [
        (str(user.id), user.display_name)
        for user in uow.users.list_all()
        if user.organisation_id == organisation_id
        and user.active
        and user.role in {Role.EDITOR, Role.REVIEWER}
    ]


def register_context(
    uow: UnitOfWork, actor: Actor, values: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    organisation_id = organisation_of(actor)
    return {
        "values": values,
        "errors": errors,
        "kinds": options(RequestKind),
        "channels": [c for c in options(RequestChannel) if c[0] != "online"],
        "systems": [
            (str(r.id), r.name_in(r.default_language))
            for r in uow.systems.list_for_organisation(organisation_id)
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

    try:
        filed = await in_uow(request, save)
    except ValidationError as error:
        errors = field_errors(error.errors, language_of(request))
        context = await in_uow(
            request, lambda uow: register_context(uow, actor, form, errors), commit=False
        )
        return page(request, "monitoring/register_form.html", context, status_code=422)
    await send_after_commit(request, filed.mails)
    return see_other(f"/monitoring/requests/{filed.request.reference}?secret={filed.secret}")


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
    form = await form_of(request)
    try:
        result = await in_uow(request, lambda uow: action(uow, form))
    except ValidationError as error:
        errors = field_errors(error.errors, language_of(request))

        def load(uow: UnitOfWork) -> dict[str, Any]:
            found = monitoring.get_request(uow, actor=actor, reference=reference)
            return {**request_context(uow, actor, found), "errors": errors, "values": form}

        context = await in_uow(request, load, commit=False)
        return page(request, "monitoring/request_staff.html", context, status_code=422)
    if isinstance(result, monitoring.Changed):
        await send_after_commit(request, result.mails)
    return see_other(f"/monitoring/requests/{reference}")


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


# --- incidents ---------------------------------------------------------------------------------


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
            for r in uow.systems.list_for_organisation(organisation_id)
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

    try:
        reported = await in_uow(request, save)
    except ValidationError as error:
        errors = field_errors(error.errors, language_of(request))
        context = await in_uow(
            request, lambda uow: incident_form_context(uow, actor, form, errors), commit=False
        )
        return page(request, "monitoring/incident_form.html", context, status_code=422)
    await send_after_commit(request, reported.mails)
    return see_other(f"/monitoring/incidents/{reported.incident.reference}")


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
    form = await form_of(request)
    try:
        await in_uow(request, lambda uow: action(uow, form))
    except ValidationError as error:
        errors = field_errors(error.errors, language_of(request))
        context = await in_uow(
            request, lambda uow: incident_context(uow, actor, reference), commit=False
        )
        context.update(errors=errors, values=form)
        return page(request, "monitoring/incident.html", context, status_code=422)
    return see_other(f"/monitoring/incidents/{reference}")


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
