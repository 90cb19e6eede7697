"""Eco pages: a record's footprint (statement, estimates, measured runs) and the label's guide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from babel.numbers import format_decimal
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor, Role
from balise.domain.eco.footprint import Footprint
from balise.domain.eco.label import load_label_rule
from balise.domain.eco.reference import load_reference
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import LANGUAGES, Language
from balise.services import eco
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import in_uow, see_other
from balise.web.eco.forms import (
    STATEMENT_FIELDS,
    estimate_values,
    import_file,
    statement_input,
    text_fields,
)
from balise.web.eco.views import (
    footprint_page_view,
    job_outcome,
    label_rule_view,
    phase_options,
    rows_of,
    summary_of,
)
from balise.web.jobs.views import status_labels
from balise.web.rendering import field_errors, language_name, language_of, render
from balise.web.uploads import UPLOAD, save_upload

router = APIRouter(include_in_schema=False)
WRITERS = Allow.only(Role.ADMIN, Role.EDITOR, Role.REVIEWER)
DONE = {"statement", "estimated", "imported", "removed"}


def footprint_context(uow: UnitOfWork, actor: Actor, slug: str, reader: Language) -> dict[str, Any]:
    page = eco.get_footprint(uow, actor=actor, slug=slug)
    reference = load_reference()
    return {
        "page": page,
        "record": page.record,
        "name": page.record.name_in(reader),
        "footprint": page.footprint,
        "rows": rows_of(page.footprint),
        "summary": summary_of(page.footprint),
        "phases": phase_options(),
        "cpu_options": [(model, model) for model in sorted(reference.cpus)],
        "gpu_options": [(model, model) for model in sorted(reference.gpus)],
        "grid_options": [
            (g.code, f"{g.name} ({format_decimal(g.g_per_kwh, locale=reader)} g/kWh, {g.year})")
            for g in sorted(reference.grids.values(), key=lambda g: g.name)
        ],
        "default_country": reference.default_country,
        "language_options": [(lang.value, language_name(lang.value, reader)) for lang in LANGUAGES],
    }


async def show(
    request: Request,
    actor: Actor,
    slug: str,
    *,
    form: str = "",
    values: dict[str, str] | None = None,
    error: ValidationError | None = None,
) -> HTMLResponse:
    reader = language_of(request)
    context = await in_uow(
        request, lambda uow: footprint_context(uow, actor, slug, reader), commit=False
    )
    footprint: Footprint = context["footprint"]
    statement = footprint.statement
    given = values or {}
    if form != "statement":
        given = {
            "why_ai": statement.why_ai,
            "alternative": statement.alternative,
            "language": statement.language.value,
            "expected_decisions": str(footprint.expected_decisions or ""),
            **given,
        }
    done = request.query_params.get("done", "")
    return render(
        request,
        "eco/footprint.html",
        {
            **context,
            "form": form,
            "values": given,
            "errors": field_errors(error.errors, reader) if error else {},
            "done": done if done in DONE else "",
        },
        status_code=422 if error else 200,
    )


@router.get("/register/{slug}/footprint", response_class=HTMLResponse)
async def footprint_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    return await show(request, actor, slug)


@router.get("/register/{slug}/footprint.json")
async def footprint_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> JSONResponse:
    page = await in_uow(
        request, lambda uow: eco.get_footprint(uow, actor=actor, slug=slug), commit=False
    )
    return JSONResponse(footprint_page_view(page))


async def change(
    request: Request,
    actor: Actor,
    slug: str,
    *,
    form: str,
    values: dict[str, str],
    work: Callable[[UnitOfWork], object],
    done: str,
) -> Response:
    try:
        await in_uow(request, work)
    except ValidationError as error:
        return await show(request, actor, slug, form=form, values=values, error=error)
    return see_other(f"/register/{slug}/footprint?done={done}#{form}")


@router.post("/register/{slug}/footprint/statement", response_model=None)
async def save_statement(
    request: Request, slug: str, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    values = text_fields(await request.form())
    kept = {k: values.get(k, "") for k in STATEMENT_FIELDS}
    try:
        given, expected = statement_input(values)
    except ValidationError as error:
        return await show(request, actor, slug, form="statement", values=kept, error=error)
    return await change(
        request,
        actor,
        slug,
        form="statement",
        values=kept,
        work=lambda uow: eco.save_statement(
            uow, actor=actor, slug=slug, statement=given, expected_decisions=expected
        ),
        done="statement",
    )


@router.post("/register/{slug}/footprint/estimate", response_model=None)
async def estimate(
    request: Request, slug: str, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    values = text_fields(await request.form())
    phase = values.get("phase", "")
    return await change(
        request,
        actor,
        slug,
        form="estimate",
        values=values,
        work=lambda uow: eco.estimate_part(
            uow, actor=actor, slug=slug, phase=phase, values=estimate_values(values)
        ),
        done="estimated",
    )


@router.post("/register/{slug}/footprint/import", response_model=None, dependencies=[UPLOAD])
async def import_runs(
    request: Request, slug: str, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    """Keep the uploaded emissions.csv and queue its import; the job's page shows its progress."""
    form = await request.form()
    values = text_fields(form)
    phase, decisions = values.get("phase", ""), values.get("decisions", "")
    container = container_of(request)
    try:
        errors = {}
        try:
            await in_uow(
                request,
                lambda uow: eco.check_import_request(
                    uow, actor=actor, slug=slug, phase=phase, decisions=decisions
                ),
                commit=False,
            )
        except ValidationError as error:
            errors.update(error.errors)
        try:
            upload = import_file(form)
        except ValidationError as error:
            errors.update(error.errors)
        if errors:
            raise ValidationError(errors)
        key = await save_upload(container, upload, suffix=".csv")
        try:
            job = await in_uow(
                request,
                lambda uow: eco.start_emissions_import(
                    uow, actor=actor, slug=slug, phase=phase, decisions=decisions, file_key=key
                ),
            )
        except BaseException:
            container.storage.delete(key)  # no job will ever read it
            raise
    except ValidationError as error:
        return await show(request, actor, slug, form="import", values=values, error=error)
    container.job_queue.enqueue(job.id, job.kind)
    return see_other(f"/register/{slug}/footprint/jobs/{job.id}")


def job_context(request: Request, actor: Actor, slug: str, job_id: str) -> Any:
    def load(uow: UnitOfWork) -> dict[str, Any]:
        job, current = eco.emissions_job(uow, actor=actor, job_id=job_id, slug=slug)
        return {"job": job, "slug": current, "labels": status_labels(), **job_outcome(job)}

    return in_uow(request, load, commit=False)


@router.get("/register/{slug}/footprint/jobs/{job_id}", response_class=HTMLResponse)
async def import_job_page(
    request: Request, slug: str, job_id: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    return render(request, "eco/job.html", await job_context(request, actor, slug, job_id))


@router.get("/register/{slug}/footprint/jobs/{job_id}/progress", response_class=HTMLResponse)
async def import_job_progress(
    request: Request, slug: str, job_id: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    return render(request, "eco/job_progress.html", await job_context(request, actor, slug, job_id))


@router.post("/register/{slug}/footprint/remove", response_model=None)
async def remove(
    request: Request, slug: str, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    values = text_fields(await request.form())
    return await change(
        request,
        actor,
        slug,
        form="figures",
        values={},
        work=lambda uow: eco.remove_part(
            uow, actor=actor, slug=slug, phase=values.get("phase", "")
        ),
        done="removed",
    )


# --- the guide ---------------------------------------------------------------------------------


@router.get("/eco/label", response_class=HTMLResponse)
async def label_guide(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    rule = load_label_rule()
    view = label_rule_view(rule)
    reader = language_of(request)
    rationale = view["rationale"].get(reader.value, view["rationale"]["en"])
    return render(
        request,
        "eco/label.html",
        {"rule": view, "rule_date": rule.date, "rationale": rationale},
    )


@router.get("/eco/label.json")
async def label_guide_json(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    return JSONResponse(label_rule_view(load_label_rule()))
