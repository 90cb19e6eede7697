"""The regulator's overview: one page that counts what waits across every organisation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from balise.domain.accounts.model import Actor, Role
from balise.services import oversight
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.oversight.views import overview_view
from balise.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)


@router.get("/regulator", response_class=HTMLResponse)
async def overview(
    request: Request, actor: Annotated[Actor, Depends(Allow.only(Role.REGULATOR))]
) -> HTMLResponse:
    language = language_of(request)
    found = await in_uow(
        request,
        lambda uow: oversight.regulator_overview(uow, actor=actor, language=language),
        commit=False,
    )
    return render(request, "oversight/overview.html", overview_view(found, language))
