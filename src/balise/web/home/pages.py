"""The home page, the pages about Balise itself, "my work", the language switch and the health
check."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from balise.domain.accounts.model import Actor
from balise.domain.register.standard import CHOICES
from balise.domain.shared.i18n import Language
from balise.i18n import gettext
from balise.services import accounts, home
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import form_of, in_uow, local_path, see_other
from balise.web.home.contact import contact_view
from balise.web.home.views import (
    ACCESSIBILITY_STATEMENT,
    MODULES,
    figures_view,
    privacy_view,
    work_view,
)
from balise.web.middleware import LANGUAGE_COOKIE
from balise.web.register.page_views import listed
from balise.web.rendering import Fields, language_of, render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def home_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    language = language_of(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        figures = home.key_figures(uow, actor=actor, language=language)
        today = uow.clock.now().date()
        latest = home.latest_systems(uow, actor=actor, language=language)
        return {
            "figures": figures_view(figures),
            "modules": MODULES,
            "latest": [
                Fields(listed(hit, today, language), published_on=hit.published_at.date())
                for hit in latest
            ],
            "risk_labels": {v: gettext(label) for v, label in CHOICES["risk_category"]},
        }

    return render(request, "home/index.html", await in_uow(request, load, commit=False))


@router.get("/about", response_class=HTMLResponse)
async def about(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    context = {"modules": MODULES, "contact_email": container_of(request).settings.contact_email}
    return render(request, "home/about.html", context)


@router.get("/privacy", response_class=HTMLResponse)
async def privacy(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    return render(request, "home/privacy.html", privacy_view(container_of(request).settings))


@router.get("/accessibility", response_class=HTMLResponse)
async def accessibility(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    context = {
        "statement": ACCESSIBILITY_STATEMENT,
        "contact_email": contact_view(container_of(request).settings)["accessibility_email"],
    }
    return render(request, "home/accessibility.html", context)


@router.get("/contact", response_class=HTMLResponse)
async def contact(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    return render(request, "home/contact.html", contact_view(container_of(request).settings))


@router.get("/my-work", response_class=HTMLResponse)
async def my_work(
    request: Request, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    found = await in_uow(request, lambda uow: home.my_work(uow, actor=actor), commit=False)
    return render(request, "home/my_work.html", work_view(found))


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
