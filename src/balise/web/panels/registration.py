"""Registering for a panel with an invitation code, and the organisers' registration page.

The public form (`/panels/{slug}/register`) works without JavaScript, checks the CSRF token and is
rate-limited like every write (the middleware). Staff type phone and letter registrations on their
page with the same checks, open or close registration, choose the exclusion criteria, erase a
person's data, build the pool from the registrations and enter the programme of the sessions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from balise.domain.accounts.model import Actor
from balise.domain.panels.model import Quotas
from balise.domain.panels.registrations import (
    Channel,
    exclusion_catalogue,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import N_
from balise.i18n import gettext, using
from balise.services import panels_members
from balise.services.permissions import PANEL_ORGANISERS
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import form_of, in_uow
from balise.web.forms_flow import errors_of, run_form
from balise.web.panels.registration_forms import (
    criteria_of,
    form_errors,
    parse_registration,
    questions_of,
)
from balise.web.paths import PathId
from balise.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)

ORGANISERS = PANEL_ORGANISERS

# The exclusion criteria of exclusions.yaml, marked for translation (a unit test keeps them equal).
EXCLUSION_TEXTS = (
    N_("Holds an elected office"),
    N_(
        "Do you currently hold an elected political office (municipal, provincial, regional, "
        "federal or European)?"
    ),
    N_("Works for a political party"),
    N_("Do you work for a political party or for a parliamentary group?"),
    N_("Works for the organisers"),
    N_("Do you work for one of the organisations that run or fund this panel?"),
    N_("Close family of the organisers' staff"),
    N_("Is a member of your household or close family on the staff organising this panel?"),
)
CHANNEL_LABELS = {
    Channel.WEB: N_("Online"),
    Channel.PHONE: N_("Phone"),
    Channel.LETTER: N_("Letter"),
}


# --- the public form ----------------------------------------------------------------------------


def register_context(
    info: panels_members.RegistrationInfo, values: dict[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    return {
        "panel": info.panel,
        "slug": info.panel.slug,
        "open": info.open,
        "questions": questions_of(info.quotas),
        "criteria": criteria_of(info.exclusions),
        "values": values,
        "errors": errors,
    }


async def registration_page(
    request: Request, slug: str, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> HTMLResponse:
    info = await in_uow(
        request, lambda uow: panels_members.registration_info(uow, slug=slug), commit=False
    )
    settings = container_of(request).settings
    with using(language_of(request)):
        context = register_context(info, values, errors)
    context["privacy_email"] = settings.data_protection_email or settings.contact_email
    return render(request, "panels/members/register.html", context, status_code=status)


@router.get("/panels/{slug}/register", response_class=HTMLResponse)
async def register_form(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    return await registration_page(
        request, slug, {"code": request.query_params.get("code", "")}, {}
    )


@router.post("/panels/{slug}/register", response_model=None)
async def register(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    form = await form_of(request)
    quotas_seen: list[Quotas] = []

    def save(uow: UnitOfWork) -> Any:
        info = panels_members.registration_info(uow, slug=slug)
        quotas_seen.append(info.quotas)
        given = parse_registration(form, info.quotas, info.exclusions, Channel.WEB)
        return panels_members.register_volunteer(uow, actor=actor, slug=slug, form=given)

    async def again(error: ValidationError) -> Response:
        errors = form_errors(request, error, quotas_seen[0] if quotas_seen else None)
        return await registration_page(request, slug, form, errors, status=422)

    def done(registration: Any) -> Response:
        with using(language_of(request)):
            criterion = None
            if registration.excluded_by:
                found = exclusion_catalogue().get(registration.excluded_by)
                criterion = gettext(found.label) if found else registration.excluded_by
        return render(
            request,
            "panels/members/registered.html",
            {"slug": slug, "registration": registration, "criterion": criterion},
            status_code=201,
        )

    return await run_form(request, save, success=done, refuse=again)


# --- the organisers' page -----------------------------------------------------------------------


def overview_context(overview: panels_members.RegistrationOverview) -> dict[str, Any]:
    quotas = overview.quotas
    return {
        "panel": overview.panel,
        "slug": overview.panel.slug,
        "settings": overview.settings,
        "counts": overview.counts,
        "questions": questions_of(quotas) if quotas else [],
        "categories": list(quotas.categories) if quotas else [],
        "criteria": criteria_of(overview.criteria),
        "enabled": set(overview.settings.exclusions),
        "active_criteria": criteria_of(
            tuple(c for c in overview.criteria if c.id in overview.settings.exclusions)
        ),
        "registrations": overview.registrations,
        "has_contact": overview.has_contact,
        "meetings": overview.meetings,
        "channel_labels": {c.value: gettext(label) for c, label in CHANNEL_LABELS.items()},
        "criterion_labels": {c.id: gettext(c.label) for c in overview.criteria},
        "erasure_requests": overview.erasure_requests,
    }


async def staff_page(
    request: Request,
    actor: Actor,
    slug: str,
    *,
    section: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    overview = await in_uow(
        request,
        lambda uow: panels_members.registration_overview(uow, actor=actor, slug=slug),
        commit=False,
    )
    with using(language_of(request)):
        context = overview_context(overview)
    context.update(
        {
            "section": section,
            "errors": errors or {},
            "values": values or {},
            "notice": request.query_params.get("done", ""),
            "register_url": f"{public_base_url(request)}/panels/{slug}/register",
        }
    )
    return render(request, "panels/members/registrations.html", context, status_code=status)


def public_base_url(request: Request) -> str:
    """Where the public reaches the app: the configured address (printed on invitation letters),
    else the address this request came to."""
    configured = container_of(request).settings.base_url.rstrip("/")
    return configured or str(request.base_url).rstrip("/")


def staff_step(
    request: Request,
    actor: Actor,
    slug: str,
    work: Callable[[UnitOfWork], object],
    *,
    section: str,
    form: dict[str, str],
    done: str,
    quotas: list[Quotas] | None = None,
) -> Awaitable[Response]:
    async def again(error: ValidationError) -> Response:
        errors = form_errors(request, error, quotas[0] if quotas else None)
        return await staff_page(
            request, actor, slug, section=section, errors=errors, values=form, status=422
        )

    return run_form(
        request,
        work,
        success=lambda _: f"/panels/{slug}/registrations?done={done}#{section}",
        refuse=again,
    )


@router.get("/panels/{slug}/registrations", response_class=HTMLResponse)
async def registrations(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> HTMLResponse:
    return await staff_page(request, actor, slug)


@router.post("/panels/{slug}/registrations/settings", response_model=None)
async def save_settings(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    raw: FormData = await request.form()
    form = await form_of(request)
    chosen = [value for value in raw.getlist("exclusions") if isinstance(value, str)]
    return await staff_step(
        request,
        actor,
        slug,
        lambda uow: panels_members.save_registration_settings(
            uow,
            actor=actor,
            slug=slug,
            open=form.get("open") == "yes",
            categories=form.get("categories", ""),
            exclusions=chosen,
        ),
        section="settings",
        form=form,
        done="settings",
    )


@router.post("/panels/{slug}/registrations/new", response_model=None)
async def staff_registration(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)
    quotas_seen: list[Quotas] = []

    def save(uow: UnitOfWork) -> Any:
        info = panels_members.registration_info(uow, slug=slug)
        quotas_seen.append(info.quotas)
        try:
            channel = Channel(form.get("channel", ""))
        except ValueError:
            channel = Channel.WEB
        if channel is Channel.WEB:
            raise ValidationError.single("channel", N_("Say how the registration came in."))
        given = parse_registration(form, info.quotas, info.exclusions, channel)
        return panels_members.register_volunteer(uow, actor=actor, slug=slug, form=given)

    return await staff_step(
        request,
        actor,
        slug,
        save,
        section="entry",
        form=form,
        done="entry",
        quotas=quotas_seen,
    )


@router.post("/panels/{slug}/registrations/erase", response_model=None)
async def erase(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)
    return await staff_step(
        request,
        actor,
        slug,
        lambda uow: panels_members.erase_volunteer(
            uow, actor=actor, slug=slug, person_id=form.get("person_id", "")
        ),
        section="erase",
        form=form,
        done="erased",
    )


@router.post("/panels/{slug}/registrations/erase-participation", response_model=None)
async def erase_participation(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    """A member's votes and questionnaire answers cut from them (the form's field is `member`)."""
    form = await form_of(request)
    repeated: list[Conflict] = []

    def work(uow: UnitOfWork) -> panels_members.ParticipationErasure:
        try:
            return panels_members.erase_member_participation(
                uow, actor=actor, slug=slug, person_id=form.get("member", "")
            )
        except ValidationError as error:
            raise ValidationError(
                {"member" if f == "person_id" else f: m for f, m in error.errors.items()}
            ) from error
        except Conflict as error:
            # Nothing left to erase: said beside the member's number, answered 409 as the API does.
            repeated.append(error)
            raise ValidationError({"member": error.message}) from error

    async def again(error: ValidationError) -> Response:
        return await staff_page(
            request,
            actor,
            slug,
            section="participation",
            errors=errors_of(request, error),
            values=form,
            status=409 if repeated else 422,
        )

    return await run_form(
        request,
        work,
        success=lambda _: f"/panels/{slug}/registrations?done=participation#participation",
        refuse=again,
    )


@router.post("/panels/{slug}/registrations/pool", response_model=None)
async def build_pool(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)
    solver = container_of(request).solver()
    return await run_form(
        request,
        lambda uow: panels_members.build_pool_from_registrations(
            uow, actor=actor, slug=slug, solver=solver
        ),
        success=lambda _: f"/panels/{slug}/manage?done=pool#feasibility",
        refuse=lambda error: staff_page(
            request,
            actor,
            slug,
            section="pool",
            errors=errors_of(request, error),
            values=form,
            status=422,
        ),
    )


@router.post("/panels/{slug}/meetings", response_model=None)
async def add_meeting(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)
    return await staff_step(
        request,
        actor,
        slug,
        lambda uow: panels_members.add_meeting(
            uow,
            actor=actor,
            slug=slug,
            day=form.get("date", ""),
            time=form.get("time", ""),
            place=form.get("place", ""),
            title=form.get("title", ""),
        ),
        section="programme",
        form=form,
        done="programme",
    )


@router.post("/panels/{slug}/meetings/{meeting_id}/delete", response_model=None)
async def remove_meeting(
    request: Request,
    slug: str,
    meeting_id: PathId,
    actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))],
) -> Response:
    form = await form_of(request)
    return await staff_step(
        request,
        actor,
        slug,
        lambda uow: panels_members.remove_meeting(
            uow, actor=actor, slug=slug, meeting_id=meeting_id
        ),
        section="programme",
        form=form,
        done="programme",
    )
