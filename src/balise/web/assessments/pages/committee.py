"""The ethics committee's pages: take for review, vote, return with comments, issue the opinion
(with several conditions at once); the committees and their members."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.assessments.model import Gender, MemberRole
from balise.services import assessments, permissions
from balise.services.ports import UnitOfWork
from balise.web.assessments import forms
from balise.web.assessments.pages.common import (
    ADMINS,
    SIGNED_IN,
    Errors,
    Form,
    act,
    page,
    show,
    submit_form,
)
from balise.web.assessments.views import committee_view
from balise.web.labels import options
from balise.web.paths import PathId

router = APIRouter(include_in_schema=False)


@router.post("/assessments/{assessment_id}/review", response_model=None)
async def review(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    return await act(request, actor, assessment_id, assessments.start_review)


@router.post("/assessments/{assessment_id}/vote", response_model=None)
async def vote(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        assessments.cast_vote,
        lambda form: {"choice": form.get("choice", ""), "reason": form.get("reason", "")},
    )


@router.post("/assessments/{assessment_id}/return", response_model=None)
async def send_back(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    return await act(
        request,
        actor,
        assessment_id,
        assessments.return_assessment,
        lambda form: {"comments": forms.comments_of(form)},
    )


@router.post("/assessments/{assessment_id}/opinion", response_model=None)
async def opinion(
    request: Request, assessment_id: PathId, actor: Annotated[Actor, Depends(SIGNED_IN)]
) -> Response:
    """The opinion with its conditions, all at once: every error listed, nothing written until
    all is right. "More condition rows" shows the form again with more rows, writing nothing."""
    form = await request.form()
    if form.get("more_conditions"):
        typed = {k: v for k, v in form.items() if isinstance(v, str)}
        return await show(request, actor, assessment_id, form=typed)
    return await act(
        request,
        actor,
        assessment_id,
        assessments.issue_opinion,
        lambda form: {"draft": forms.opinion_of(form)},
    )


# --- committees -------------------------------------------------------------------------------


async def show_committees(
    request: Request,
    actor: Actor,
    errors: Errors | None = None,
    form: Form | None = None,
    status_code: int = 200,
    *,
    failed: str = "",
) -> HTMLResponse:
    def read(uow: UnitOfWork) -> dict[str, Any]:
        found = assessments.committees_of(uow, actor=actor)
        return {
            "committees": found,
            "documents": {c.slug: committee_view(c) for c in found},
            "can_manage": permissions.can_manage_committees(actor),
            "roles": options(MemberRole),
            "genders": options(Gender),
            "failed": failed,
        }

    return await page(
        request,
        "assessments/committees.html",
        read,
        errors=errors,
        form=form,
        status_code=status_code,
    )


def committees_again(
    request: Request, actor: Actor, failed: str
) -> Callable[[Errors, Form], Awaitable[Response]]:
    async def again(errors: Errors, form: Form) -> Response:
        return await show_committees(request, actor, errors, form, 422, failed=failed)

    return again


@router.get("/committees", response_class=HTMLResponse)
async def committees(request: Request, actor: Annotated[Actor, Depends(SIGNED_IN)]) -> HTMLResponse:
    return await show_committees(request, actor)


@router.post("/committees", response_model=None)
async def create_committee(request: Request, actor: Annotated[Actor, Depends(ADMINS)]) -> Response:
    def work(uow: UnitOfWork, form: Form) -> Any:
        quorum = form.get("quorum", "3")
        return assessments.create_committee(
            uow,
            actor=actor,
            slug=form.get("slug", ""),
            name=forms.texts_of(form, "name"),
            organisation=form.get("organisation", ""),
            quorum=int(quorum) if quorum.isdigit() else 0,
            max_gender_share=form.get("max_gender_share", "2/3") or "2/3",
        )

    return await submit_form(
        request, work, then=lambda _: "/committees", again=committees_again(request, actor, "new")
    )


@router.post("/committees/{slug}/members", response_model=None)
async def add_member(
    request: Request, slug: str, actor: Annotated[Actor, Depends(ADMINS)]
) -> Response:
    return await submit_form(
        request,
        lambda uow, form: assessments.add_member(
            uow,
            actor=actor,
            committee=slug,
            email=form.get("email", ""),
            role=form.get("role", ""),
            gender=form.get("gender", "undisclosed"),
            conflicts=[s for s in form.get("conflicts", "").split(",") if s.strip()],
        ),
        then=lambda _: "/committees",
        again=committees_again(request, actor, slug),
    )
