"""The observatory's JSON API under /api/v1."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from balise.domain.accounts.model import Actor, Role
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_
from balise.services import jobs
from balise.services import observatory as service
from balise.web.access import Allow, container_of
from balise.web.common import in_uow
from balise.web.observatory.forms import filters_of
from balise.web.observatory.schemas import (
    IndicatorList,
    IndicatorRead,
    SnapshotCreate,
    SnapshotJobRead,
)
from balise.web.observatory.views import entry_json

router = APIRouter(tags=["observatory"])


@router.get("/observatory/indicators", response_model=IndicatorList)
async def list_indicators(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> IndicatorList:
    """Every indicator: definition, value, history (filters: level, sector, organisation)."""
    filters = filters_of(dict(request.query_params))
    found = await in_uow(
        request,
        lambda uow: service.get_observatory(uow, actor=actor, filters=filters),
        commit=False,
    )
    return IndicatorList(
        as_of=found.as_of.isoformat(),
        indicators=[IndicatorRead.model_validate(entry_json(e)) for e in found.entries],
    )


@router.post("/observatory/snapshots", response_model=SnapshotJobRead, status_code=202)
async def start_snapshot(
    request: Request,
    body: SnapshotCreate,
    actor: Annotated[Actor, Depends(Allow.only(Role.ADMIN, Role.REGULATOR))],
) -> SnapshotJobRead:
    """Queue the job that computes every indicator for a day (today unless `as_of` is given)."""
    params: dict[str, str] = {}
    if body.as_of:
        try:
            params["as_of"] = date.fromisoformat(body.as_of).isoformat()
        except ValueError as error:
            raise ValidationError.single("as_of", N_("Give a date as YYYY-MM-DD.")) from error
    job = await in_uow(
        request,
        lambda uow: jobs.start_job(uow, actor=actor, kind=service.SNAPSHOT_JOB, params=params),
    )
    container_of(request).job_queue.enqueue(job.id, job.kind)
    return SnapshotJobRead(job=job.id, kind=job.kind, url=f"/api/v1/jobs/{job.id}")
