"""The guichet on the API: published guides by obligation, the FAQ, asking a question."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor
from balise.domain.shared.i18n import Language
from balise.services import guichet
from balise.services.ports import OutgoingMail, UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.common import in_uow
from balise.web.guichet.forms import question_input
from balise.web.guichet.schemas import (
    FaqList,
    FaqRead,
    GuideList,
    GuideRead,
    QuestionCreate,
    QuestionCreated,
)
from balise.web.guichet.views import faq_view, guide_api

router = APIRouter(tags=["guichet"])


async def send_after_commit(request: Request, mails: list[OutgoingMail]) -> None:
    """E-mails leave only once the transaction has committed."""
    mailer = container_of(request).mailer
    for mail in mails:
        await run_in_threadpool(mailer.send, mail)


@router.get("/guides", response_model=GuideList)
async def list_guides(
    request: Request,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    obligation: Annotated[str, Query(max_length=60)] = "",
) -> GuideList:
    """The published guides and templates, or those that explain one AI Act obligation code."""

    def load(uow: UnitOfWork) -> GuideList:
        found = guichet.published_guides(uow, obligation=obligation.strip())
        return GuideList(guides=[GuideRead.model_validate(guide_api(g)) for g in found])

    return await in_uow(request, load, commit=False)


@router.get("/guides/{guide_code}", response_model=GuideRead)
async def get_guide(
    request: Request, guide_code: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> GuideRead:
    """One published guide, every language in Markdown."""

    def load(uow: UnitOfWork) -> GuideRead:
        return GuideRead.model_validate(guide_api(guichet.published_guide(uow, code=guide_code)))

    return await in_uow(request, load, commit=False)


@router.get("/faq", response_model=FaqList)
async def list_faq(
    request: Request,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    obligation: Annotated[str, Query(max_length=60)] = "",
) -> FaqList:
    """Answered questions made public with their asker's consent."""

    def load(uow: UnitOfWork) -> FaqList:
        found = guichet.faq_entries(uow, obligation=obligation.strip())
        return FaqList(entries=[FaqRead.model_validate(faq_view(q)) for q in found])

    return await in_uow(request, load, commit=False)


@router.post("/questions", response_model=QuestionCreated, status_code=201)
async def ask_question(
    request: Request, body: QuestionCreate, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> QuestionCreated:
    """Ask the regulator's desk a question about the AI Act; keep the follow-up link."""
    given = question_input(
        body.model_dump(), default_language=Language.EN, signed_in=actor.user is not None
    )
    base_url = container_of(request).settings.base_url
    asked = await in_uow(
        request,
        lambda uow: guichet.ask_question(uow, actor=actor, given=given, base_url=base_url),
    )
    await send_after_commit(request, asked.mails)
    return QuestionCreated(
        reference=asked.question.reference,
        due_on=asked.question.due_on.isoformat(),
        follow_up_url=asked.follow_up_url,
    )
