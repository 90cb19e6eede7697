"""The public portal: search the register, read a system's page, its versions and changes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.register.search import COUNT_CAP, Order
from balise.domain.shared.errors import NotFound
from balise.domain.shared.i18n import N_, Message
from balise.i18n import gettext
from balise.services import assessments, audits, register
from balise.services.ports import UnitOfWork
from balise.web.access import CSRF_COOKIE, Allow
from balise.web.common import in_uow
from balise.web.eco import views as eco_views
from balise.web.obligations import views as obligations_views
from balise.web.page_cache import TOKEN_PLACEHOLDER, PageCache, with_token
from balise.web.register.forms import MAX_PAGE, page_number, read_filters
from balise.web.register.page_views import (
    compare_context,
    filter_fields,
    listed,
    result_items,
    system_page_context,
    versions_context,
)
from balise.web.register.views import PAGE_SIZE, Results, public_system_document
from balise.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)


SORT_LABELS = (
    (Order.RELEVANCE, N_("Relevance")),
    (Order.NAME, N_("Name")),
    (Order.RECENT, N_("Most recently published")),
)


def sort_order(value: str | None) -> Order:
    """The order asked for in the address; an unknown one is ignored, as a filter's is."""
    try:
        return Order(value or Order.RELEVANCE)
    except ValueError:
        return Order.RELEVANCE


async def run_search(request: Request, actor: Actor) -> Results:
    raw = dict(request.query_params)
    query = (raw.get("q") or "").strip()[:200]
    page = page_number(raw.get("page"))
    order = sort_order(raw.get("sort"))
    language = language_of(request)

    def load(uow: UnitOfWork) -> Results:
        filters, in_effect = read_filters(uow, actor, raw, strict=False)
        found = register.search_portal(
            uow,
            actor=actor,
            query=query,
            filters=filters,
            language=language,
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
            order=order,
        )
        return Results(
            query,
            in_effect,
            page,
            found,
            uow.clock.now().date(),
            register.portal_organisations(uow),
            order,
        )

    return await in_uow(request, load, commit=False)


async def cached(
    request: Request, actor: Actor, build: Callable[[str | None], Awaitable[Response]]
) -> Response:
    """An anonymous reader's page from the cache while the portal has not changed."""
    cache: PageCache[bytes] = request.app.state.page_cache
    if actor.user is not None or not cache.max_entries:  # BALISE_PORTAL_CACHE_ENTRIES=0
        return await build(None)
    generation, today = await in_uow(
        request,
        lambda uow: (register.portal_generation(uow), uow.clock.now().date()),
        commit=False,
    )
    key = (generation, today, language_of(request), request.url.path, request.url.query)
    page = cache.get(key)
    media_type = "application/json" if request.url.path.endswith(".json") else "text/html"
    if page is None:
        response = await build(TOKEN_PLACEHOLDER)
        page = bytes(response.body)
        if response.status_code != 200:
            token = request.cookies.get(CSRF_COOKIE, "")
            return Response(with_token(page, token), response.status_code, media_type=media_type)
        cache.put(key, page)
    token = request.cookies.get(CSRF_COOKIE, "")
    return Response(with_token(page, token), media_type=f"{media_type}; charset=utf-8")


@router.get("/systems", response_class=HTMLResponse)
async def systems(request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]) -> Response:
    return await cached(request, actor, lambda token: search_page(request, actor, token))


async def search_page(request: Request, actor: Actor, token: str | None) -> Response:
    results = await run_search(request, actor)
    reader = language_of(request)
    systems = [listed(hit, results.today, reader) for hit in results.found.hits]
    return render(
        request,
        "portal/search.html",
        {
            "results": results,
            "filters": filter_fields(results.organisations, reader, results.filters),
            "count_cap": COUNT_CAP,
            "max_page": MAX_PAGE,
            "systems": systems,
            "results_html": result_items(systems),
            "sort_options": [(order.value, gettext(label)) for order, label in SORT_LABELS],
        },
        csrf_token=token,
    )


@router.get("/systems.json")
async def systems_json(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    async def build(token: str | None) -> Response:
        return JSONResponse((await run_search(request, actor)).as_json())

    return await cached(request, actor, build)


@router.get("/systems/{slug}.json")
async def system_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        return public_system_document(uow, register.get_portal_entry(uow, actor=actor, slug=slug))

    return JSONResponse(await in_uow(request, load, commit=False))


@router.get("/systems/{slug}", response_class=HTMLResponse)
async def system_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    reader = language_of(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        hit = register.get_portal_entry(uow, actor=actor, slug=slug)
        return {
            **system_page_context(hit, reader, uow.clock.now().date()),
            "audit_reports": audits.public_reports_for_system(uow, hit.system_id),
            "assessments": assessments.public_assessments_for_system(uow, hit.system_id),
            **eco_views.portal_context(uow, hit.system_id),
            **obligations_views.portal_context(uow, hit.system_id, reader.value),
        }

    return render(request, "portal/system.html", await in_uow(request, load, commit=False))


@router.get("/systems/{slug}/versions", response_class=HTMLResponse)
async def versions_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    reader = language_of(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = register.history(uow, actor=actor, slug=slug)
        return versions_context(found, slug, reader)

    return render(request, "portal/versions.html", await in_uow(request, load, commit=False))


@router.get("/systems/{slug}/compare", response_class=HTMLResponse)
async def compare_page(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    before: Annotated[int | None, Query(alias="from", ge=1)] = None,
    after: Annotated[int | None, Query(alias="to", ge=1)] = None,
) -> HTMLResponse:
    reader = language_of(request)

    def load(uow: UnitOfWork) -> dict[str, Any]:
        found = register.history(uow, actor=actor, slug=slug)
        if not found.versions:
            raise NotFound(Message(N_("There is no such version.")))
        to = after or found.versions[0].number
        since = before or max(1, to - 1)
        changes = register.compare_versions(uow, actor=actor, slug=slug, before=since, after=to)
        return compare_context(found, slug, since, to, changes, reader)

    return render(request, "portal/compare.html", await in_uow(request, load, commit=False))
