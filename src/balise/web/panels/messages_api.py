"""The panels' messages on the API: their results once a vote closes; organisers add messages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from balise.domain.accounts.model import Actor, Scope
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels_messages as service
from balise.services.permissions import PANEL_ORGANISERS
from balise.web.access import Allow
from balise.web.common import in_uow
from balise.web.schemas import LocalizedTextModel
from balise.web.storable import StorableBody

router = APIRouter(tags=["panels"])


class MessageText(BaseModel):
    fr: str
    nl: str
    de: str
    en: str


class MessageVotes(BaseModel):
    accept: int
    against: int
    abstain: int


class AnnexReason(BaseModel):
    choice: str = Field(description="against or abstain")
    reason: str


class FollowUpRead(BaseModel):
    authority: str
    status: str = Field(description="pending, accepted, partly_accepted or rejected")
    answer: dict[str, str]
    answered_on: str


class MessageRead(BaseModel):
    """A message whose vote is closed: its text, the votes, adopted or not, its follow-up."""

    id: int
    position: int
    theme: str
    version: int
    text: MessageText
    votes: MessageVotes
    eligible: int = Field(description="The members who could vote.")
    share: float | None = Field(description="The votes for as a share of the votes counted.")
    adopted: bool
    closed_at: str | None
    annex: list[AnnexReason] = Field(description="Reasons against and of abstentions, anonymous.")
    follow_up: FollowUpRead | None


class MessageCreate(StorableBody):
    model_config = ConfigDict(extra="forbid")
    text: LocalizedTextModel = Field(description="The message in fr, nl, de and en (all four).")
    theme: str = Field(default="", max_length=200, description="The sub-group or theme.")
    position: int | None = Field(
        default=None, ge=1, le=1000, description="Its place in the list; last if absent."
    )


class MessageCreated(BaseModel):
    id: int
    position: int
    version: int


@router.get("/panels/{slug}/messages", response_model=list[MessageRead])
async def list_messages(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> list[MessageRead]:
    """A panel's messages whose vote is closed, with the votes and whether each is adopted."""
    board = await in_uow(
        request, lambda uow: service.public_messages(uow, actor=actor, slug=slug), commit=False
    )
    return [
        MessageRead.model_validate(view.public_json())
        for view in board.messages
        if view.message.closed_at is not None
    ]


@router.post("/panels/{slug}/messages", response_model=MessageCreated, status_code=201)
async def add_message(
    request: Request,
    slug: str,
    body: MessageCreate,
    actor: Annotated[Actor, Depends(Allow.only(*PANEL_ORGANISERS, scope=Scope.PANELS_WRITE))],
) -> MessageCreated:
    """Add a message (version 1) to a panel, for its organisers; the vote opens on the site."""
    created = await in_uow(
        request,
        lambda uow: service.add_message(
            uow,
            actor=actor,
            slug=slug,
            text=LocalizedText.from_mapping(body.text.model_dump()),
            theme=body.theme,
            position=body.position,
        ),
    )
    assert created.id is not None
    return MessageCreated(id=created.id, position=created.position, version=1)
