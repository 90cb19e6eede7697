"""An organisation's settings for monitoring: the legal basis of its requests' deadlines."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from balise.domain.accounts.model import Actor, Role
from balise.domain.monitoring.deadlines import RequestBasis
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Language
from balise.i18n import gettext
from balise.services import monitoring
from balise.services.organisations import get_organisation
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import form_of, in_uow
from balise.web.forms_flow import run_form
from balise.web.monitoring.pages.shared import form_again, page
from balise.web.rendering import language_of

router = APIRouter(include_in_schema=False)

# Whoever may edit the organisation (its editors, administrators) chooses; the service decides.
ORGANISATION_EDITORS = Allow.only(Role.ADMIN, Role.EDITOR)

BASIS_LABELS: dict[RequestBasis, str] = {
    RequestBasis.GDPR: N_(
        "The GDPR: one month, extendable by two further months with reasons given within the "
        "first month"
    ),
    RequestBasis.PUBLICITY_1994: N_(
        "The law of 11 April 1994 on the publicity of administration: thirty days, deferrable "
        "by fifteen days with reasons"
    ),
}


def organisation_id_of(uow: UnitOfWork, actor: Actor, slug: str) -> int:
    found = get_organisation(uow, actor=actor, slug=slug)
    assert found.id is not None
    return found.id


def basis_context(
    uow: UnitOfWork,
    actor: Actor,
    slug: str,
    language: Language,
    values: dict[str, str],
    errors: dict[str, str],
) -> dict[str, Any]:
    setting = monitoring.get_request_basis_setting(
        uow, actor=actor, organisation_id=organisation_id_of(uow, actor, slug)
    )
    today = uow.clock.now().date()
    name = setting.organisation.name.in_language(language)
    return {
        "slug": slug,
        "organisation_name": name.text if name else slug,
        "current": values.get("basis", setting.basis.value),
        "choices": [
            (basis.value, gettext(BASIS_LABELS[basis]), monitoring.basis_article(basis, today))
            for basis in RequestBasis
        ],
        "errors": errors,
    }


def basis_of(form: dict[str, str]) -> RequestBasis:
    try:
        return RequestBasis(form.get("basis", ""))
    except ValueError:
        raise ValidationError.single("basis", N_("Choose one of the options.")) from None


@router.get("/monitoring/organisations/{slug}/request-basis", response_class=HTMLResponse)
async def request_basis_form(
    request: Request, slug: str, actor: Annotated[Actor, Depends(ORGANISATION_EDITORS)]
) -> HTMLResponse:
    language = language_of(request)
    context = await in_uow(
        request, lambda uow: basis_context(uow, actor, slug, language, {}, {}), commit=False
    )
    context["saved"] = request.query_params.get("saved") == "1"
    return page(request, "monitoring/request_basis.html", context)


@router.post("/monitoring/organisations/{slug}/request-basis", response_model=None)
async def choose_request_basis(
    request: Request, slug: str, actor: Annotated[Actor, Depends(ORGANISATION_EDITORS)]
) -> Response:
    form = await form_of(request)
    language = language_of(request)

    def again(uow: UnitOfWork, errors: dict[str, str]) -> dict[str, Any]:
        return basis_context(uow, actor, slug, language, form, errors)

    return await run_form(
        request,
        lambda uow: monitoring.choose_request_basis(
            uow,
            actor=actor,
            organisation_id=organisation_id_of(uow, actor, slug),
            basis=basis_of(form),
        ),
        success=lambda _: f"/monitoring/organisations/{slug}/request-basis?saved=1",
        refuse=form_again(request, "monitoring/request_basis.html", again),
    )
