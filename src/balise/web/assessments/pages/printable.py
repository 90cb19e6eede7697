"""Documents of an assessment: the report (HTML, PDF), the Art 27(3) notification pack (JSON,
HTML, PDF), and the comparison of two versions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.assessments.catalogue import template
from balise.services import assessments
from balise.services.ports import UnitOfWork
from balise.web.assessments import documents
from balise.web.assessments.pages.common import SIGNED_IN
from balise.web.common import in_uow
from balise.web.paths import PathId
from balise.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)


async def printable(
    request: Request, name: str, context: dict[str, Any], *, pdf: str = ""
) -> Response:
    """A printable page in the reader's language, or its PDF as a download named `pdf`."""
    html = documents.document_html(name, context, language_of(request))
    if pdf:
        return await documents.pdf_of(html, pdf)
    return HTMLResponse(html)


@router.get("/assessments/{assessment_id}/report", response_class=HTMLResponse)
async def report(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    context = await in_uow(
        request, lambda uow: documents.report_context(uow, actor, assessment_id), commit=False
    )
    return await printable(request, documents.REPORT, context)


@router.get("/assessments/{assessment_id}/report.pdf", response_model=None)
async def report_pdf(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    context = await in_uow(
        request, lambda uow: documents.report_context(uow, actor, assessment_id), commit=False
    )
    return await printable(
        request, documents.REPORT, context, pdf=f"assessment-{assessment_id}.pdf"
    )


@router.get("/assessments/{assessment_id}/notification.json")
async def notification_json(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> JSONResponse:
    document = await in_uow(
        request,
        lambda uow: assessments.notification_pack(uow, actor=actor, assessment_id=assessment_id),
        commit=False,
    )
    return JSONResponse(document)


@router.get("/assessments/{assessment_id}/notification", response_class=HTMLResponse)
async def notification(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    """The Art 27(3) notification pack as a printable page for the market-surveillance
    authority (the same elements as its JSON document)."""
    context = await in_uow(
        request,
        lambda uow: documents.notification_context(uow, actor, assessment_id),
        commit=False,
    )
    return await printable(request, documents.NOTIFICATION, context)


@router.get("/assessments/{assessment_id}/notification.pdf", response_model=None)
async def notification_pdf(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    context = await in_uow(
        request,
        lambda uow: documents.notification_context(uow, actor, assessment_id),
        commit=False,
    )
    return await printable(
        request, documents.NOTIFICATION, context, pdf=f"notification-{assessment_id}.pdf"
    )


@router.get("/assessments/{assessment_id}/compare", response_class=HTMLResponse)
async def compare(
    request: Request,
    assessment_id: PathId,
    actor: Annotated[Actor, Depends(SIGNED_IN)],
    other: Annotated[int | None, Query(alias="with", ge=1)] = None,
) -> HTMLResponse:
    """The answers that differ from another version (by default the previous one)."""

    def read(uow: UnitOfWork) -> dict[str, Any]:
        current = assessments.get_assessment(uow, actor=actor, assessment_id=assessment_id)
        earlier = other or current.previous_id
        context: dict[str, Any] = {
            "assessment": current,
            "template": template(current.template),
            "before": None,
            "changes": [],
        }
        if earlier is not None:
            before, _after, changes = assessments.compare_versions(
                uow, actor=actor, assessment_id=assessment_id, other_id=earlier
            )
            context.update(before=before, changes=changes)
        return context

    return render(request, "assessments/compare.html", await in_uow(request, read, commit=False))
