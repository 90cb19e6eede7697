"""Citizens' panels: the organisers' steps, and the public page anyone can verify a draw from.

Thin routes: parse the form (`forms`), call one service, render the document of `views`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.organisations.model import Organisation
from balise.domain.panels.documents import Invitations
from balise.domain.panels.histograms import PublicPanel
from balise.domain.panels.record import PanelAlgorithm, title_from_form
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import LANGUAGES
from balise.i18n import gettext, using
from balise.services import panels, panels_members, panels_messages, panels_replacements
from balise.services.permissions import PANEL_ORGANISERS, can_organise_panel, can_organise_panels
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import form_of, in_uow, see_other
from balise.web.forms_flow import errors_of, run_form
from balise.web.panels.forms import (
    lines,
    parse_invitations_form,
    parse_new_panel,
    parse_pool_form,
    text_fields,
    upload_errors,
)
from balise.web.panels.views import (
    ALGORITHM_LABELS,
    common_context,
    manage_context,
    public_context,
    public_document,
)
from balise.web.panels.views import (
    invitations_csv as invitations_csv_text,
)
from balise.web.rendering import language_of, render
from balise.web.uploads import UPLOAD

router = APIRouter(include_in_schema=False)

ORGANISERS = PANEL_ORGANISERS


# --- The list, and a new panel ------------------------------------------------------------------


@router.get("/panels", response_class=HTMLResponse)
async def list_panels(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    found = await in_uow(request, lambda uow: panels.list_panels(uow, actor=actor), commit=False)
    return render(
        request,
        "panels/list.html",
        {
            **common_context(),
            "published": found.published,
            "mine": found.mine,
            "organisations": found.organisations,
            "can_create": can_organise_panels(actor),
        },
    )


def new_form_context(
    request: Request,
    organisations: list[Organisation],
    values: dict[str, str],
    errors: dict[str, str],
) -> dict[str, Any]:
    language = language_of(request)
    options = []
    for organisation in organisations:
        name = organisation.name.in_language(language)
        options.append((organisation.slug, name.text if name else organisation.slug))
    return {
        **common_context(),
        "organisations": organisations,
        "organisations_options": options,
        "values": values,
        "errors": errors,
        "algorithms": [(a.value, gettext(ALGORITHM_LABELS[a])) for a in PanelAlgorithm],
    }


async def choices_of(request: Request, actor: Actor) -> list[Organisation]:
    return await in_uow(
        request, lambda uow: panels.panel_organisations(uow, actor=actor), commit=False
    )


@router.get("/panels/new", response_class=HTMLResponse)
async def new_panel(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> HTMLResponse:
    organisations = await choices_of(request, actor)
    with using(language_of(request)):
        context = new_form_context(request, organisations, {"lottery_size": "1000"}, {})
    return render(request, "panels/new.html", context)


@router.post("/panels/new", response_model=None)
async def create_panel(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)

    def create(uow: UnitOfWork) -> str:
        panel = parse_new_panel(form, panels.panel_organisations(uow, actor=actor))
        return panels.create_panel(uow, actor=actor, panel=panel).slug

    async def again(error: ValidationError) -> Response:
        organisations = await choices_of(request, actor)
        with using(language_of(request)):
            context = new_form_context(request, organisations, form, errors_of(request, error))
        return render(request, "panels/new.html", context, status_code=422)

    return await run_form(
        request, create, success=lambda slug: f"/panels/{slug}/manage", refuse=again
    )


# --- The organiser's page and its steps -----------------------------------------------------------


async def manage_page(
    request: Request,
    actor: Actor,
    slug: str,
    *,
    errors: dict[str, dict[str, str]] | None = None,
    summary: list[dict[str, str]] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    overview = await in_uow(
        request,
        lambda uow: panels.organiser_overview(uow, actor=actor, slug=slug),
        commit=False,
    )
    return render(
        request,
        "panels/manage.html",
        {
            **manage_context(overview),
            "errors": errors or {},
            "summary": summary or [],
            "values": values or {},
            "notice": request.query_params.get("done", ""),
        },
        status_code=status_code,
    )


async def refused(
    request: Request,
    actor: Actor,
    slug: str,
    error: ValidationError,
    step: str,
    fields: tuple[str, ...],
    values: dict[str, str],
) -> Response:
    """The manage page again, with what was wrong in one step's form next to that step."""
    first, summary = upload_errors(error.errors, language_of(request), fields)
    return await manage_page(
        request,
        actor,
        slug,
        errors={step: first},
        summary=summary,
        values=values,
        status_code=422,
    )


async def organiser_step(
    request: Request,
    actor: Actor,
    slug: str,
    work: Callable[[UnitOfWork], object],
    *,
    step: str,
    fields: tuple[str, ...],
    values: dict[str, str],
    done: str,
) -> Response:
    """One step of the manage page: on success back to it at `done` (`?done=...#anchor`)."""
    return await run_form(
        request,
        work,
        success=lambda _: f"/panels/{slug}/manage?done={done}",
        refuse=lambda error: refused(request, actor, slug, error, step, fields, values),
    )


@router.get("/panels/{slug}/manage", response_class=HTMLResponse)
async def manage(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> HTMLResponse:
    return await manage_page(request, actor, slug)


@router.post("/panels/{slug}/invitations", response_model=None, dependencies=[UPLOAD])
async def invitations(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await request.form()
    fields = ("addresses", "strata", "letters", "seed")
    try:
        given = await parse_invitations_form(request, form)
    except ValidationError as error:
        return await refused(request, actor, slug, error, "invitations", fields, text_fields(form))
    code_key = container_of(request).secret_key

    def draw_with_codes(uow: UnitOfWork) -> object:
        drawn = panels.draw_panel_invitations(
            uow,
            actor=actor,
            slug=slug,
            addresses=given.addresses,
            strata=given.strata,
            letters=given.letters,
            seed=given.seed,
        )
        # Each letter gets its registration code; only the codes' fingerprints are stored.
        panels_members.issue_invitation_codes(uow, actor=actor, slug=slug, key=code_key)
        return drawn

    return await organiser_step(
        request,
        actor,
        slug,
        draw_with_codes,
        step="invitations",
        fields=fields,
        values=text_fields(form),
        done="invitations#invitations",
    )


@router.get("/panels/{slug}/invitations.csv", response_model=None)
async def invitations_csv(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    code_key = container_of(request).secret_key

    def load(uow: UnitOfWork) -> tuple[Invitations, dict[str, str]]:
        found = panels.get_invitations(uow, actor=actor, slug=slug)
        codes = panels_members.invitation_codes(uow, actor=actor, slug=slug, key=code_key)
        return found, codes

    found, codes = await in_uow(request, load, commit=False)
    return Response(
        invitations_csv_text(found, codes),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{slug}-invitations.csv"'},
    )


@router.post("/panels/{slug}/pool", response_model=None, dependencies=[UPLOAD])
async def upload_pool(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await request.form()
    solver = container_of(request).solver()
    fields = ("people", "quotas", "id_column")
    try:
        given = await parse_pool_form(request, form)
    except ValidationError as error:
        return await refused(request, actor, slug, error, "pool", fields, text_fields(form))
    return await organiser_step(
        request,
        actor,
        slug,
        lambda uow: panels.load_pool(
            uow,
            actor=actor,
            slug=slug,
            respondents=given.respondents,
            categories=given.categories,
            solver=solver,
            id_column=given.id_column,
        ),
        step="pool",
        fields=fields,
        values=text_fields(form),
        done="pool#feasibility",
    )


@router.post("/panels/{slug}/relax", response_model=None)
async def relax(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    solver = container_of(request).solver()
    await in_uow(
        request,
        lambda uow: panels.apply_relaxation(uow, actor=actor, slug=slug, solver=solver),
    )
    return see_other(f"/panels/{slug}/manage?done=relaxed#feasibility")


@router.post("/panels/{slug}/select", response_model=None)
async def select(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    job = await in_uow(request, lambda uow: panels.start_selection(uow, actor=actor, slug=slug))
    container_of(request).job_queue.enqueue(job.id, job.kind)
    return see_other(f"/jobs/{job.id}")


@router.post("/panels/{slug}/commit", response_model=None)
async def commit(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)
    return await organiser_step(
        request,
        actor,
        slug,
        lambda uow: panels.commit_panel(
            uow,
            actor=actor,
            slug=slug,
            party_commitments=lines(form.get("party_commitments", "")),
            public_source=form.get("public_source", ""),
            seeds=lines(form.get("seeds", "")),
        ),
        step="commit",
        fields=("seeds", "party_commitments", "public_source"),
        values=form,
        done="commit#commitment",
    )


@router.post("/panels/{slug}/draw", response_model=None)
async def draw(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)
    return await organiser_step(
        request,
        actor,
        slug,
        lambda uow: panels.draw_panel(
            uow,
            actor=actor,
            slug=slug,
            secrets=lines(form.get("secrets", "")),
            public_value=form.get("public_value", ""),
        ),
        step="draw",
        fields=("secrets", "public_value"),
        values=form,
        done="draw#draw",
    )


@router.post("/panels/{slug}/title", response_model=None)
async def retitle(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)
    return await organiser_step(
        request,
        actor,
        slug,
        lambda uow: panels.retitle_panel(uow, actor=actor, slug=slug, title=title_from_form(form)),
        step="title",
        fields=("title", *(f"title_{lang.value}" for lang in LANGUAGES)),
        values=form,
        done="title#title",
    )


@router.post("/panels/{slug}/replacements", response_model=None)
async def replace_member(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)
    return await organiser_step(
        request,
        actor,
        slug,
        lambda uow: panels_replacements.replace_member(
            uow, actor=actor, slug=slug, dropped=form.get("dropped", "")
        ),
        step="replacement",
        fields=("dropped",),
        values=form,
        done="replacement#replacements",
    )


@router.post("/panels/{slug}/contacts/delete", response_model=None)
async def delete_contact(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)
    return await organiser_step(
        request,
        actor,
        slug,
        lambda uow: panels.delete_contact(
            uow, actor=actor, slug=slug, person_id=form.get("person_id", "")
        ),
        step="privacy",
        fields=("person_id",),
        values=form,
        done="contact#privacy",
    )


# --- The public page, its JSON twin and the published files -------------------------------------


@router.get("/panels/{slug}.json")
async def public_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    found = await in_uow(
        request, lambda uow: panels.get_public_panel(uow, actor=actor, slug=slug), commit=False
    )
    return JSONResponse(public_document(found))


@router.get("/panels/{slug}/files/{name}.json")
async def published_file(
    request: Request, slug: str, name: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    document = await in_uow(
        request,
        lambda uow: panels.published_file(uow, slug=slug, name=name, actor=actor),
        commit=False,
    )
    return JSONResponse(
        document,
        headers={"Content-Disposition": f'attachment; filename="{slug}-{name}.json"'},
    )


@router.get("/panels/{slug}", response_class=HTMLResponse)
async def public_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:

    def read(uow: UnitOfWork) -> tuple[PublicPanel, bool]:
        found = panels.get_public_panel(uow, actor=actor, slug=slug)
        return found, panels_messages.messages_published(uow, panel=found.panel)

    found, with_messages = await in_uow(request, read, commit=False)
    may_manage = can_organise_panel(actor, found.panel.organisation_id)
    return render(
        request,
        "panels/public.html",
        {**public_context(found, may_manage=may_manage), "with_messages": with_messages},
    )
