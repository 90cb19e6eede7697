"""Consultation pages: the text and its answered contributions for all; moderation for staff."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from babel.dates import format_date
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor, Role
from balise.domain.consultations.model import (
    MAX_CONTRIBUTION,
    AnswerStatus,
    Consultation,
    ConsultationState,
)
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import LANGUAGES, Language
from balise.i18n import using
from balise.services import consultations
from balise.services.permissions import can_manage_consultations
from balise.services.ports import OutgoingMail, UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import form_of, in_uow, see_other
from balise.web.consultations.forms import (
    FORM_SECTIONS,
    answer_language,
    answer_status,
    consultation_input,
    contribution_input,
)
from balise.web.consultations.views import (
    consultation_document,
    consultation_summary,
    dumps,
    label,
    reason_options,
)
from balise.web.forms_flow import errors_of
from balise.web.paths import PathId
from balise.web.rendering import language_name, language_of, render

router = APIRouter(include_in_schema=False)
STAFF = Allow.only(Role.ADMIN, Role.REGULATOR)
NO_SUCH_SECTION = consultations.NO_SUCH_SECTION


async def send_after_commit(request: Request, mails: list[OutgoingMail]) -> None:
    mailer = container_of(request).mailer
    for mail in mails:
        await run_in_threadpool(mailer.send, mail)


def page(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    language = language_of(request)

    def labelled(value: str) -> str:
        with using(language):
            return label(value)

    def isodate(value: str | None) -> str:
        return (
            format_date(date.fromisoformat(value), "long", locale=language.value) if value else ""
        )

    return render(
        request,
        template,
        {
            **context,
            "clabel": labelled,
            "isodate": isodate,
            # A contribution written in another language than the page's, named in the page's.
            "written_in": lambda code: (
                "" if code == language.value else language_name(code, language)
            ),
            "max_contribution": MAX_CONTRIBUTION,
        },
        status_code=status_code,
    )


def document_of(uow: UnitOfWork, actor: Actor, slug: str) -> tuple[Consultation, dict[str, Any]]:
    found = consultations.get_consultation(uow, actor=actor, slug=slug)
    staff = can_manage_consultations(actor)
    shown = consultations.list_contributions(uow, actor=actor, consultation=found)
    document = consultation_document(
        found,
        shown,
        consultations.consultation_figures(uow, found),
        accepting=found.accepts_contributions(consultations.brussels_today(uow)),
        staff=staff,
    )
    return found, document


# --- the list and creation -----------------------------------------------------------------------


@router.get("/consultations", response_class=HTMLResponse)
async def consultations_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = consultations.list_consultations(uow, actor=actor)
        return {
            "consultations": [
                consultation_summary(c, consultations.consultation_figures(uow, c)) for c in found
            ],
            "staff": can_manage_consultations(actor),
        }

    return page(request, "consultations/list.html", await in_uow(request, load, commit=False))


def new_context(values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    return {"values": values, "errors": errors, "section_numbers": range(1, FORM_SECTIONS + 1)}


@router.get("/consultations/new", response_class=HTMLResponse)
async def new_consultation(
    request: Request, actor: Annotated[Actor, Depends(STAFF)]
) -> HTMLResponse:
    return page(request, "consultations/new.html", new_context({}, {}))


@router.post("/consultations/new", response_model=None)
async def create_consultation(
    request: Request, actor: Annotated[Actor, Depends(STAFF)]
) -> Response:
    form = await form_of(request)
    try:
        created = await in_uow(
            request,
            lambda uow: consultations.create_consultation(
                uow, actor=actor, given=consultation_input(form)
            ),
        )
    except ValidationError as error:
        return page(
            request,
            "consultations/new.html",
            new_context(form, errors_of(request, error)),
            status_code=422,
        )
    return see_other(f"/consultations/{created.slug}")


# --- one consultation ----------------------------------------------------------------------------


@router.get("/consultations/{slug}.json")
async def consultation_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    """The page's JSON twin: the public document (declared before the page, which would match)."""

    def load(uow: UnitOfWork) -> dict[str, Any]:
        return document_of(uow, Actor(), slug)[1]

    return JSONResponse(await in_uow(request, load, commit=False))


@router.get("/consultations/{slug}", response_class=HTMLResponse)
async def consultation_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        _, document = document_of(uow, actor, slug)
        return {"view": document, "staff": can_manage_consultations(actor)}

    return page(
        request, "consultations/consultation.html", await in_uow(request, load, commit=False)
    )


@router.get("/consultations/{slug}/contributions.json")
async def contributions_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    """Open data: published contributions and their answers, no e-mail address."""

    def load(uow: UnitOfWork) -> str:
        found, rows = consultations.open_data(uow, actor=actor, slug=slug)
        return dumps(consultations.open_data_json(found, rows))

    body = await in_uow(request, load, commit=False)
    return Response(body, media_type="application/json")


@router.get("/consultations/{slug}/contributions.csv")
async def contributions_csv(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    """Open data as CSV, every cell guarded against spreadsheet formulas."""

    def load(uow: UnitOfWork) -> str:
        _, rows = consultations.open_data(uow, actor=actor, slug=slug)
        return consultations.open_data_csv(rows)

    body = await in_uow(request, load, commit=False)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{slug}-contributions.csv"'},
    )


def section_context(
    uow: UnitOfWork,
    actor: Actor,
    slug: str,
    section_id: PathId,
    values: dict[str, Any],
    errors: dict[str, str],
    language: str,
) -> dict[str, Any]:
    _, document = document_of(uow, actor, slug)
    section = next((s for s in document["sections"] if s["id"] == section_id), None)
    if section is None:
        raise NotFound(NO_SUCH_SECTION)
    return {
        "view": document,
        "section": section,
        "values": {"language": language, **values},
        "errors": errors,
        "staff": can_manage_consultations(actor),
    }


@router.get("/consultations/{slug}/sections/{section_id}", response_class=HTMLResponse)
async def section_page(
    request: Request,
    slug: str,
    section_id: PathId,
    actor: Annotated[Actor, Depends(Allow.everyone())],
) -> HTMLResponse:
    language = language_of(request).value
    context = await in_uow(
        request,
        lambda uow: section_context(uow, actor, slug, section_id, {}, {}, language),
        commit=False,
    )
    return page(request, "consultations/section.html", context)


@router.post("/consultations/{slug}/sections/{section_id}/contributions", response_model=None)
async def contribute(
    request: Request,
    slug: str,
    section_id: PathId,
    actor: Annotated[Actor, Depends(Allow.everyone())],
) -> Response:
    form = await form_of(request)
    language = language_of(request)

    def save(uow: UnitOfWork) -> consultations.Contributed:
        given = contribution_input(form, default_language=language)
        return consultations.contribute(
            uow, actor=actor, slug=slug, section_id=section_id, given=given
        )

    try:
        done = await in_uow(request, save)
    except ValidationError as error:
        errors = errors_of(request, error)
        context = await in_uow(
            request,
            lambda uow: section_context(uow, actor, slug, section_id, form, errors, language.value),
            commit=False,
        )
        return page(request, "consultations/section.html", context, status_code=422)
    contribution = done.contribution
    return page(
        request,
        "consultations/contributed.html",
        {
            "slug": slug,
            "section_id": section_id,
            "contribution_id": contribution.id,
            "key": done.secret,
        },
        status_code=201,
    )


@router.post("/consultations/{slug}/contributions/{contribution_id}/erase", response_model=None)
async def erase_email(
    request: Request,
    slug: str,
    contribution_id: PathId,
    actor: Annotated[Actor, Depends(Allow.everyone())],
) -> Response:
    """The author erases the e-mail address they left, with the key shown after submitting."""
    form = await form_of(request)
    secret = form.get("key", "")
    await in_uow(
        request,
        lambda uow: consultations.erase_contribution_email(
            uow, slug=slug, contribution_id=contribution_id, secret=secret
        ),
    )
    return page(request, "consultations/erased.html", {"slug": slug})


# --- staff: moderation, answers, states ----------------------------------------------------------


def moderation_context(uow: UnitOfWork, actor: Actor, slug: str, language: str) -> dict[str, Any]:
    found, document = document_of(uow, actor, slug)
    items = [{**c, "section": s} for s in document["sections"] for c in s["contributions"]]
    return {
        "view": document,
        "consultation_state": found.state.value,
        "pending": [c for c in items if c["state"] == "pending"],
        "to_answer": [c for c in items if c["state"] == "published"],
        "refused": [c for c in items if c["state"] == "refused"],
        "reasons": reason_options(Language(language)),
        "reason_names": dict(reason_options(Language(language))),
        "statuses": [(s.value, label(s.value)) for s in AnswerStatus],
        # The answer's language, each named in the page's language.
        "answer_languages": [
            (lang.value, language_name(lang.value, Language(language))) for lang in LANGUAGES
        ],
        "errors": {},
        "values": {},
        "failed": None,
    }


@router.get("/consultations/{slug}/moderation", response_class=HTMLResponse)
async def moderation_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(STAFF)]
) -> HTMLResponse:
    language = language_of(request).value
    context = await in_uow(
        request, lambda uow: moderation_context(uow, actor, slug, language), commit=False
    )
    return page(request, "consultations/moderation.html", context)


async def staff_action(
    request: Request,
    slug: str,
    contribution_id: PathId,
    actor: Actor,
    action: Any,
) -> Response:
    form = await form_of(request)
    language = language_of(request).value
    try:
        changed = await in_uow(request, lambda uow: action(uow, form))
    except ValidationError as error:
        errors = errors_of(request, error)

        def load(uow: UnitOfWork) -> dict[str, Any]:
            context = moderation_context(uow, actor, slug, language)
            return {**context, "errors": errors, "values": form, "failed": contribution_id}

        context = await in_uow(request, load, commit=False)
        return page(request, "consultations/moderation.html", context, status_code=422)
    await send_after_commit(request, changed.mails)
    return see_other(f"/consultations/{slug}/moderation#contribution-{contribution_id}")


@router.post("/consultations/{slug}/contributions/{contribution_id}/moderate", response_model=None)
async def moderate(
    request: Request,
    slug: str,
    contribution_id: PathId,
    actor: Annotated[Actor, Depends(STAFF)],
) -> Response:
    return await staff_action(
        request,
        slug,
        contribution_id,
        actor,
        lambda uow, form: consultations.moderate_contribution(
            uow,
            actor=actor,
            slug=slug,
            contribution_id=contribution_id,
            publish=form.get("decision") == "publish",
            reason=form.get("reason", ""),
        ),
    )


@router.post("/consultations/{slug}/contributions/{contribution_id}/answer", response_model=None)
async def answer(
    request: Request,
    slug: str,
    contribution_id: PathId,
    actor: Annotated[Actor, Depends(STAFF)],
) -> Response:
    return await staff_action(
        request,
        slug,
        contribution_id,
        actor,
        lambda uow, form: consultations.answer_contribution(
            uow,
            actor=actor,
            slug=slug,
            contribution_id=contribution_id,
            answer=form.get("answer", ""),
            status=answer_status(form.get("status", "")),
            language=answer_language(form.get("answer_language", "")),
            base_url=container_of(request).settings.base_url,
        ),
    )


@router.post("/consultations/{slug}/state", response_model=None)
async def move(request: Request, slug: str, actor: Annotated[Actor, Depends(STAFF)]) -> Response:
    """Open, close, or mark the consultation answered."""
    form = await form_of(request)
    try:
        target = ConsultationState(form.get("state", ""))
    except ValueError:
        target = ConsultationState.DRAFT  # never a next state: refused as a conflict
    await in_uow(
        request, lambda uow: consultations.move_consultation(uow, actor=actor, slug=slug, to=target)
    )
    return see_other(f"/consultations/{slug}")
