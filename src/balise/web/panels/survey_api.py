"""The panels' before/after questionnaire on the API: its results, public once it is closed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from balise.domain.accounts.model import Actor
from balise.services import panels_survey
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.panels.survey_views import survey_document

router = APIRouter(tags=["panels"])


@router.get("/panels/{slug}/survey")
async def get_survey(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> dict[str, Any]:
    """A panel's before/after questionnaire once closed: per item, the means before and after of
    the members who answered both (`n`), the mean change with its 95 % confidence interval, and
    the distributions of answers. Items with fewer than `min_paired` pairs are withheld (null
    figures). Not found before the "after" phase closes."""
    found = await in_uow(
        request,
        lambda uow: panels_survey.published_survey(uow, actor=actor, slug=slug),
        commit=False,
    )
    return survey_document(found)
