"""The eco area on the API: a record's footprint, estimates, imported runs and the label rule."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.eco.label import load_label_rule
from balise.services import eco
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.eco.forms import statement_input
from balise.web.eco.schemas import (
    EstimateCreate,
    EstimateSpec,
    FootprintRead,
    ImportCreate,
    LabelRuleRead,
    StatementUpdate,
)
from balise.web.eco.views import footprint_page_view, label_rule_view

router = APIRouter(tags=["eco"])
WRITERS = Allow.only(Role.ADMIN, Role.EDITOR, Role.REVIEWER, scope=Scope.SYSTEMS_WRITE)


async def _read(request: Request, actor: Actor, slug: str) -> FootprintRead:
    page = await in_uow(
        request, lambda uow: eco.get_footprint(uow, actor=actor, slug=slug), commit=False
    )
    return FootprintRead(**footprint_page_view(page))


@router.get("/systems/{slug}/footprint", response_model=FootprintRead)
async def read_footprint(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> FootprintRead:
    """A record's footprint per phase, its figures per 1,000 decisions and its eco-label."""
    return await _read(request, actor, slug)


@router.put("/systems/{slug}/footprint/statement", response_model=FootprintRead)
async def put_statement(
    request: Request, slug: str, body: StatementUpdate, actor: Annotated[Actor, Depends(WRITERS)]
) -> FootprintRead:
    """Why AI is needed, the simpler alternative considered, the decisions expected."""
    given, expected = statement_input(body.model_dump())

    def work(uow: UnitOfWork) -> object:
        return eco.save_statement(
            uow, actor=actor, slug=slug, statement=given, expected_decisions=expected
        )

    await in_uow(request, work)
    return await _read(request, actor, slug)


@router.post("/systems/{slug}/footprint/estimates", response_model=FootprintRead)
async def post_estimate(
    request: Request, slug: str, body: EstimateCreate, actor: Annotated[Actor, Depends(WRITERS)]
) -> FootprintRead:
    """Replace a phase's figures with an estimate from the hardware and the hours."""
    values = {k: v for k, v in body.model_dump().items() if v is not None and k != "phase"}
    await in_uow(
        request,
        lambda uow: eco.estimate_part(uow, actor=actor, slug=slug, phase=body.phase, values=values),
    )
    return await _read(request, actor, slug)


@router.post("/systems/{slug}/footprint/imports", response_model=FootprintRead)
async def post_import(
    request: Request, slug: str, body: ImportCreate, actor: Annotated[Actor, Depends(WRITERS)]
) -> FootprintRead:
    """Replace a phase's figures with the runs of a CodeCarbon emissions.csv (all or nothing)."""
    await in_uow(
        request,
        lambda uow: eco.import_emissions(
            uow, actor=actor, slug=slug, phase=body.phase, data=body.csv, decisions=body.decisions
        ),
    )
    return await _read(request, actor, slug)


@router.delete("/systems/{slug}/footprint/parts/{phase}", status_code=204)
async def delete_part(
    request: Request, slug: str, phase: str, actor: Annotated[Actor, Depends(WRITERS)]
) -> Response:
    """Remove a phase's figures."""
    await in_uow(request, lambda uow: eco.remove_part(uow, actor=actor, slug=slug, phase=phase))
    return Response(status_code=204)


@router.get("/eco/label-rule", response_model=LabelRuleRead)
async def label_rule(actor: Annotated[Actor, Depends(Allow.everyone())]) -> LabelRuleRead:
    """The eco-label's grading rule in force: thresholds, version, date and rationale."""
    return LabelRuleRead(**label_rule_view(load_label_rule()))


@router.post("/eco/estimate")
async def estimate(
    request: Request, body: EstimateSpec, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> dict[str, Any]:
    """Estimate a footprint without storing it (the same document as `balise footprint
    estimate`)."""
    today = await in_uow(request, lambda uow: uow.clock.now().date(), commit=False)
    return eco.estimate_spec(body.model_dump(exclude_none=True), today=today)
