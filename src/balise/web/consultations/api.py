"""Consultations on the API: the list, one consultation with its answers, contributing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from balise.domain.accounts.model import Actor
from balise.domain.shared.i18n import Language
from balise.services import consultations
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.consultations.forms import contribution_input
from balise.web.consultations.schemas import (
    ConsultationList,
    ConsultationRead,
    ConsultationSummaryRead,
    ContributionCreate,
    ContributionCreated,
)
from balise.web.consultations.views import consultation_document, consultation_summary
from balise.web.paths import PathId

router = APIRouter(tags=["consultations"])


def erase_path(slug: str, contribution_id: int | None, secret: str) -> str | None:
    if not secret:
        return None
    return f"/consultations/{slug}/contributions/{contribution_id}/erase?key={secret}"


@router.get("/consultations", response_model=ConsultationList)
async def list_consultations(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> ConsultationList:
    """Public consultations (drafts too for their staff), with their counts of answers."""

    def load(uow: UnitOfWork) -> ConsultationList:
        found = consultations.list_consultations(uow, actor=actor)
        return ConsultationList(
            consultations=[
                ConsultationSummaryRead.model_validate(
                    consultation_summary(c, consultations.consultation_figures(uow, c))
                )
                for c in found
            ]
        )

    return await in_uow(request, load, commit=False)


@router.get("/consultations/{slug}", response_model=ConsultationRead)
async def get_consultation(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> ConsultationRead:
    """One consultation: its sections in four languages, published contributions and answers."""

    def load(uow: UnitOfWork) -> ConsultationRead:
        found = consultations.get_consultation(uow, actor=actor, slug=slug)
        assert found.id is not None
        published = consultations.list_contributions(uow, actor=Actor(), consultation=found)
        document = consultation_document(
            found,
            published,
            consultations.consultation_figures(uow, found),
            accepting=found.accepts_contributions(consultations.brussels_today(uow)),
        )
        return ConsultationRead.model_validate(document)

    return await in_uow(request, load, commit=False)


@router.post(
    "/consultations/{slug}/sections/{section_id}/contributions",
    response_model=ContributionCreated,
    status_code=201,
    responses={409: {"description": "The consultation does not take contributions now."}},
)
async def contribute(
    request: Request,
    slug: str,
    section_id: PathId,
    body: ContributionCreate,
    actor: Annotated[Actor, Depends(Allow.everyone())],
) -> ContributionCreated:
    """Comment on a section while the consultation is open; published after moderation."""
    given = contribution_input(body.model_dump(), default_language=Language.EN)
    done = await in_uow(
        request,
        lambda uow: consultations.contribute(
            uow, actor=actor, slug=slug, section_id=section_id, given=given
        ),
    )
    return ContributionCreated(
        id=done.contribution.id or 0,
        state=done.contribution.state.value,
        erase_url=erase_path(slug, done.contribution.id, done.secret),
    )
