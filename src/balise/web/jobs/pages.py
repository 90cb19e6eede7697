"""A job's page, with a progress bar that refreshes itself where JavaScript runs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from balise.domain.accounts.model import Actor
from balise.services import jobs
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.jobs.views import status_labels
from balise.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
async def job_page(
    request: Request, job_id: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    job = await in_uow(
        request, lambda uow: jobs.get_job(uow, actor=actor, job_id=job_id), commit=False
    )
    return render(request, "jobs/job.html", {"job": job, "labels": status_labels()})


@router.get("/jobs/{job_id}/progress", response_class=HTMLResponse)
async def job_progress(
    request: Request, job_id: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    job = await in_uow(
        request, lambda uow: jobs.get_job(uow, actor=actor, job_id=job_id), commit=False
    )
    return render(request, "jobs/progress.html", {"job": job, "labels": status_labels()})
