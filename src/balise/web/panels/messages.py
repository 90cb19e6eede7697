"""The panels' messages: organisers enter them and run the votes, members vote, the public reads
the results, the annex of reasons and the follow-up once a vote is closed (issue 14).

Thin routes: parse the form (`messages_forms`), call one service (`services.panels_messages`),
render a template or the JSON document the API gives too.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from balise.domain.accounts.model import Actor
from balise.domain.panels.members import PanelMember
from balise.domain.panels.messages import FollowUpStatus, VoteState
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_
from balise.domain.shared.votes import Choice
from balise.i18n import using
from balise.services import panels_messages as service
from balise.services.panels_messages import MessagesBoard
from balise.services.permissions import PANEL_ORGANISERS
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.audits.charts import BarChart, BarRow, bar_chart
from balise.web.common import form_of, in_uow
from balise.web.forms_flow import errors_of, run_form
from balise.web.panels.membership import require_member
from balise.web.panels.messages_forms import (
    localized,
    parse_answered_on,
    parse_message,
    parse_message_id,
    parse_threshold,
)
from balise.web.paths import PathId
from balise.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)
ORGANISERS = Allow.only(*PANEL_ORGANISERS)

CHOICE_LABELS = {
    Choice.FOR: N_("Accept"),
    Choice.AGAINST: N_("Against"),
    Choice.ABSTAIN: N_("Abstain"),
}
STATE_LABELS = {
    VoteState.DRAFT: N_("Draft"),
    VoteState.OPEN: N_("Vote open"),
    VoteState.CLOSED: N_("Vote closed"),
}
STATUS_LABELS = {
    FollowUpStatus.PENDING: N_("Pending"),
    FollowUpStatus.ACCEPTED: N_("Accepted"),
    FollowUpStatus.PARTLY_ACCEPTED: N_("Partly accepted"),
    FollowUpStatus.REJECTED: N_("Rejected"),
}
NOTICES = {
    "added": N_("The message was added."),
    "revised": N_("The message was saved."),
    "rule": N_("The adoption rule was saved."),
    "opened": N_("The vote is open."),
    "closed": N_("The vote is closed: the results are public."),
    "follow-up": N_("The follow-up is published."),
    "voted": N_("Your vote is recorded. You can change it until the vote closes."),
}


def labels() -> dict[str, Any]:
    return {
        "choice_labels": CHOICE_LABELS,
        "state_labels": STATE_LABELS,
        "status_labels": STATUS_LABELS,
        "notices": NOTICES,
        "statuses": list(FollowUpStatus),
        "choices": list(Choice),
        "VoteState": VoteState,
    }


def results_chart(board: MessagesBoard) -> BarChart:
    """One bar per closed message: its share of votes for, the red mark the threshold."""
    return bar_chart(
        [
            BarRow(
                label=f"{view.message.position}. {view.message.theme}".strip(),
                value=None if view.result.share is None else float(view.result.share),
                reference=board.threshold.percent / 100,
            )
            for view in board.messages
            if view.message.state is VoteState.CLOSED
        ]
    )


def board_document(board: MessagesBoard) -> list[dict[str, Any]]:
    """`GET /api/v1/panels/{slug}/messages` and `/panels/{slug}/messages.json`."""
    return [view.public_json() for view in board.messages if view.message.state is VoteState.CLOSED]


# --- Organisers ----------------------------------------------------------------------------------


async def manage_page(
    request: Request,
    actor: Actor,
    slug: str,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    board = await in_uow(
        request, lambda uow: service.organiser_messages(uow, actor=actor, slug=slug), commit=False
    )
    return render(
        request,
        "panels/messages/manage.html",
        {
            **labels(),
            "board": board,
            "panel": board.panel,
            "errors": errors or {},
            "values": values or {"threshold": str(board.threshold.percent)},
            "notice": request.query_params.get("done", ""),
        },
        status_code=status_code,
    )


async def organiser_step(
    request: Request, actor: Actor, slug: str, work: Any, form: dict[str, str], done: str
) -> Response:
    async def again(error: ValidationError) -> Response:
        return await manage_page(
            request, actor, slug, errors=errors_of(request, error), values=form, status_code=422
        )

    return await run_form(
        request, work, success=lambda _: f"/panels/{slug}/messages/manage?done={done}", refuse=again
    )


@router.get("/panels/{slug}/messages/manage", response_class=HTMLResponse)
async def manage(
    request: Request, slug: str, actor: Annotated[Actor, Depends(ORGANISERS)]
) -> HTMLResponse:
    return await manage_page(request, actor, slug)


@router.post("/panels/{slug}/messages/new", response_model=None)
async def add_message(
    request: Request, slug: str, actor: Annotated[Actor, Depends(ORGANISERS)]
) -> Response:
    form = await form_of(request)

    def work(uow: UnitOfWork) -> object:
        given = parse_message(form)
        return service.add_message(
            uow,
            actor=actor,
            slug=slug,
            text=given.text,
            theme=given.theme,
            position=given.position,
        )

    return await organiser_step(request, actor, slug, work, form, "added#messages")


@router.post("/panels/{slug}/messages/rule", response_model=None)
async def set_rule(
    request: Request, slug: str, actor: Annotated[Actor, Depends(ORGANISERS)]
) -> Response:
    form = await form_of(request)
    return await organiser_step(
        request,
        actor,
        slug,
        lambda uow: service.set_threshold(
            uow, actor=actor, slug=slug, threshold=parse_threshold(form)
        ),
        form,
        "rule#rule",
    )


@router.post("/panels/{slug}/messages/open", response_model=None)
async def open_votes(
    request: Request, slug: str, actor: Annotated[Actor, Depends(ORGANISERS)]
) -> Response:
    form = await form_of(request)
    return await organiser_step(
        request,
        actor,
        slug,
        lambda uow: service.open_votes(
            uow, actor=actor, slug=slug, message_id=parse_message_id(form.get("message", ""))
        ),
        form,
        "opened#messages",
    )


@router.post("/panels/{slug}/messages/close", response_model=None)
async def close_votes(
    request: Request, slug: str, actor: Annotated[Actor, Depends(ORGANISERS)]
) -> Response:
    form = await form_of(request)
    return await organiser_step(
        request,
        actor,
        slug,
        lambda uow: service.close_votes(
            uow, actor=actor, slug=slug, message_id=parse_message_id(form.get("message", ""))
        ),
        form,
        "closed#messages",
    )


async def edit_page(
    request: Request,
    actor: Actor,
    slug: str,
    message_id: PathId,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    board = await in_uow(
        request, lambda uow: service.organiser_messages(uow, actor=actor, slug=slug), commit=False
    )
    view = board.find(message_id)
    message = view.message
    if values is None:
        values = {
            "theme": message.theme,
            "position": str(message.position),
            **{f"text_{lang}": text for lang, text in message.text.as_dict().items()},
        }
        if view.follow_up:
            values.update(
                authority=view.follow_up.authority,
                status=view.follow_up.status.value,
                answered_on=view.follow_up.answered_on.isoformat(),
                **{f"answer_{k}": v for k, v in view.follow_up.answer.as_dict().items()},
            )
    return render(
        request,
        "panels/messages/edit.html",
        {
            **labels(),
            "board": board,
            "panel": board.panel,
            "view": view,
            "message": message,
            "errors": errors or {},
            "values": values,
        },
        status_code=status_code,
    )


@router.get("/panels/{slug}/messages/{message_id}/edit", response_class=HTMLResponse)
async def edit(
    request: Request, slug: str, message_id: PathId, actor: Annotated[Actor, Depends(ORGANISERS)]
) -> HTMLResponse:
    return await edit_page(request, actor, slug, message_id)


@router.post("/panels/{slug}/messages/{message_id}/edit", response_model=None)
async def revise(
    request: Request, slug: str, message_id: PathId, actor: Annotated[Actor, Depends(ORGANISERS)]
) -> Response:
    form = await form_of(request)

    def work(uow: UnitOfWork) -> object:
        given = parse_message(form)
        return service.revise_message(
            uow,
            actor=actor,
            slug=slug,
            message_id=message_id,
            text=given.text,
            theme=given.theme,
            position=given.position or 0,
        )

    async def again(error: ValidationError) -> Response:
        return await edit_page(
            request,
            actor,
            slug,
            message_id,
            errors=errors_of(request, error),
            values=form,
            status_code=422,
        )

    return await run_form(
        request,
        work,
        success=lambda _: f"/panels/{slug}/messages/manage?done=revised#messages",
        refuse=again,
    )


@router.post("/panels/{slug}/messages/{message_id}/follow-up", response_model=None)
async def follow_up(
    request: Request, slug: str, message_id: PathId, actor: Annotated[Actor, Depends(ORGANISERS)]
) -> Response:
    form = await form_of(request)

    def work(uow: UnitOfWork) -> object:
        return service.publish_follow_up(
            uow,
            actor=actor,
            slug=slug,
            message_id=message_id,
            authority=form.get("authority", ""),
            status=form.get("status", ""),
            answer=localized(form, "answer"),
            answered_on=parse_answered_on(form),
        )

    async def again(error: ValidationError) -> Response:
        return await edit_page(
            request,
            actor,
            slug,
            message_id,
            errors=errors_of(request, error),
            values=form,
            status_code=422,
        )

    return await run_form(
        request,
        work,
        success=lambda _: f"/panels/{slug}/messages/manage?done=follow-up#messages",
        refuse=again,
    )


# --- The public ----------------------------------------------------------------------------------


async def public_board(request: Request, actor: Actor, slug: str) -> MessagesBoard:
    return await in_uow(
        request, lambda uow: service.public_messages(uow, actor=actor, slug=slug), commit=False
    )


@router.get("/panels/{slug}/messages.json")
async def messages_json(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> JSONResponse:
    return JSONResponse(board_document(await public_board(request, actor, slug)))


@router.get("/panels/{slug}/messages", response_class=HTMLResponse)
async def messages_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    board = await public_board(request, actor, slug)
    with using(language_of(request)):
        chart = results_chart(board)
    return render(
        request,
        "panels/messages/list.html",
        {**labels(), "board": board, "panel": board.panel, "chart": chart},
    )


@router.get("/panels/{slug}/messages/{message_id}", response_class=HTMLResponse)
async def message_page(
    request: Request,
    slug: str,
    message_id: PathId,
    actor: Annotated[Actor, Depends(Allow.everyone())],
) -> HTMLResponse:
    board = await public_board(request, actor, slug)
    view = board.find(message_id)
    return render(
        request,
        "panels/messages/message.html",
        {**labels(), "board": board, "panel": board.panel, "view": view},
    )


@router.get("/panels/{slug}/follow-up", response_class=HTMLResponse)
async def follow_up_page(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    board = await public_board(request, actor, slug)
    return render(
        request,
        "panels/messages/follow_up.html",
        {
            **labels(),
            "board": board,
            "panel": board.panel,
            "adopted": [view for view in board.messages if view.result.adopted],
        },
    )


# --- Members -------------------------------------------------------------------------------------


async def votes_page(
    request: Request,
    member: PanelMember,
    *,
    errors: dict[int, dict[str, str]] | None = None,
    values: dict[int, dict[str, str]] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    panel, ballots = await in_uow(
        request,
        lambda uow: service.member_ballots(
            uow, panel_id=member.panel_id, person_id=member.person_id
        ),
        commit=False,
    )
    return render(
        request,
        "panels/messages/vote.html",
        {
            **labels(),
            "panel": panel,
            "ballots": ballots,
            "errors": errors or {},
            "values": values or {},
            "notice": request.query_params.get("done", ""),
        },
        status_code=status_code,
    )


@router.get("/panels/{slug}/space/votes", response_class=HTMLResponse)
async def member_votes(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    member: Annotated[PanelMember, Depends(require_member)],
) -> HTMLResponse:
    return await votes_page(request, member)


@router.post("/panels/{slug}/space/votes/{message_id}", response_model=None)
async def cast_vote(
    request: Request,
    slug: str,
    message_id: PathId,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    member: Annotated[PanelMember, Depends(require_member)],
) -> Response:
    form = await form_of(request)

    async def again(error: ValidationError) -> Response:
        return await votes_page(
            request,
            member,
            errors={message_id: errors_of(request, error)},
            values={message_id: form},
            status_code=422,
        )

    return await run_form(
        request,
        lambda uow: service.cast_vote(
            uow,
            actor=actor,
            panel_id=member.panel_id,
            person_id=member.person_id,
            message_id=message_id,
            choice=form.get("choice", ""),
            reason=form.get("reason", ""),
        ),
        success=lambda _: f"/panels/{slug}/space/votes?done=voted#message-{message_id}",
        refuse=again,
    )
