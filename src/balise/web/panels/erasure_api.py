"""Erasing a member's participation on the API: the members' requests, and carrying one out.

The same service functions as the registrations page (`services.panels_members`): the requests
are read from the panel's history, and an erasure cuts the member's votes and questionnaire
answers from them without moving any published result. For the panel's organisers; a token
needs the `panels:write` scope, as for every organiser's action on a panel.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from balise.domain.accounts.model import Actor, Scope
from balise.domain.shared.errors import NotFound, ValidationError
from balise.services import panels_members
from balise.services.permissions import PANEL_ORGANISERS
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.panels.schemas import (
    ErasureRequestRead,
    ErasureRequestsRead,
    ParticipationErasureRead,
)

router = APIRouter(tags=["panels"])

MemberId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=120,
        description="The member's pseudonymous id, as the erasure requests and the draw name it.",
    ),
]


def requests_document(slug: str, found: list[panels_members.ErasureRequest]) -> ErasureRequestsRead:
    """The API's document, which `balise panel erasure-requests --format json` prints too."""
    return ErasureRequestsRead(
        panel=slug,
        requests=[ErasureRequestRead.model_validate(asked.to_json()) for asked in found],
    )


@router.get("/panels/{slug}/erasure-requests", response_model=ErasureRequestsRead)
async def list_erasure_requests(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.only(*PANEL_ORGANISERS))],
) -> ErasureRequestsRead:
    """The members' requests to erase their participation, oldest first: the member's
    pseudonymous id, when they asked, and when the organisers carried it out (`status`
    `pending` or `erased`). A member who asks again after an erasure has a pending request
    again. For the panel's organisers; a token needs the `panels:write` scope too."""
    found = await in_uow(
        request,
        lambda uow: panels_members.erasure_requests(uow, actor=actor, slug=slug),
        commit=False,
    )
    return requests_document(slug, found)


def erase(uow: UnitOfWork, actor: Actor, slug: str, person_id: str) -> ParticipationErasureRead:
    try:
        done = panels_members.erase_member_participation(
            uow, actor=actor, slug=slug, person_id=person_id
        )
    except ValidationError as error:
        # The only field is the path's member id: a member the panel does not have.
        raise NotFound(error.message) from error
    return ParticipationErasureRead(panel=slug, member=person_id.strip(), **done.to_json())


@router.post(
    "/panels/{slug}/members/{person_id}/erasure",
    response_model=ParticipationErasureRead,
    responses={
        404: {"description": "No such panel, or no member or volunteer with this id on it."},
        409: {
            "description": "The member's participation is already erased, they have not asked "
            "again since, and nothing of theirs is left to erase."
        },
    },
)
async def erase_participation(
    request: Request,
    slug: str,
    person_id: MemberId,
    actor: Annotated[Actor, Depends(Allow.only(*PANEL_ORGANISERS, scope=Scope.PANELS_WRITE))],
) -> ParticipationErasureRead:
    """Erase a member's participation, on their request or on the organisers' initiative.
    Votes on a message whose vote is closed keep their choice (the published counts do not
    move) under a random name, without their reason; other votes are deleted. Answers to a
    closed questionnaire stay under a random name (its published results do not move); answers
    to one still running are deleted. The answer gives the four counts; a pending request of the
    member is then shown as carried out. The member's registration is not touched."""
    return await in_uow(request, lambda uow: erase(uow, actor, slug, person_id))
