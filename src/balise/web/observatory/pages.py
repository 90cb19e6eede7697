"""The observatory's pages: indicators with charts, definitions, open data, annual report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor, Role
from balise.i18n import using
from balise.services import jobs
from balise.services import observatory as service
from balise.services.permissions import can_take_observatory_snapshot
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import in_uow, see_other
from balise.web.observatory.forms import filters_of, year_of
from balise.web.observatory.views import (
    annual_json,
    annual_view,
    entry_json,
    entry_view,
    history_csv,
    indicators_csv,
    observatory_json,
    observatory_view,
    snapshots_json,
)
from balise.web.rendering import ENVIRONMENT, language_of, render

router = APIRouter(include_in_schema=False)
EVERYONE = Allow.everyone()
OVERSIGHT = Allow.only(Role.ADMIN, Role.REGULATOR)


def _query(request: Request) -> dict[str, str]:
    return dict(request.query_params)


async def _observatory(request: Request, actor: Actor) -> service.Observatory:
    filters = filters_of(_query(request))
    return await in_uow(
        request,
        lambda uow: service.get_observatory(uow, actor=actor, filters=filters),
        commit=False,
    )


@router.get("/observatory", response_class=HTMLResponse)
async def observatory_page(
    request: Request, actor: Annotated[Actor, Depends(EVERYONE)]
) -> HTMLResponse:
    found = await _observatory(request, actor)
    context: dict[str, Any] = observatory_view(found)
    today = found.as_of
    context.update(
        can_snapshot=can_take_observatory_snapshot(actor),
        years=list(range(today.year, today.year - 5, -1)),
    )
    return render(request, "observatory/index.html", context)


@router.get("/observatory.json")
async def observatory_document(
    request: Request, actor: Annotated[Actor, Depends(EVERYONE)]
) -> JSONResponse:
    return JSONResponse(observatory_json(await _observatory(request, actor)))


def _csv(text: str, name: str) -> Response:
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/observatory/indicators.csv")
async def indicators_file(request: Request, actor: Annotated[Actor, Depends(EVERYONE)]) -> Response:
    return _csv(indicators_csv(await _observatory(request, actor)), "observatory-indicators.csv")


@router.get("/observatory/history.csv")
async def history_file(request: Request, actor: Annotated[Actor, Depends(EVERYONE)]) -> Response:
    found = await in_uow(
        request, lambda uow: service.list_snapshots(uow, actor=actor), commit=False
    )
    return _csv(history_csv(found), "observatory-history.csv")


@router.get("/observatory/history.json")
async def history_document(
    request: Request, actor: Annotated[Actor, Depends(EVERYONE)]
) -> JSONResponse:
    found = await in_uow(
        request, lambda uow: service.list_snapshots(uow, actor=actor), commit=False
    )
    return JSONResponse(snapshots_json(found))


def _entry(uow: UnitOfWork, actor: Actor, code: str) -> service.Entry:
    return service.get_indicator(uow, actor=actor, code=code)


@router.get("/observatory/indicators/{code}.json")
async def indicator_document(
    request: Request, code: str, actor: Annotated[Actor, Depends(EVERYONE)]
) -> JSONResponse:
    entry = await in_uow(request, lambda uow: _entry(uow, actor, code), commit=False)
    return JSONResponse(entry_json(entry))


@router.get("/observatory/indicators/{code}", response_class=HTMLResponse)
async def indicator_page(
    request: Request, code: str, actor: Annotated[Actor, Depends(EVERYONE)]
) -> HTMLResponse:
    entry = await in_uow(request, lambda uow: _entry(uow, actor, code), commit=False)
    return render(request, "observatory/indicator.html", {"entry": entry_view(entry)})


async def _report(request: Request, actor: Actor) -> service.AnnualReport:
    def load(uow: UnitOfWork) -> service.AnnualReport:
        year = year_of(_query(request), uow.clock.now().year)
        return service.get_annual_report(uow, actor=actor, year=year)

    return await in_uow(request, load, commit=False)


@router.get("/observatory/report", response_class=HTMLResponse)
async def annual_report(
    request: Request, actor: Annotated[Actor, Depends(EVERYONE)]
) -> HTMLResponse:
    return render(request, "observatory/report.html", annual_view(await _report(request, actor)))


@router.get("/observatory/report.json")
async def annual_report_document(
    request: Request, actor: Annotated[Actor, Depends(EVERYONE)]
) -> JSONResponse:
    return JSONResponse(annual_json(await _report(request, actor)))


def render_pdf(html: str) -> bytes:
    from balise.web.pdf import pdf_from_html  # fetches no external URL

    return pdf_from_html(html)


@router.get("/observatory/report.pdf")
async def annual_report_pdf(
    request: Request, actor: Annotated[Actor, Depends(EVERYONE)]
) -> Response:
    report = await _report(request, actor)
    language = language_of(request)
    with using(language):
        html = ENVIRONMENT.get_template("observatory/report_print.html").render(
            language=language, **annual_view(report)
        )
    pdf = await run_in_threadpool(render_pdf, html)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="observatory-{report.year}.pdf"'},
    )


@router.post("/observatory/snapshot")
async def start_snapshot(
    request: Request, actor: Annotated[Actor, Depends(OVERSIGHT)]
) -> RedirectResponse:
    job = await in_uow(
        request,
        lambda uow: jobs.start_job(uow, actor=actor, kind=service.SNAPSHOT_JOB, params={}),
    )
    container_of(request).job_queue.enqueue(job.id, job.kind)
    return see_other(f"/jobs/{job.id}")
