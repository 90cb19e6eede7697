"""The obligation tracker on the API: read a record's duties, set one duty's status."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.obligations.model import StatusInput
from balise.services import obligations
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.obligations.schemas import StatusUpdate, TrackerRead
from balise.web.obligations.views import tracker_document

router = APIRouter(tags=["obligations"])
WRITERS = Allow.only(Role.ADMIN, Role.EDITOR, Role.REVIEWER, scope=Scope.SYSTEMS_WRITE)


async def _read(request: Request, actor: Actor, slug: str) -> TrackerRead:
    page = await in_uow(
        request, lambda uow: obligations.get_tracker(uow, actor=actor, slug=slug), commit=False
    )
    return TrackerRead(**tracker_document(page))


@router.get("/systems/{slug}/obligations", response_model=TrackerRead)
async def read_obligations(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> TrackerRead:
    """Every AI Act duty of the record's stored classifications, with its date, status,
    evidence and the evidence Balise suggests."""
    return await _read(request, actor, slug)


@router.put("/systems/{slug}/obligations/{code}/{role}", response_model=TrackerRead)
async def put_obligation_status(
    request: Request,
    slug: str,
    code: str,
    role: str,
    body: StatusUpdate,
    actor: Annotated[Actor, Depends(WRITERS)],
) -> TrackerRead:
    """Set one duty's status (to_do, in_progress, met with evidence, not_applicable with a
    reason); every problem is named at once."""
    given = StatusInput(**body.model_dump())

    def work(uow: UnitOfWork) -> object:
        return obligations.set_status(
            uow, actor=actor, slug=slug, code=code, role=role, given=given
        )

    await in_uow(request, work)
    return await _read(request, actor, slug)
