"""The AI Act classifier on the API: classify (public), and store results on register records."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.aiact.questionnaire_records import StoredClassification
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_
from balise.services import aiact
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow

router = APIRouter(tags=["aiact"])


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError.single("date", N_("Give a date as YYYY-MM-DD.")) from None


@router.post("/aiact/classify")
async def classify(
    actor: Annotated[Actor, Depends(Allow.everyone())],
    facts: Annotated[
        dict[str, Any],
        Body(description="A facts document; its JSON Schema is `balise aiact schema`."),
    ],
    date: Annotated[
        str | None, Query(description="Evaluation date, YYYY-MM-DD (default: today).")
    ] = None,
    law: Annotated[
        str | None, Query(description="Law version: 2024 (as adopted) or 2026 (as amended).")
    ] = None,
) -> dict[str, Any]:
    """Classify a system or model under the AI Act: categories, obligations, dates and trace."""
    result = aiact.classify_facts(facts, on=parse_day(date), law=law)
    return result.as_dict()


@router.get("/aiact/timeline")
async def timeline(actor: Annotated[Actor, Depends(Allow.everyone())]) -> dict[str, Any]:
    """The dates of application of each version of the AI Act, with the article that sets them."""
    return aiact.timeline()


@router.get("/aiact/schema")
async def schema(actor: Annotated[Actor, Depends(Allow.everyone())]) -> dict[str, Any]:
    """The JSON Schema of facts documents."""
    return aiact.schema()


STORERS = (Role.ADMIN, Role.EDITOR, Role.REVIEWER)


def classification_document(stored: StoredClassification) -> dict[str, Any]:
    return {
        "id": stored.id,
        "law": stored.law,
        "law_requested": stored.law_requested,
        "ruleset_version": stored.ruleset_version,
        "evaluation_date": stored.evaluation_date.isoformat(),
        "created_by": stored.created_by_label,
        "created_at": stored.created_at.isoformat(),
        "facts": dict(stored.facts),
        "result": dict(stored.result),
    }


@router.post("/systems/{slug}/classifications", status_code=201)
async def store_classification(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.only(*STORERS, scope=Scope.SYSTEMS_WRITE))],
    facts: Annotated[
        dict[str, Any],
        Body(description="A facts document; its JSON Schema is `balise aiact schema`."),
    ],
    date: Annotated[
        str | None, Query(description="Evaluation date, YYYY-MM-DD (default: today).")
    ] = None,
    law: Annotated[
        str | None, Query(description="Law version: 2024 (as adopted) or 2026 (as amended).")
    ] = None,
) -> dict[str, Any]:
    """Classify the facts and store the result, immutable, on a register record."""
    day = parse_day(date)
    stored = await in_uow(
        request,
        lambda uow: aiact.store_classification(
            uow, actor=actor, slug=slug, facts=facts, on=day, law=law
        ),
    )
    return classification_document(stored)


@router.get("/systems/{slug}/classifications")
async def list_classifications(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> dict[str, Any]:
    """The classifications stored on a record, the most recent first, with what a re-run with
    the current rules would change in the latest one."""

    def load(uow: UnitOfWork) -> dict[str, Any]:
        record, found = aiact.classifications_of(uow, actor=actor, slug=slug)
        rerun = aiact.rerun_classification(found[0]).changes.as_dict() if found else None
        return {
            "system": record.slug,
            "classifications": [classification_document(stored) for stored in found],
            "rerun_changes": rerun,
        }

    return await in_uow(request, load, commit=False)
