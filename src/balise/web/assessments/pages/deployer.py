"""The deployer's pages: the assessment, its sections, risks and action plan, submission,
conditions, signature, notification and new versions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.assessments.catalogue import risk_scale, template
from balise.domain.assessments.model import Assessment, MeasureStatus, action_plan
from balise.domain.shared.errors import NotFound
from balise.domain.shared.i18n import N_, Message
from balise.services import assessments, permissions
from balise.services.ports import UnitOfWork
from balise.web.assessments import forms
from balise.web.assessments.pages.common import (
    SIGNED_IN,
    SIGNERS,
    WRITERS,
    Errors,
    Form,
    act,
    overview,
    page,
    show,
    submit_form,
)
from balise.web.assessments.views import action_plan_view, answer_sources, assessment_view
from balise.web.common import in_uow
from balise.web.labels import options
from balise.web.paths import PathId
from balise.web.rendering import language_of

router = APIRouter(include_in_schema=False)

NO_SECTION = Message(N_("There is no such section."))


@router.get("/assessments/{assessment_id}.json")
async def detail_json(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> JSONResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        found = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
        return assessment_view(found, today=uow.clock.now().date())

    return JSONResponse(await in_uow(request, read, commit=False))


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
async def detail(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> HTMLResponse:
    return await show(request, actor, assessment_id)


async def show_section(
    request: Request,
    actor: Actor,
    assessment_id: int,
    section_id: str,
    errors: Errors | None = None,
    form: Form | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    language = language_of(request)

    def read(uow: UnitOfWork) -> dict[str, Any]:
        context = overview(uow, actor, assessment_id)
        context["section"] = context["template"].section(section_id)
        if context["section"] is None:
            raise NotFound(NO_SECTION)
        context["sources"] = answer_sources(context["assessment"], language)
        return context

    return await page(
        request, "assessments/section.html", read, errors=errors, form=form, status_code=status_code
    )


@router.get("/assessments/{assessment_id}/sections/{section_id}", response_class=HTMLResponse)
async def section_page(
    request: Request,
    assessment_id: PathId,
    section_id: str,
    actor: Annotated[Actor, Depends(WRITERS)],
) -> HTMLResponse:
    return await show_section(request, actor, assessment_id, section_id)


@router.post("/assessments/{assessment_id}/sections/{section_id}", response_model=None)
async def save_section(
    request: Request,
    assessment_id: PathId,
    section_id: str,
    actor: Annotated[Actor, Depends(WRITERS)],
) -> Response:
    def work(uow: UnitOfWork, form: Form) -> Assessment:
        current = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
        section = template(current.template).section(section_id)
        if section is None:
            raise NotFound(NO_SECTION)
        ids = [q.id for q in section.questions]
        return assessments.save_answers(
            uow, actor=actor, assessment_id=assessment_id, raw=forms.answers_of(form, ids)
        )

    async def again(errors: Errors, form: Form) -> Response:
        return await show_section(request, actor, assessment_id, section_id, errors, form, 422)

    return await submit_form(
        request, work, then=lambda _: f"/assessments/{assessment_id}", again=again
    )


@router.post("/assessments/{assessment_id}/summary", response_model=None)
async def summary(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        assessments.save_summary,
        lambda form: {"texts": forms.texts_of(form, "summary")},
    )


@router.post("/assessments/{assessment_id}/risks", response_model=None)
async def add_risk(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(
        request, actor, assessment_id, assessments.add_risk, lambda form: {"raw": form}
    )


# --- the action plan --------------------------------------------------------------------------


async def show_plan(
    request: Request,
    actor: Actor,
    assessment_id: int,
    errors: Errors | None = None,
    form: Form | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        found = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
        today = uow.clock.now().date()
        return {
            "assessment": found,
            "template": template(found.template),
            "items": action_plan(found.risks, today),
            "scale": risk_scale(),
            "statuses": options(MeasureStatus),
            "can_edit": permissions.can_edit_assessment(actor, found.organisation_id),
        }

    return await page(
        request,
        "assessments/action_plan.html",
        read,
        errors=errors,
        form=form,
        status_code=status_code,
    )


@router.get("/assessments/{assessment_id}/action-plan.json")
async def action_plan_json(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> JSONResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        found = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
        return action_plan_view(found, today=uow.clock.now().date())

    return JSONResponse(await in_uow(request, read, commit=False))


@router.get("/assessments/{assessment_id}/action-plan", response_class=HTMLResponse)
async def action_plan_page(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> HTMLResponse:
    return await show_plan(request, actor, assessment_id)


@router.post("/assessments/{assessment_id}/risks/{risk_key}/measures/{number}", response_model=None)
async def measure_status(
    request: Request,
    assessment_id: PathId,
    risk_key: str,
    number: PathId,
    actor: Annotated[Actor, Depends(WRITERS)],
) -> Response:
    """Change a measure's status (planned, in progress, done), back to the action plan; the
    measures of a risk are numbered from 1 in addresses."""

    async def again(errors: Errors, form: Form) -> Response:
        return await show_plan(request, actor, assessment_id, errors, form, 422)

    return await submit_form(
        request,
        lambda uow, form: assessments.set_measure_status(
            uow,
            actor=actor,
            assessment_id=assessment_id,
            risk_key=risk_key,
            index=number - 1,
            status=form.get("status", ""),
        ),
        then=lambda _: f"/assessments/{assessment_id}/action-plan",
        again=again,
    )


# --- steps of the workflow --------------------------------------------------------------------


@router.post("/assessments/{assessment_id}/submit", response_model=None)
async def submit(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        assessments.submit_assessment,
        lambda form: {"committee": form.get("committee", "")},
    )


@router.post("/assessments/{assessment_id}/conditions/{key}/close", response_model=None)
async def close_condition(
    request: Request, assessment_id: PathId, key: str, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        assessments.close_condition,
        lambda form: {"key": key, "evidence": form.get("evidence", "")},
    )


@router.post("/assessments/{assessment_id}/sign", response_model=None)
async def sign(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNERS)]
) -> Response:
    return await act(request, actor, assessment_id, assessments.sign_assessment)


@router.post("/assessments/{assessment_id}/notify", response_model=None)
async def notify(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(request, actor, assessment_id, assessments.notify_assessment)


@router.post("/assessments/{assessment_id}/new-version", response_model=None)
async def version(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    return await act(request, actor, assessment_id, assessments.new_version)
