"""The assessments API under /api/v1: public templates, assessments with token scopes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from balise.domain.accounts.model import Actor, Role, Scope
from balise.services import assessments
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.assessments import documents
from balise.web.assessments.schemas import (
    AssessmentCreate,
    AssessmentUpdate,
    MeasureUpdate,
    OpinionCreate,
)
from balise.web.assessments.views import action_plan_view, assessment_view, gate_view
from balise.web.common import in_uow
from balise.web.paths import PathId
from balise.web.rendering import language_of

router = APIRouter(tags=["assessments"])

WRITERS = Allow.only(Role.ADMIN, Role.EDITOR, Role.REVIEWER, scope=Scope.ASSESSMENTS_WRITE)
# Committee members may hold any role; the service checks that the actor leads the review.
COMMITTEE = Allow.signed_in(scope=Scope.ASSESSMENTS_WRITE)


@router.get("/assessment-templates")
async def list_templates(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    """The FRIA, DPIA and ethics templates: code, version, languages and questions."""
    return JSONResponse({"templates": assessments.template_documents()})


@router.get("/assessments")
async def list_assessments(
    request: Request, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        today = uow.clock.now().date()
        found = assessments.list_assessments(uow, actor=actor)
        return {"assessments": [assessment_view(a, today=today) for a in found]}

    return JSONResponse(await in_uow(request, read, commit=False))


@router.post(
    "/assessments",
    status_code=201,
    responses={404: {"description": "No system with this slug that you may assess."}},
)
async def start_assessment(
    request: Request, body: AssessmentCreate, actor: Annotated[Actor, Depends(WRITERS)]
) -> JSONResponse:
    def work(uow: UnitOfWork) -> dict[str, Any]:
        created = assessments.start_assessment(
            uow, actor=actor, slug=body.system, code=body.template
        )
        return assessment_view(created, today=uow.clock.now().date())

    return JSONResponse(await in_uow(request, work), status_code=201)


@router.get("/assessments/{assessment_id}")
async def get_assessment(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        found = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
        return assessment_view(found, today=uow.clock.now().date())

    return JSONResponse(await in_uow(request, read, commit=False))


@router.put("/assessments/{assessment_id}/answers")
async def save_answers(
    request: Request,
    assessment_id: PathId,
    body: AssessmentUpdate,
    actor: Annotated[Actor, Depends(WRITERS)],
) -> JSONResponse:
    def work(uow: UnitOfWork) -> dict[str, Any]:
        saved = assessments.save_answers(
            uow, actor=actor, assessment_id=assessment_id, raw=body.answers
        )
        return assessment_view(saved, today=uow.clock.now().date())

    return JSONResponse(await in_uow(request, work))


@router.post("/assessments/{assessment_id}/submit")
async def submit_assessment(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(WRITERS)]
) -> JSONResponse:
    def work(uow: UnitOfWork) -> dict[str, Any]:
        saved = assessments.submit_assessment(uow, actor=actor, assessment_id=assessment_id)
        return assessment_view(saved, today=uow.clock.now().date())

    return JSONResponse(await in_uow(request, work))


@router.get("/systems/{slug}/assessments")
async def system_assessments(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        record, found, gate = assessments.system_assessments(uow, actor=actor, slug=slug)
        today = uow.clock.now().date()
        return {
            "system": record.slug,
            "gate": gate_view(gate),
            "assessments": [assessment_view(a, today=today) for a in found],
        }

    return JSONResponse(await in_uow(request, read, commit=False))


@router.get("/assessments/{assessment_id}/action-plan")
async def get_action_plan(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    """Every measure of the risk register with its status, overdue ones first."""

    def read(uow: UnitOfWork) -> dict[str, Any]:
        found = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
        return action_plan_view(found, today=uow.clock.now().date())

    return JSONResponse(await in_uow(request, read, commit=False))


@router.put("/assessments/{assessment_id}/risks/{risk_key}/measures/{number}")
async def update_measure(
    request: Request,
    assessment_id: PathId,
    risk_key: str,
    number: PathId,
    body: MeasureUpdate,
    actor: Annotated[Actor, Depends(WRITERS)],
) -> JSONResponse:
    """Change the status of a risk's measure (numbered from 1); returns the action plan."""

    def work(uow: UnitOfWork) -> dict[str, Any]:
        saved = assessments.set_measure_status(
            uow,
            actor=actor,
            assessment_id=assessment_id,
            risk_key=risk_key,
            index=number - 1,
            status=body.status,
        )
        return action_plan_view(saved, today=uow.clock.now().date())

    return JSONResponse(await in_uow(request, work))


@router.post("/assessments/{assessment_id}/opinion")
async def issue_opinion(
    request: Request,
    assessment_id: PathId,
    body: OpinionCreate,
    actor: Annotated[Actor, Depends(COMMITTEE)],
) -> JSONResponse:
    """The committee's opinion with its conditions, by the chair or the rapporteur; every
    error at once, nothing written unless all is right."""
    draft = assessments.OpinionDraft(
        kind=body.kind,
        texts=body.text,
        original_language=body.original_language,
        machine_translated=body.machine_translated,
        conditions=[(c.text, c.due) for c in body.conditions],
    )

    def work(uow: UnitOfWork) -> dict[str, Any]:
        saved = assessments.issue_opinion(
            uow, actor=actor, assessment_id=assessment_id, draft=draft
        )
        return assessment_view(saved, today=uow.clock.now().date())

    return JSONResponse(await in_uow(request, work))


@router.get("/assessments/{assessment_id}/notification")
async def get_notification(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    """The Art 27(3) notification pack of a FRIA, as a document."""
    return JSONResponse(
        await in_uow(
            request,
            lambda uow: assessments.notification_pack(
                uow, actor=actor, assessment_id=assessment_id
            ),
            commit=False,
        )
    )


@router.get("/assessments/{assessment_id}/notification.pdf", response_model=None)
async def get_notification_pdf(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> Response:
    """The Art 27(3) notification pack of a FRIA as a PDF, in the reader's language."""
    context = await in_uow(
        request,
        lambda uow: documents.notification_context(uow, actor, assessment_id),
        commit=False,
    )
    html = documents.document_html(documents.NOTIFICATION, context, language_of(request))
    return await documents.pdf_of(html, f"notification-{assessment_id}.pdf")
