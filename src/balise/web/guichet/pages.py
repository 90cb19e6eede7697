"""Guichet pages: guides and the FAQ for everyone, the question desk, the regulator's inbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from babel.dates import format_date
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor, Role
from balise.domain.guichet.guides import obligation_codes
from balise.domain.guichet.questions import AskerKind, response_target
from balise.domain.shared.errors import ValidationError
from balise.i18n import using
from balise.services import guichet
from balise.services.permissions import can_load_guides, can_publish_guides
from balise.services.ports import OutgoingMail, UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import form_of, in_uow, see_other
from balise.web.forms_flow import errors_of
from balise.web.guichet.forms import obligation_list, question_input
from balise.web.guichet.views import (
    faq_view,
    follow_up_view,
    guide_page,
    guide_summary,
    label,
    obligation_info,
    staff_view,
    statistics_view,
)
from balise.web.paths import PathId
from balise.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)
DESK = Allow.only(Role.REGULATOR)
GUIDE_STAFF = Allow.only(Role.ADMIN, Role.REGULATOR)


async def send_after_commit(request: Request, mails: list[OutgoingMail]) -> None:
    mailer = container_of(request).mailer
    for mail in mails:
        await run_in_threadpool(mailer.send, mail)


def page(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render with the guichet's labels and dates in the reader's language."""
    language = language_of(request)

    def isodate(value: str | None) -> str:
        return (
            format_date(date.fromisoformat(value), "long", locale=language.value) if value else ""
        )

    def labelled(value: str) -> str:
        with using(language):
            return label(value)

    def obligation_of(code: str) -> dict[str, str]:
        return obligation_info(code, language)

    return render(
        request,
        template,
        {**context, "isodate": isodate, "glabel": labelled, "obligation_of": obligation_of},
        status_code=status_code,
    )


def obligation_filter(request: Request) -> str:
    wanted = request.query_params.get("obligation", "").strip()
    return wanted if wanted in obligation_codes() else ""


# --- guides ------------------------------------------------------------------------------------


@router.get("/guides", response_class=HTMLResponse)
async def guides_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    language = language_of(request)
    obligation = obligation_filter(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = guichet.published_guides(uow, obligation=obligation)
        return {
            "guides": [guide_summary(g, language) for g in found],
            "obligation": obligation_info(obligation, language) if obligation else None,
            "faq": [faq_view(q) for q in guichet.faq_entries(uow, obligation=obligation)]
            if obligation
            else [],
        }

    return page(request, "guichet/guides.html", await in_uow(request, load, commit=False))


@router.get("/guides/{guide_code}", response_class=HTMLResponse)
async def guide_detail(
    request: Request, guide_code: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    language = language_of(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        return {"guide": guide_page(guichet.published_guide(uow, code=guide_code), language)}

    return page(request, "guichet/guide.html", await in_uow(request, load, commit=False))


@router.get("/guichet/guides", response_class=HTMLResponse)
async def guide_versions(
    request: Request, actor: Annotated[Actor, Depends(GUIDE_STAFF)]
) -> HTMLResponse:
    language = language_of(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = guichet.list_guide_versions(uow, actor=actor)
        return {
            "versions": [guide_summary(g, language) for g in found],
            "can_load": can_load_guides(actor),
            "can_publish": can_publish_guides(actor),
            "added": request.query_params.get("added"),
        }

    return page(request, "guichet/versions.html", await in_uow(request, load, commit=False))


@router.post("/guichet/guides/load", response_model=None)
async def load_guides(request: Request, actor: Annotated[Actor, Depends(GUIDE_STAFF)]) -> Response:
    added = await in_uow(request, lambda uow: guichet.load_shipped_guides(uow, actor=actor))
    return see_other(f"/guichet/guides?added={len(added)}")


@router.post("/guichet/guides/{guide_code}/{version}/publish", response_model=None)
async def publish_guide(
    request: Request, guide_code: str, version: PathId, actor: Annotated[Actor, Depends(DESK)]
) -> Response:
    await in_uow(
        request,
        lambda uow: guichet.publish_guide(uow, actor=actor, code=guide_code, version=version),
    )
    return see_other(f"/guides/{guide_code}")


# --- the FAQ and the desk for the public -------------------------------------------------------


def desk_context(uow: UnitOfWork) -> dict[str, Any]:
    return {
        "stats": statistics_view(guichet.desk_statistics(uow)),
        "target": response_target(),
    }


@router.get("/faq", response_class=HTMLResponse)
async def faq_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    language = language_of(request)
    obligation = obligation_filter(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        return {
            **desk_context(uow),
            "entries": [faq_view(q) for q in guichet.faq_entries(uow, obligation=obligation)],
            "obligation": obligation_info(obligation, language) if obligation else None,
        }

    return page(request, "guichet/faq.html", await in_uow(request, load, commit=False))


def ask_context(uow: UnitOfWork, values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    return {
        **desk_context(uow),
        "values": values,
        "errors": errors,
        "kinds": [(kind.value, label(kind.value)) for kind in AskerKind],
    }


@router.get("/questions/new", response_class=HTMLResponse)
async def new_question(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    values = {
        "language": language_of(request).value,
        "obligations": obligation_filter(request),
    }
    context = await in_uow(request, lambda uow: ask_context(uow, values, {}), commit=False)
    return page(request, "guichet/ask.html", context)


@router.post("/questions/new", response_model=None)
async def ask_question(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    form = await form_of(request)
    base_url = container_of(request).settings.base_url

    def save(uow: UnitOfWork) -> guichet.Asked:
        given = question_input(
            form, default_language=language_of(request), signed_in=actor.user is not None
        )
        return guichet.ask_question(uow, actor=actor, given=given, base_url=base_url)

    try:
        asked = await in_uow(request, save)
    except ValidationError as error:
        errors = errors_of(request, error)
        context = await in_uow(request, lambda uow: ask_context(uow, form, errors), commit=False)
        return page(request, "guichet/ask.html", context, status_code=422)
    await send_after_commit(request, asked.mails)
    return page(
        request,
        "guichet/asked.html",
        {
            "reference": asked.question.reference,
            "due_on": asked.question.due_on.isoformat(),
            "follow_up_url": asked.follow_up_url,
            "follow_up_path": guichet.follow_up_path(asked.question.reference, asked.secret),
            "has_email": bool(asked.question.email),
            "target": response_target(),
        },
        status_code=201,
    )


@router.get("/questions/{question_reference}", response_class=HTMLResponse)
async def follow_question(
    request: Request, question_reference: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    reference = question_reference
    secret = request.query_params.get("key", "")

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = guichet.follow_question(uow, reference=reference, secret=secret)
        return {"view": follow_up_view(found, today=uow.clock.now().date())}

    context = await in_uow(request, load, commit=False)
    return page(request, "guichet/follow_up.html", {**context, "key": secret})


@router.post("/questions/{question_reference}/erase", response_model=None)
async def erase_own_data(
    request: Request, question_reference: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    reference = question_reference
    form = await form_of(request)
    secret = form.get("key", "")
    await in_uow(
        request,
        lambda uow: guichet.erase_own_question_data(uow, reference=reference, secret=secret),
    )
    return see_other(f"/questions/{reference}?key={secret}")


# --- the regulator's desk ----------------------------------------------------------------------


@router.get("/guichet", response_class=HTMLResponse)
async def inbox(request: Request, actor: Annotated[Actor, Depends(DESK)]) -> HTMLResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        today = uow.clock.now().date()
        found = guichet.list_questions(uow, actor=actor)
        return {**desk_context(uow), "questions": [staff_view(q, today=today) for q in found]}

    return page(request, "guichet/inbox.html", await in_uow(request, load, commit=False))


@router.get("/guichet.json")
async def inbox_json(request: Request, actor: Annotated[Actor, Depends(DESK)]) -> JSONResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        today = uow.clock.now().date()
        found = guichet.list_questions(uow, actor=actor)
        return {
            "statistics": statistics_view(guichet.desk_statistics(uow)),
            "questions": [staff_view(q, today=today) for q in found],
        }

    return JSONResponse(await in_uow(request, load, commit=False))


def question_context(uow: UnitOfWork, actor: Actor, reference: str) -> dict[str, Any]:
    found = guichet.get_question(uow, actor=actor, reference=reference)
    return {"view": staff_view(found, today=uow.clock.now().date()), "values": {}, "errors": {}}


@router.get("/guichet/questions/{question_reference}", response_class=HTMLResponse)
async def staff_question(
    request: Request, question_reference: str, actor: Annotated[Actor, Depends(DESK)]
) -> HTMLResponse:
    reference = question_reference
    context = await in_uow(
        request, lambda uow: question_context(uow, actor, reference), commit=False
    )
    return page(request, "guichet/question.html", context)


async def desk_action(
    request: Request,
    reference: str,
    actor: Actor,
    action: Callable[[UnitOfWork, dict[str, str]], object],
) -> Response:
    form = await form_of(request)
    try:
        result = await in_uow(request, lambda uow: action(uow, form))
    except ValidationError as error:
        errors = errors_of(request, error)

        def load(uow: UnitOfWork) -> dict[str, Any]:
            return {**question_context(uow, actor, reference), "errors": errors, "values": form}

        context = await in_uow(request, load, commit=False)
        return page(request, "guichet/question.html", context, status_code=422)
    if isinstance(result, guichet.Changed):
        await send_after_commit(request, result.mails)
    return see_other(f"/guichet/questions/{reference}")


@router.post("/guichet/questions/{question_reference}/answer", response_model=None)
async def answer_question(
    request: Request, question_reference: str, actor: Annotated[Actor, Depends(DESK)]
) -> Response:
    reference = question_reference
    return await desk_action(
        request,
        reference,
        actor,
        lambda uow, form: guichet.answer_question(
            uow,
            actor=actor,
            reference=reference,
            answer=form.get("answer", ""),
            obligations=obligation_list(form.get("obligations", "")),
        ),
    )


@router.post("/guichet/questions/{question_reference}/escalate", response_model=None)
async def escalate_question(
    request: Request, question_reference: str, actor: Annotated[Actor, Depends(DESK)]
) -> Response:
    reference = question_reference
    return await desk_action(
        request,
        reference,
        actor,
        lambda uow, form: guichet.escalate_question(
            uow, actor=actor, reference=reference, note=form.get("note", "")
        ),
    )


@router.post("/guichet/questions/{question_reference}/faq", response_model=None)
async def publish_faq(
    request: Request, question_reference: str, actor: Annotated[Actor, Depends(DESK)]
) -> Response:
    reference = question_reference
    return await desk_action(
        request,
        reference,
        actor,
        lambda uow, form: guichet.publish_faq(
            uow,
            actor=actor,
            reference=reference,
            question=form.get("faq_question", ""),
            answer=form.get("faq_answer", ""),
        ),
    )
