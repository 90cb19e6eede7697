"""The audit log: recent events, verifying the whole chain as a job, and the public page of its
signed checkpoints (with its JSON twin, the open data)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from balise.domain.accounts.model import Actor, Role
from balise.services import audit_log as audit_log_service
from balise.services import jobs
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.audit_log.views import checkpoints_view, latest_view
from balise.web.common import in_uow, see_other
from balise.web.rendering import render

router = APIRouter(include_in_schema=False)
OVERSIGHT = Allow.only(Role.ADMIN, Role.REGULATOR)
PAGE_SIZE = 50


@router.get("/audit-log", response_class=HTMLResponse)
async def audit_log(request: Request, actor: Annotated[Actor, Depends(OVERSIGHT)]) -> HTMLResponse:
    def load(uow: UnitOfWork) -> dict[str, object]:
        total, events = audit_log_service.latest_events(uow, actor=actor, limit=PAGE_SIZE)
        return latest_view(total, events)

    return render(request, "audit_log/log.html", await in_uow(request, load, commit=False))


@router.post("/audit-log/verify")
async def verify(request: Request, actor: Annotated[Actor, Depends(OVERSIGHT)]) -> RedirectResponse:
    job = await in_uow(
        request, lambda uow: jobs.start_job(uow, actor=actor, kind="audit_log.verify", params={})
    )
    container_of(request).job_queue.enqueue(job.id, job.kind)
    return see_other(f"/jobs/{job.id}")


async def checkpoints_document(request: Request, actor: Actor) -> dict[str, object]:
    def load(uow: UnitOfWork) -> dict[str, object]:
        return checkpoints_view(audit_log_service.published_checkpoints(uow, actor=actor))

    return await in_uow(request, load, commit=False)


@router.get("/audit-log/checkpoints", response_class=HTMLResponse)
async def checkpoints(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    document = await checkpoints_document(request, actor)
    return render(request, "audit_log/checkpoints.html", document)


@router.get("/audit-log/checkpoints.json")
async def checkpoints_json(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    return JSONResponse(await checkpoints_document(request, actor))
