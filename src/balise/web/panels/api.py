"""Citizens' panels on the API: the published panels, as their public pages show them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from balise.domain.accounts.model import Actor
from balise.services import panels
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.panels.pages import public_view

router = APIRouter(tags=["panels"])


@router.get("/panels")
async def list_panels(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> dict[str, Any]:
    """Every panel whose commitment is published (newest first), with its public page."""

    def load(uow: UnitOfWork) -> list[dict[str, Any]]:
        return [
            {
                "slug": panel.slug,
                "title": panel.title,
                "state": panel.state.value,
                "size": panel.size,
                "url": f"/panels/{panel.slug}",
            }
            for panel in uow.panels.list_published()
        ]

    return {"panels": await in_uow(request, load, commit=False)}


@router.get("/panels/{slug}")
async def get_panel(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> dict[str, Any]:
    """A published panel: quotas met, chances, fairness figures, commitment, draw, files."""
    data = await in_uow(request, lambda uow: panels.public_panel(uow, slug=slug), commit=False)
    return public_view(data)
