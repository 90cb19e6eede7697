"""The home page, the language switch and the health check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from balise.domain.accounts.model import Actor
from balise.domain.shared.i18n import Language
from balise.services import accounts
from balise.web.access import Allow
from balise.web.common import form_of, in_uow, local_path, see_other
from balise.web.middleware import LANGUAGE_COOKIE
from balise.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    return render(request, "home.html")


@router.get("/healthz")
async def health(actor: Annotated[Actor, Depends(Allow.everyone())]) -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.post("/language")
async def choose_language(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> RedirectResponse:
    form = await form_of(request)
    try:
        language = Language(form.get("language", ""))
    except ValueError:
        return see_other(local_path(form.get("next")))
    if actor.user is not None:
        await in_uow(
            request, lambda uow: accounts.set_language(uow, actor=actor, language=language)
        )
    response = see_other(local_path(form.get("next")))
    response.set_cookie(
        LANGUAGE_COOKIE,
        language.value,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=request.app.state.container.settings.secure_cookies,
    )
    return response
