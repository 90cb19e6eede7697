"""The panels' before/after questionnaire: the organisers' page, the public results (and their
JSON twin), and the members' questionnaire in their space.

Thin routes: parse the form, call one service of `services.panels_survey`, render `survey_views`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.panels.members import PanelMember
from balise.domain.panels.survey import FIELD_PREFIX, SurveyAction, answers_from_form
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_
from balise.services import panels_survey
from balise.services.permissions import PANEL_ORGANISERS
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import form_of, in_uow
from balise.web.forms_flow import errors_of, run_form
from balise.web.panels.membership import require_member
from balise.web.panels.survey_views import (
    labels_context,
    overview_context,
    questionnaire_context,
    results_context,
    survey_document,
)
from balise.web.rendering import render

router = APIRouter(include_in_schema=False)
ORGANISERS = PANEL_ORGANISERS


# --- The organisers' page -------------------------------------------------------------------------


async def manage_page(
    request: Request,
    actor: Actor,
    slug: str,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    overview = await in_uow(
        request,
        lambda uow: panels_survey.survey_overview(uow, actor=actor, slug=slug),
        commit=False,
    )
    return render(
        request,
        "panels/survey/manage.html",
        {
            **overview_context(overview),
            "errors": errors or {},
            "notice": request.query_params.get("done", ""),
        },
        status_code=status_code,
    )


@router.get("/panels/{slug}/survey/manage", response_class=HTMLResponse)
async def manage(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> HTMLResponse:
    return await manage_page(request, actor, slug)


@router.post("/panels/{slug}/survey/manage", response_model=None)
async def move(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await request.form()
    raw_action = str(form.get("action") or "")
    items = [str(value) for value in form.getlist("items")]

    def work(uow: UnitOfWork) -> object:
        try:
            action = SurveyAction(raw_action)
        except ValueError:
            raise ValidationError.single("action", N_("Choose an action.")) from None
        return panels_survey.move_survey(uow, actor=actor, slug=slug, action=action, items=items)

    return await run_form(
        request,
        work,
        success=lambda _: f"/panels/{slug}/survey/manage?done={raw_action}",
        refuse=lambda error: manage_page(
            request, actor, slug, errors=errors_of(request, error), status_code=422
        ),
    )


@router.post("/panels/{slug}/survey/erase", response_model=None)
async def erase(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.only(*ORGANISERS))]
) -> Response:
    form = await form_of(request)

    def work(uow: UnitOfWork) -> int:
        person_id = form.get("person_id", "").strip()
        if not person_id:
            raise ValidationError.single("person_id", N_("Give the member's id."))
        return panels_survey.erase_member_answers(uow, actor=actor, slug=slug, person_id=person_id)

    return await run_form(
        request,
        work,
        success=lambda count: f"/panels/{slug}/survey/manage?done=erased-{count}",
        refuse=lambda error: manage_page(
            request, actor, slug, errors=errors_of(request, error), status_code=422
        ),
    )


# --- The public results ---------------------------------------------------------------------------


@router.get("/panels/{slug}/survey.json")
async def results_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    found = await in_uow(
        request,
        lambda uow: panels_survey.published_survey(uow, actor=actor, slug=slug),
        commit=False,
    )
    return JSONResponse(survey_document(found))


@router.get("/panels/{slug}/survey", response_class=HTMLResponse)
async def results(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    def read(uow: UnitOfWork) -> dict[str, object]:
        panel, survey = panels_survey.survey_stage(uow, actor=actor, slug=slug)
        if survey is None or not survey.published:
            return {**labels_context(), "panel": panel, "survey": survey, "published": False}
        found = panels_survey.published_survey(uow, actor=actor, slug=slug)
        return {**results_context(found), "published": True}

    context = await in_uow(request, read, commit=False)
    return render(request, "panels/survey/results.html", context)


# --- The members' questionnaire -------------------------------------------------------------------


async def questionnaire_page(
    request: Request,
    member: panels_survey.SurveyMember,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    found = await in_uow(
        request,
        lambda uow: panels_survey.member_questionnaire(uow, member=member),
        commit=False,
    )
    context = questionnaire_context(found)
    if values is not None:
        context["answers"] = {
            key.removeprefix(context["field_prefix"]): value for key, value in values.items()
        }
    return render(
        request,
        "panels/survey/questionnaire.html",
        {**context, "errors": errors or {}, "notice": request.query_params.get("done", "")},
        status_code=status_code,
    )


@router.get("/panels/{slug}/space/questionnaire", response_class=HTMLResponse)
async def questionnaire(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    member: Annotated[PanelMember, Depends(require_member)],
) -> HTMLResponse:
    return await questionnaire_page(request, member)


@router.post("/panels/{slug}/space/questionnaire", response_model=None)
async def answer(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    member: Annotated[PanelMember, Depends(require_member)],
) -> Response:
    form = await form_of(request)

    def work(uow: UnitOfWork) -> str:
        found = panels_survey.member_questionnaire(uow, member=member)
        items = found.survey.items if found.survey else ()
        answers = answers_from_form(form, items)
        return panels_survey.answer_survey(uow, member=member, answers=answers).value

    return await run_form(
        request,
        work,
        success=lambda phase: f"/panels/{slug}/space/questionnaire?done={phase}",
        refuse=lambda error: questionnaire_page(
            request,
            member,
            errors=errors_of(request, error),
            values={k: v for k, v in form.items() if k.startswith(FIELD_PREFIX)},
            status_code=422,
        ),
    )
