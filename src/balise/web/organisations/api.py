"""Organisations on the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.organisations.model import Organisation
from balise.domain.shared.errors import ValidationError
from balise.services import organisations
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.organisations.forms import body_field_errors, merged, organisation_from_body
from balise.web.organisations.schemas import (
    History,
    OrganisationCreate,
    OrganisationList,
    OrganisationRead,
    OrganisationUpdate,
)
from balise.web.organisations.views import history_view, organisation_list_view, organisation_view

router = APIRouter(tags=["organisations"])


async def in_uow_naming_body_fields(
    request: Request, work: Callable[[UnitOfWork], Organisation]
) -> Organisation:
    """Run a change, naming fields in errors as the body does (`contact.email`)."""
    try:
        return await in_uow(request, work)
    except ValidationError as error:
        raise body_field_errors(error) from None


def read(organisation: Organisation) -> OrganisationRead:
    return OrganisationRead.model_validate(organisation_view(organisation))


@router.get("/organisations", response_model=OrganisationList)
async def list_organisations(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> OrganisationList:
    """Every organisation, in order of their address."""
    found = await in_uow(
        request, lambda uow: organisations.list_organisations(uow, actor=actor), commit=False
    )
    return OrganisationList.model_validate(organisation_list_view(found))


@router.get("/organisations/{slug}", response_model=OrganisationRead)
async def get_organisation(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> OrganisationRead:
    return read(
        await in_uow(
            request,
            lambda uow: organisations.get_organisation(uow, actor=actor, slug=slug),
            commit=False,
        )
    )


@router.post("/organisations", response_model=OrganisationRead, status_code=201)
async def create_organisation(
    request: Request,
    body: OrganisationCreate,
    actor: Annotated[Actor, Depends(Allow.only(Role.ADMIN, scope=Scope.ORGANISATIONS_WRITE))],
) -> OrganisationRead:
    """Create an organisation (administrators; token scope organisations:write)."""

    def create(uow: UnitOfWork) -> Organisation:
        return organisations.create_organisation(
            uow, actor=actor, organisation=organisation_from_body(body)
        )

    return read(await in_uow_naming_body_fields(request, create))


@router.patch("/organisations/{slug}", response_model=OrganisationRead)
async def update_organisation(
    request: Request,
    slug: str,
    body: OrganisationUpdate,
    actor: Annotated[
        Actor, Depends(Allow.only(Role.ADMIN, Role.EDITOR, scope=Scope.ORGANISATIONS_WRITE))
    ],
) -> OrganisationRead:
    """Change some fields (administrators, or editors of this organisation).

    `name` and `contact` are merged: languages and contact fields not given keep their value,
    and a language given as null is removed (JSON Merge Patch, RFC 7396).
    """

    def update(uow: UnitOfWork) -> Organisation:
        current = organisations.get_organisation(uow, actor=actor, slug=slug)
        assert current.id is not None
        return organisations.update_organisation(
            uow, actor=actor, organisation_id=current.id, changes=merged(current, body)
        )

    return read(await in_uow_naming_body_fields(request, update))


@router.get("/organisations/{slug}/history", response_model=History)
async def organisation_history(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> History:
    """The audit events of one organisation (administrators, regulators, its members)."""
    _, events = await in_uow(
        request,
        lambda uow: organisations.organisation_history(uow, actor=actor, slug=slug),
        commit=False,
    )
    return History.model_validate(history_view(events))
