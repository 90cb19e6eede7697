"""Background jobs on the API: their state and progress."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from balise.domain.accounts.model import Actor
from balise.services import jobs
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.jobs.schemas import JobRead
from balise.web.jobs.views import job_view

router = APIRouter(tags=["jobs"])


@router.get("/jobs/{job_id}", response_model=JobRead)
async def get_job(
    request: Request, job_id: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JobRead:
    """A job's status, progress and result (its creator, or an administrator)."""
    job = await in_uow(
        request, lambda uow: jobs.get_job(uow, actor=actor, job_id=job_id), commit=False
    )
    return JobRead.model_validate(job_view(job))
