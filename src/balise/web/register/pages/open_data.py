"""Open data: the whole register as JSON and CSV, its DCAT-AP description, and Annex VIII views."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse

from balise.domain.accounts.model import Actor
from balise.domain.observatory.open_data import dcat_dataset
from balise.domain.register.exports import CSV_FIELDS, SECTIONS
from balise.domain.register.standard import FIELDS_BY_NAME, Kind
from balise.services import register_exports
from balise.web.access import Allow, container_of
from balise.web.common import in_uow
from balise.web.rendering import render

router = APIRouter(include_in_schema=False)

JSON_LD = "application/ld+json"


def base_url(request: Request) -> str:
    return str(container_of(request).settings.base_url).rstrip("/")


@router.get("/open-data", response_class=HTMLResponse)
async def open_data_page(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    count, modified = await in_uow(request, register_exports.published_summary, commit=False)
    return render(
        request,
        "open_data/index.html",
        {"count": count, "modified": modified, "csv_fields": CSV_FIELDS, "kinds": Kind},
    )


@router.get("/open-data/systems.json")
async def systems_json(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> StreamingResponse:
    chunks = register_exports.json_chunks(container_of(request).uow, base_url=base_url(request))
    return StreamingResponse(chunks, media_type="application/json")


@router.get("/open-data/systems.csv")
async def systems_csv(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> StreamingResponse:
    chunks = register_exports.csv_chunks(container_of(request).uow, base_url=base_url(request))
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="balise-systems.csv"'},
    )


@router.get("/open-data/catalog.jsonld")
async def catalog_jsonld(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    document = await in_uow(
        request,
        lambda uow: register_exports.catalog(uow, base_url=base_url(request)),
        commit=False,
    )
    document["dcat:dataset"].append(dcat_dataset(base_url(request)))  # the observatory's files
    return Response(json.dumps(document, ensure_ascii=False, indent=2), media_type=JSON_LD)


async def annex_of(request: Request, slug: str) -> dict[str, Any]:
    document: dict[str, Any] = await in_uow(
        request,
        lambda uow: register_exports.annex_viii_of(uow, slug=slug, base_url=base_url(request)),
        commit=False,
    )
    return document


@router.get("/systems/{slug}/annex-viii.json")
async def annex_viii_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    return JSONResponse(await annex_of(request, slug))


@router.get("/systems/{slug}/annex-viii", response_class=HTMLResponse)
async def annex_viii_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    return render(
        request,
        "open_data/annex_viii.html",
        {
            "annex": await annex_of(request, slug),
            "specs": FIELDS_BY_NAME,
            "sections": SECTIONS,
            "kinds": Kind,
        },
    )
