"""The AI Act classifier on the API: public, stateless, the same document as the command line."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query

from balise.domain.accounts.model import Actor
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_
from balise.services import aiact
from balise.web.access import Allow

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
