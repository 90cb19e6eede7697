"""/api/docs: the JSON API's reference, from Balise's own origin, without scripts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from balise.domain.accounts.model import Actor
from balise.web.access import Allow
from balise.web.apidocs.views import api_reference
from balise.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/api/docs", response_class=HTMLResponse)
async def api_docs(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    return render(request, "apidocs/index.html", {"groups": api_reference(request.app.openapi())})
