"""Organisations on the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.organisations.model import Contact, Organisation
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, LocalizedText, Message
from balise.services import organisations
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.organisations.pages import by_slug, history_of
from balise.web.organisations.views import organisation_view
from balise.web.schemas import (
    History,
    OrganisationCreate,
    OrganisationList,
    OrganisationRead,
    OrganisationUpdate,
)

router = APIRouter(tags=["organisations"])
# Fields an organisation cannot be without: null is not a value for them in a PATCH.
REQUIRED = ("slug", "name", "kind", "size_class", "sector", "contact")


async def in_uow_naming_body_fields(
    request: Request, work: Callable[[UnitOfWork], Organisation]
) -> Organisation:
    """Run a change, naming fields in errors as the body does (`contact.email`)."""
    try:
        return await in_uow(request, work)
    except ValidationError as error:
        raise ValidationError(
            {
                f"contact.{name.removeprefix('contact_')}"
                if name.startswith("contact_")
                else name: message
                for name, message in error.errors.items()
            }
        ) from None


def read(organisation: Organisation) -> OrganisationRead:
    return OrganisationRead.model_validate(organisation_view(organisation))


@router.get("/organisations", response_model=OrganisationList)
async def list_organisations(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> OrganisationList:
    """Every organisation, in order of their address."""
    found = await in_uow(request, lambda uow: uow.organisations.list_all(), commit=False)
    return OrganisationList(organisations=[read(o) for o in found])


@router.get("/organisations/{slug}", response_model=OrganisationRead)
async def get_organisation(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> OrganisationRead:
    return read(await in_uow(request, lambda uow: by_slug(uow, slug), commit=False))


@router.post("/organisations", response_model=OrganisationRead, status_code=201)
async def create_organisation(
    request: Request,
    body: OrganisationCreate,
    actor: Annotated[Actor, Depends(Allow.only(Role.ADMIN, scope=Scope.ORGANISATIONS_WRITE))],
) -> OrganisationRead:
    """Create an organisation (administrators; token scope organisations:write)."""

    def create(uow: UnitOfWork) -> Organisation:
        organisation = Organisation(
            slug=body.slug,
            name=LocalizedText.from_mapping(body.name.model_dump()),
            kind=body.kind,
            level=body.level,
            size_class=body.size_class,
            sector=body.sector,
            enterprise_number=body.enterprise_number,
            contact=Contact(**body.contact.model_dump()),
        )
        return organisations.create_organisation(uow, actor=actor, organisation=organisation)

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
        current = by_slug(uow, slug)
        assert current.id is not None
        given = body.model_dump(exclude_unset=True)
        nulls = sorted(key for key in REQUIRED if key in given and given[key] is None)
        if nulls:
            raise ValidationError({key: Message(N_("This value is not valid.")) for key in nulls})
        changed = replace(
            current,
            slug=given.get("slug", current.slug),
            name=LocalizedText.from_mapping({**current.name.as_dict(), **given["name"]})
            if "name" in given
            else current.name,
            kind=body.kind or current.kind,
            level=body.level or (current.level if body.kind is None else None),
            size_class=body.size_class or current.size_class,
            sector=body.sector or current.sector,
            enterprise_number=given.get("enterprise_number", current.enterprise_number),
            contact=replace(current.contact, **given["contact"])
            if "contact" in given
            else current.contact,
        )
        return organisations.update_organisation(
            uow, actor=actor, organisation_id=current.id, changes=changed
        )

    return read(await in_uow_naming_body_fields(request, update))


@router.get("/organisations/{slug}/history", response_model=History)
async def organisation_history(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> History:
    """The audit events of one organisation (administrators, regulators, its members)."""
    _, events = await in_uow(request, lambda uow: history_of(uow, actor, slug), commit=False)
    return History.model_validate({"events": events})
