"""Citizens' panels on the API: the published panels, as their public pages show them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from balise.domain.accounts.model import Actor, Scope
from balise.services import panels, panels_replacements
from balise.services.panels_composition import panel_composition
from balise.services.permissions import PANEL_ORGANISERS
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.panels import erasure_api, registration_api
from balise.web.panels.composition import composition_document
from balise.web.panels.schemas import ReplacementCreate
from balise.web.panels.views import panel_list_document, public_document

router = APIRouter(tags=["panels"])
router.include_router(registration_api.router)
router.include_router(erasure_api.router)


@router.get("/panels")
async def list_panels(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> dict[str, Any]:
    """Every panel whose commitment is published (newest first), with its public page."""
    found = await in_uow(request, panels.list_published_panels, commit=False)
    return panel_list_document(found)


@router.get("/panels/{slug}")
async def get_panel(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> dict[str, Any]:
    """A published panel: quotas met, chances, fairness figures, commitment, draw, files."""
    found = await in_uow(
        request, lambda uow: panels.get_public_panel(uow, actor=actor, slug=slug), commit=False
    )
    return public_document(found)


@router.post("/panels/{slug}/replacements", status_code=201)
async def replace_member(
    request: Request,
    slug: str,
    body: ReplacementCreate,
    actor: Annotated[Actor, Depends(Allow.only(*PANEL_ORGANISERS, scope=Scope.PANELS_WRITE))],
) -> dict[str, Any]:
    """Record that a member left a drawn panel; the replacement the published rule picks."""
    found = await in_uow(
        request,
        lambda uow: panels_replacements.replace_member(
            uow, actor=actor, slug=slug, dropped=body.dropped
        ),
    )
    return found.to_json()


@router.get("/panels/{slug}/composition")
async def get_composition(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> dict[str, Any]:
    """A drawn panel's composition: per criterion and value, target share, achieved share, count."""
    found = await in_uow(
        request, lambda uow: panel_composition(uow, actor=actor, slug=slug), commit=False
    )
    return composition_document(found)
