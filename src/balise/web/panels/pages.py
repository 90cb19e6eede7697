"""Citizens' panels: the organisers' steps, and the public page anyone can verify a draw from."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import UploadFile

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.accounts.model import Actor, Role
from balise.domain.panels.record import PanelAlgorithm, PanelState, panel_from_form
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Language, Message
from balise.i18n import gettext, translate, using
from balise.services import panels
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import form_of, in_uow, see_other
from balise.web.rendering import language_of, render
from balise.web.uploads import save_upload

router = APIRouter(include_in_schema=False)

ORGANISERS = (Role.ADMIN, Role.EDITOR, Role.REVIEWER)

STATE_LABELS = {
    PanelState.DRAFT: N_("Draft"),
    PanelState.POOL_LOADED: N_("Pool loaded"),
    PanelState.SELECTED: N_("Selection computed"),
    PanelState.COMMITTED: N_("Commitment published"),
    PanelState.DRAWN: N_("Drawn"),
}
ALGORITHM_LABELS = {
    PanelAlgorithm.LEXIMIN: N_("LEXIMIN (fairest: everyone's chance as equal as possible)"),
    PanelAlgorithm.MAXIMIN: N_("MAXIMIN (the smallest chance as large as possible)"),
}
FILE_LABELS = {
    "quotas": N_("Quotas file"),
    "people": N_("People file"),
    "addresses": N_("Address list"),
    "strata": N_("Strata file"),
}
FIGURE_LABELS = {
    "min_probability": N_("Smallest chance"),
    "max_probability": N_("Largest chance"),
    "gini": N_("Gini coefficient (0: all equal)"),
    "geometric_mean": N_("Geometric mean of the chances"),
    "k_over_n": N_("Panel size divided by pool size (k/n)"),
    "share_below_k_over_n": N_("Share of volunteers below k/n"),
}
FILE_DESCRIPTIONS = {
    "published": N_("Everything published before the draw, in one file (for balise panel verify)"),
    "reveal": N_("The draw: revealed secrets, public value, ticket and panel"),
    "commitment": N_("The commitment: hashes, algorithm, parties' commitments"),
    "pool": N_("The pool: pseudonymous ids and selection features"),
    "quotas": N_("The quotas"),
    "lottery": N_("The lottery table: ticket ranges and their panels"),
}
LOCATED = re.compile(r"^line (\d+), column (.*)$")
PERSON = re.compile(r"^person (.*), column (.*)$")


def located(name: str, message: Message, language: Language) -> str:
    """An error of an uploaded file, its place (line, column) said in the reader's language."""
    problem = translate(message, language)
    with using(language):
        if match := LOCATED.match(name):
            return gettext("Line %(line)s, column %(column)s: %(problem)s") % {
                "line": match.group(1),
                "column": match.group(2),
                "problem": problem,
            }
        if match := PERSON.match(name):
            return gettext("Person %(id)s, column %(column)s: %(problem)s") % {
                "id": match.group(1),
                "column": match.group(2),
                "problem": problem,
            }
    return problem


def upload_errors(
    errors: Mapping[str, Message], language: Language, fields: tuple[str, ...]
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Per field, the first error (beside the input); and every error for the summary."""
    first: dict[str, str] = {}
    summary: list[dict[str, str]] = []
    for name, message in errors.items():
        field, _, place = name.partition(":")
        if field not in fields:
            field, place = fields[0], name
        text = located(place, message, language) if place else translate(message, language)
        if field in FILE_LABELS:
            with using(language):
                text = f"{gettext(FILE_LABELS[field])} — {text}"
        first.setdefault(field, text)
        summary.append({"field": field, "text": text})
    return first, summary


def form_errors(errors: Mapping[str, Message], language: Language) -> dict[str, str]:
    return {name: translate(message, language) for name, message in errors.items()}


def common_context() -> dict[str, Any]:
    return {
        "state_labels": STATE_LABELS,
        "algorithm_labels": ALGORITHM_LABELS,
        "figure_labels": FIGURE_LABELS,
        "file_descriptions": FILE_DESCRIPTIONS,
    }


async def read_upload(request: Request, upload: object, field: str) -> str:
    """An uploaded CSV file's text, through the safe upload helper (size limit, CSV only)."""
    container = container_of(request)
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ValidationError.single(field, N_("Choose a CSV file."))
    try:
        key = await save_upload(container, upload, suffix=".csv")
    except ValidationError as error:
        raise ValidationError({field: error.message}) from None
    path = container.storage.path(key)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError.single(field, N_("This file is not a UTF-8 CSV file.")) from None
    finally:
        container.storage.delete(key)


# --- The list, and a new panel ------------------------------------------------------------------


@router.get("/panels", response_class=HTMLResponse)
async def list_panels(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        return {
            "published": uow.panels.list_published(),
            "mine": panels.organiser_panels(uow, actor=actor),
            "organisations": {o.id: o for o in uow.organisations.list_all()},
        }

    found = await in_uow(request, load, commit=False)
    return render(
        request,
        "panels/list.html",
        {**found, **common_context(), "can_create": actor.role in ORGANISERS},
    )


def organisation_choices(uow: UnitOfWork, actor: Actor) -> list[Any]:
    if actor.role is Role.ADMIN:
        return uow.organisations.list_all()
    if actor.user is not None and actor.user.organisation_id is not None:
        found = uow.organisations.get(actor.user.organisation_id)
        return [found] if found else []
    return []


def new_form_context(
    request: Request, organisations: list[Any], values: dict[str, str], errors: dict[str, str]
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


@router.get("/panels/new", response_class=HTMLResponse)
async def new_panel(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> HTMLResponse:
    organisations = await in_uow(
        request, lambda uow: organisation_choices(uow, actor), commit=False
    )
    with using(language_of(request)):
        context = new_form_context(request, organisations, {"lottery_size": "1000"}, {})
    return render(request, "panels/new.html", context)


@router.post("/panels/new", response_model=None)
async def create_panel(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)

    def create(uow: UnitOfWork) -> str:
        choices = organisation_choices(uow, actor)
        raw = form.get("organisation", "")
        chosen = next((o for o in choices if o.slug == raw), None)
        if chosen is None and len(choices) == 1 and not raw:
            chosen = choices[0]
        if chosen is None:
            raise ValidationError.single("organisation", N_("Choose an organisation."))
        panel = panel_from_form(form, chosen.id)
        return panels.create_panel(uow, actor=actor, panel=panel).slug

    try:
        slug = await in_uow(request, create)
    except ValidationError as error:
        organisations = await in_uow(
            request, lambda uow: organisation_choices(uow, actor), commit=False
        )
        with using(language_of(request)):
            context = new_form_context(
                request, organisations, form, form_errors(error.errors, language_of(request))
            )
        return render(request, "panels/new.html", context, status_code=422)
    return see_other(f"/panels/{slug}/manage")


# --- The organiser's page and its steps -----------------------------------------------------------


async def manage_page(
    request: Request,
    actor: Actor,
    slug: str,
    *,
    errors: dict[str, dict[str, str]] | None = None,
    summary: list[dict[str, str]] | None = None,
    values: dict[str, str] | None = None,
    notice: str = "",
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
            **common_context(),
            **overview,
            "errors": errors or {},
            "summary": summary or [],
            "values": values or {},
            "notice": notice or request.query_params.get("done", ""),
            "states": list(PanelState),
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


@router.get("/panels/{slug}/manage", response_class=HTMLResponse)
async def manage(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> HTMLResponse:
    return await manage_page(request, actor, slug)


@router.post("/panels/{slug}/invitations", response_model=None)
async def invitations(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        errors: dict[str, Message] = {}
        numbers: dict[str, int] = {}
        for name in ("letters", "seed"):
            raw = values.get(name, "").strip() or ("0" if name == "seed" else "")
            try:
                numbers[name] = int(raw)
            except ValueError:
                errors[name] = Message(N_("%(value)s is not a whole number."), {"value": raw})
        texts: dict[str, str] = {}
        for name in ("addresses", "strata"):
            try:
                texts[name] = await read_upload(request, form.get(name), name)
            except ValidationError as error:
                errors.update(error.errors)
        if errors:
            raise ValidationError(errors)
        await in_uow(
            request,
            lambda uow: panels.draw_panel_invitations(
                uow,
                actor=actor,
                slug=slug,
                addresses=texts["addresses"],
                strata=texts["strata"],
                letters=numbers["letters"],
                seed=numbers["seed"],
            ),
        )
    except ValidationError as error:
        fields = ("addresses", "strata", "letters", "seed")
        return await refused(request, actor, slug, error, "invitations", fields, values)
    return see_other(f"/panels/{slug}/manage?done=invitations#invitations")


@router.get("/panels/{slug}/invitations.csv", response_model=None)
async def invitations_csv(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    text = await in_uow(
        request, lambda uow: panels.invitations_csv(uow, actor=actor, slug=slug), commit=False
    )
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{slug}-invitations.csv"'},
    )


@router.post("/panels/{slug}/pool", response_model=None)
async def upload_pool(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        texts: dict[str, str] = {}
        errors: dict[str, Message] = {}
        for name in ("people", "quotas"):
            try:
                texts[name] = await read_upload(request, form.get(name), name)
            except ValidationError as error:
                errors.update(error.errors)
        if errors:
            raise ValidationError(errors)
        id_column = values.get("id_column", "").strip() or None
        await in_uow(
            request,
            lambda uow: panels.load_pool(
                uow,
                actor=actor,
                slug=slug,
                respondents=texts["people"],
                categories=texts["quotas"],
                solver=HighsSolver(),
                id_column=id_column,
            ),
        )
    except ValidationError as error:
        return await refused(
            request, actor, slug, error, "pool", ("people", "quotas", "id_column"), values
        )
    return see_other(f"/panels/{slug}/manage?done=pool#feasibility")


@router.post("/panels/{slug}/relax", response_model=None)
async def relax(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    await in_uow(
        request,
        lambda uow: panels.apply_relaxation(uow, actor=actor, slug=slug, solver=HighsSolver()),
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
    try:
        await in_uow(
            request,
            lambda uow: panels.commit_panel(
                uow,
                actor=actor,
                slug=slug,
                party_commitments=form.get("party_commitments", "").splitlines(),
                public_source=form.get("public_source", ""),
            ),
        )
    except ValidationError as error:
        return await refused(
            request, actor, slug, error, "commit", ("party_commitments", "public_source"), form
        )
    return see_other(f"/panels/{slug}/manage?done=commit#commitment")


@router.post("/panels/{slug}/draw", response_model=None)
async def draw(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)
    try:
        await in_uow(
            request,
            lambda uow: panels.draw_panel(
                uow,
                actor=actor,
                slug=slug,
                secrets=form.get("secrets", "").splitlines(),
                public_value=form.get("public_value", ""),
            ),
        )
    except ValidationError as error:
        return await refused(request, actor, slug, error, "draw", ("secrets", "public_value"), form)
    return see_other(f"/panels/{slug}/manage?done=draw#draw")


@router.post("/panels/{slug}/contacts/delete", response_model=None)
async def delete_contact(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)
    try:
        await in_uow(
            request,
            lambda uow: panels.delete_contact(
                uow, actor=actor, slug=slug, person_id=form.get("person_id", "")
            ),
        )
    except ValidationError as error:
        return await refused(request, actor, slug, error, "privacy", ("person_id",), form)
    return see_other(f"/panels/{slug}/manage?done=contact#privacy")


# --- The public page, its JSON twin and the published files -------------------------------------


def public_view(data: Mapping[str, Any]) -> dict[str, Any]:
    """The public page as JSON: the same facts, never a name or a contact detail."""
    panel = data["panel"]
    slug = panel.slug
    return {
        "slug": slug,
        "title": panel.title,
        "organisation": data["organisation"].slug,
        "state": panel.state.value,
        "size": panel.size,
        "pool_size": data["pool_size"],
        "algorithm": panel.algorithm.value,
        "commitment_sha256": data["commitment_sha256"],
        "commitment": data["commitment"],
        "committed_at": data["committed_at"].isoformat(),
        "drawn_at": data["drawn_at"].isoformat() if data["drawn_at"] else None,
        "draw": data["reveal"],
        "quotas": data["quotas"],
        "fairness": data["fairness"],
        "lottery_fairness": data["lottery_fairness"],
        "probability_histogram": data["histogram"],
        "files": {name: f"/panels/{slug}/files/{name}.json" for name in data["files"]},
        "url": f"/panels/{slug}",
    }


@router.get("/panels/{slug}.json")
async def public_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    data = await in_uow(request, lambda uow: panels.public_panel(uow, slug=slug), commit=False)
    return JSONResponse(public_view(data))


@router.get("/panels/{slug}/files/{name}.json")
async def published_file(
    request: Request, slug: str, name: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    document = await in_uow(
        request, lambda uow: panels.published_file(uow, slug=slug, name=name), commit=False
    )
    return JSONResponse(
        document,
        headers={"Content-Disposition": f'attachment; filename="{slug}-{name}.json"'},
    )


@router.get("/panels/{slug}", response_class=HTMLResponse)
async def public_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    data = await in_uow(request, lambda uow: panels.public_panel(uow, slug=slug), commit=False)
    may_manage = panels.may_organise(actor, data["panel"].organisation_id)
    return render(
        request,
        "panels/public.html",
        {**common_context(), **data, "may_manage": may_manage},
    )
