"""The audit log: recent events, and verifying the whole chain as a job."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from balise.domain.accounts.model import Actor, Role
from balise.services import audit_log as audit_log_service
from balise.services import jobs
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.audit_log.views import latest_view
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
