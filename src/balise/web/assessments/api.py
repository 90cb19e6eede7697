"""The assessments API under /api/v1: public templates, assessments with token scopes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from balise.domain.accounts.model import Actor, Role, Scope
from balise.services import assessments
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.assessments.schemas import AssessmentCreate, AssessmentUpdate
from balise.web.assessments.views import assessment_view, gate_view
from balise.web.common import in_uow

router = APIRouter(tags=["assessments"])

WRITERS = Allow.only(Role.ADMIN, Role.EDITOR, Role.REVIEWER, scope=Scope.ASSESSMENTS_WRITE)


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


@router.post("/assessments", status_code=201)
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
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        found = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
        return assessment_view(found, today=uow.clock.now().date())

    return JSONResponse(await in_uow(request, read, commit=False))


@router.put("/assessments/{assessment_id}/answers")
async def save_answers(
    request: Request,
    assessment_id: int,
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
    request: Request, assessment_id: int, actor: Annotated[Actor, Depends(WRITERS)]
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
