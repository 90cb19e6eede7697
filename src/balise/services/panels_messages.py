"""The messages of a drawn panel, the members' votes and the authorities' follow-up (issue 14).

Organisers (those who run the panel: `access_panel(..., for_="organise")`) enter the messages,
set the adoption rule, open and close the votes and publish the follow-up. Members vote through
the members' space, which identifies them by the panel and their pseudonymous id. The public
sees a message, its result and its annex once its vote is closed, and nothing of it before.

Audit events name the message and never a member: a vote's event says that a vote was cast on a
message, not by whom nor which way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from balise.domain.accounts.model import Actor
from balise.domain.panels.messages import (
    FollowUp,
    FollowUpStatus,
    MessageResult,
    PanelMessage,
    VoteState,
    result_of,
)
from balise.domain.panels.record import Panel, PanelState
from balise.domain.panels.replacements import current_members
from balise.domain.shared.errors import Conflict, NotFound, ValidationError
from balise.domain.shared.i18n import N_, LocalizedText, Message
from balise.domain.shared.votes import AdoptionThreshold, Vote
from balise.services.audit_log import record_event
from balise.services.panels_reads import panel_id_of
from balise.services.permissions import access_panel, can_organise_panel
from balise.services.ports import UnitOfWork

ENTITY = "panel_message"
NO_SUCH_MESSAGE = Message(N_("There is no such message."))
NOTHING_PUBLISHED = Message(N_("No vote on this panel's messages has closed yet."))
NOT_DRAWN = Message(N_("The votes open once the panel is drawn."))
NOT_ADOPTED = Message(N_("Only an adopted message, its vote closed, receives a follow-up."))
DEFAULT_THRESHOLD = AdoptionThreshold()


@dataclass(frozen=True)
class MessageView:
    """A message as a page shows it: its result once closed, its turnout, its follow-up."""

    message: PanelMessage
    result: MessageResult
    follow_up: FollowUp | None

    @property
    def id(self) -> int:
        assert self.message.id is not None
        return self.message.id

    def public_json(self) -> dict[str, Any]:
        """The API's document of a closed message (issue 14's shape, and more fields)."""
        tally = self.result.tally
        share = self.result.share
        return {
            "id": self.id,
            "position": self.message.position,
            "theme": self.message.theme,
            "version": self.message.current.number,
            "text": {lang: getattr(self.message.text, lang) for lang in ("fr", "nl", "de", "en")},
            "votes": {
                "accept": tally.votes_for,
                "against": tally.against,
                "abstain": tally.abstain,
            },
            "eligible": tally.eligible,
            "share": None if share is None else round(float(share), 4),
            "adopted": self.result.adopted,
            "closed_at": self.message.closed_at.isoformat() if self.message.closed_at else None,
            "annex": [reason.to_json() for reason in self.result.annex],
            "follow_up": self.follow_up.to_json() if self.follow_up else None,
        }


@dataclass(frozen=True)
class MessagesBoard:
    """A panel's messages: all of them for its organisers, the closed ones for the public."""

    panel: Panel
    threshold: AdoptionThreshold
    messages: tuple[MessageView, ...]
    may_organise: bool

    def find(self, message_id: int) -> MessageView:
        for view in self.messages:
            if view.id == message_id:
                return view
        raise NotFound(NO_SUCH_MESSAGE)


@dataclass(frozen=True)
class MemberBallot:
    """One message in a member's voting page, with the member's own vote if any."""

    message: PanelMessage
    mine: Vote | None


def threshold_of(uow: UnitOfWork, panel: Panel) -> AdoptionThreshold:
    return uow.panel_messages.threshold(panel_id_of(panel)) or DEFAULT_THRESHOLD


def _board(
    uow: UnitOfWork, panel: Panel, *, only_closed: bool, may_organise: bool
) -> MessagesBoard:
    threshold = threshold_of(uow, panel)
    found = uow.panel_messages.list_for(panel_id_of(panel))
    if only_closed:
        found = [m for m in found if m.state is VoteState.CLOSED]
    ids = [m.id for m in found if m.id is not None]
    votes = uow.panel_messages.votes_in(ids)
    answers = uow.panel_messages.follow_ups(ids)
    return MessagesBoard(
        panel=panel,
        threshold=threshold,
        messages=tuple(
            MessageView(
                m, result_of(m, votes.get(m.id or 0, []), threshold), answers.get(m.id or 0)
            )
            for m in found
        ),
        may_organise=may_organise,
    )


def _message_of(uow: UnitOfWork, panel: Panel, message_id: int) -> PanelMessage:
    found = uow.panel_messages.get(message_id)
    if found is None or found.panel_id != panel_id_of(panel):
        raise NotFound(NO_SUCH_MESSAGE)
    return found


def _event(uow: UnitOfWork, actor: Actor, kind: str, message: PanelMessage, **after: Any) -> None:
    record_event(
        uow,
        actor=actor,
        event_type=f"{ENTITY}.{kind}",
        entity_type=ENTITY,
        entity_id=message.id,
        after={"panel_id": message.panel_id, **after},
    )


# --- Reads ---------------------------------------------------------------------------------------


def organiser_messages(uow: UnitOfWork, *, actor: Actor, slug: str) -> MessagesBoard:
    """Every message of the panel, for its organisers (results counted only once closed)."""
    panel = access_panel(uow, actor, slug, for_="organise")
    return _board(uow, panel, only_closed=False, may_organise=True)


def public_messages(uow: UnitOfWork, *, actor: Actor, slug: str) -> MessagesBoard:
    """The messages whose vote is closed, with their results; not found before any closes."""
    panel = access_panel(uow, actor, slug, for_="view")
    if not panel.state.published:
        raise NotFound(NOTHING_PUBLISHED)
    board = _board(
        uow,
        panel,
        only_closed=True,
        may_organise=can_organise_panel(actor, panel.organisation_id),
    )
    if not board.messages:
        raise NotFound(NOTHING_PUBLISHED)
    return board


def messages_published(uow: UnitOfWork, *, panel: Panel) -> bool:
    """Whether a message's vote has closed: the panel's messages and follow-up are public."""
    return panel.state.published and any(
        m.state is VoteState.CLOSED for m in uow.panel_messages.list_for(panel_id_of(panel))
    )


def member_ballots(
    uow: UnitOfWork, *, panel_id: int, person_id: str
) -> tuple[Panel, list[MemberBallot]]:
    """The messages a member may vote on now (open, and they are in the electorate), and those
    already closed on which they voted, each with the member's vote."""
    panel = uow.panels.get(panel_id)
    if panel is None:
        raise NotFound(NO_SUCH_MESSAGE)
    found = [
        m
        for m in uow.panel_messages.list_for(panel_id)
        if m.state is not VoteState.DRAFT and person_id in m.electorate
    ]
    votes = uow.panel_messages.votes_in([m.id for m in found if m.id is not None])
    ballots = [
        MemberBallot(m, next((v for v in votes.get(m.id or 0, []) if v.voter == person_id), None))
        for m in found
    ]
    return panel, ballots


# --- Organisers ----------------------------------------------------------------------------------


def add_message(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    text: LocalizedText,
    theme: str = "",
    position: int | None = None,
) -> PanelMessage:
    """A new message, version 1; placed last unless a position is given."""
    panel = access_panel(uow, actor, slug, for_="organise")
    existing = uow.panel_messages.list_for(panel_id_of(panel))
    place = position if position is not None else max((m.position for m in existing), default=0) + 1
    message = PanelMessage.new(
        panel_id=panel_id_of(panel), position=place, theme=theme, text=text, at=uow.clock.now()
    )
    created = uow.panel_messages.add(message, at=uow.clock.now())
    _event(uow, actor, "created", created, version=1, position=created.position)
    return created


def revise_message(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    message_id: int,
    text: LocalizedText,
    theme: str,
    position: int,
) -> PanelMessage:
    """Change a message before its vote opens; a changed text is a new version."""
    panel = access_panel(uow, actor, slug, for_="organise")
    before = _message_of(uow, panel, message_id)
    after = before.revised(text=text, theme=theme, position=position, at=uow.clock.now())
    uow.panel_messages.update(after)
    _event(uow, actor, "revised", after, version=after.current.number, position=after.position)
    return after


def set_threshold(
    uow: UnitOfWork, *, actor: Actor, slug: str, threshold: AdoptionThreshold
) -> AdoptionThreshold:
    """The panel's adoption rule; refused once a vote has closed (results must not move)."""
    panel = access_panel(uow, actor, slug, for_="organise")
    if any(m.state is VoteState.CLOSED for m in uow.panel_messages.list_for(panel_id_of(panel))):
        raise Conflict(Message(N_("A vote has closed: the adoption rule can no longer change.")))
    uow.panel_messages.set_threshold(panel_id_of(panel), threshold, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="panel.message_rule_set",
        entity_type="panel",
        entity_id=panel.id,
        after=threshold.to_json(),
    )
    return threshold


def _chosen(
    uow: UnitOfWork, panel: Panel, message_id: int | None, state: VoteState
) -> list[PanelMessage]:
    if message_id is not None:
        return [_message_of(uow, panel, message_id)]
    return [m for m in uow.panel_messages.list_for(panel_id_of(panel)) if m.state is state]


def open_votes(
    uow: UnitOfWork, *, actor: Actor, slug: str, message_id: int | None = None
) -> list[PanelMessage]:
    """Open the vote on one message, or on every message still in draft."""
    panel = access_panel(uow, actor, slug, for_="organise")
    draw = uow.panels.draw(panel_id_of(panel))
    if panel.state is not PanelState.DRAWN or draw is None:
        raise Conflict(NOT_DRAWN)
    members = current_members(draw.reveal.panel, uow.panels.replacements(panel_id_of(panel)))
    chosen = _chosen(uow, panel, message_id, VoteState.DRAFT)
    if not chosen:
        raise Conflict(Message(N_("There is no message in draft to put to the vote.")))
    opened = []
    for message in chosen:
        moved = message.opened(members, at=uow.clock.now())
        uow.panel_messages.update(moved)
        _event(
            uow, actor, "vote_opened", moved, version=moved.current.number, eligible=len(members)
        )
        opened.append(moved)
    return opened


def close_votes(
    uow: UnitOfWork, *, actor: Actor, slug: str, message_id: int | None = None
) -> list[PanelMessage]:
    """Close the vote on one message, or on every open one; the results become public."""
    panel = access_panel(uow, actor, slug, for_="organise")
    chosen = _chosen(uow, panel, message_id, VoteState.OPEN)
    if not chosen:
        raise Conflict(Message(N_("No vote is open.")))
    threshold = threshold_of(uow, panel)
    closed = []
    for message in chosen:
        assert message.id is not None
        votes = uow.panel_messages.votes(message.id)
        moved = message.closed(votes, at=uow.clock.now())
        uow.panel_messages.update(moved)
        result = result_of(moved, votes, threshold)
        _event(
            uow,
            actor,
            "vote_closed",
            moved,
            accept=result.tally.votes_for,
            against=result.tally.against,
            abstain=result.tally.abstain,
            adopted=result.adopted,
            threshold=threshold.to_json(),
        )
        closed.append(moved)
    return closed


def publish_follow_up(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    message_id: int,
    authority: str,
    status: str,
    answer: LocalizedText,
    answered_on: date | None = None,
) -> FollowUp:
    """The responsible authority's answer to an adopted message, published and dated."""
    panel = access_panel(uow, actor, slug, for_="organise")
    message = _message_of(uow, panel, message_id)
    assert message.id is not None
    result = result_of(message, uow.panel_messages.votes(message.id), threshold_of(uow, panel))
    if message.state is not VoteState.CLOSED or not result.adopted:
        raise Conflict(NOT_ADOPTED)
    now = uow.clock.now()
    follow_up = FollowUp.given(
        message_id=message.id,
        authority=authority,
        status=status,
        answer=answer,
        answered_on=answered_on or now.date(),
        at=now,
    )
    uow.panel_messages.save_follow_up(follow_up)
    _event(uow, actor, "follow_up_published", message, **follow_up.to_json())
    return follow_up


# --- Members -----------------------------------------------------------------------------------


def cast_vote(
    uow: UnitOfWork,
    *,
    actor: Actor,
    panel_id: int,
    person_id: str,
    message_id: int,
    choice: str,
    reason: str = "",
) -> Vote:
    """A member's vote on a message, or their changed vote, while the vote is open.

    `panel_id` and `person_id` come from the members' sign-in, never from the form."""
    message = uow.panel_messages.get(message_id)
    if message is None or message.panel_id != panel_id:
        raise NotFound(NO_SUCH_MESSAGE)
    votes = uow.panel_messages.votes(message_id)
    vote = message.cast(votes, person_id, choice, reason, at=uow.clock.now())
    uow.panel_messages.save_vote(message_id, vote)
    # Which message, never who nor which way: the audit log is no ballot box.
    _event(uow, actor, "vote_cast", message, version=message.current.number)
    return vote


__all__ = [
    "DEFAULT_THRESHOLD",
    "FollowUpStatus",
    "MemberBallot",
    "MessageView",
    "MessagesBoard",
    "ValidationError",
    "add_message",
    "cast_vote",
    "close_votes",
    "member_ballots",
    "open_votes",
    "organiser_messages",
    "public_messages",
    "publish_follow_up",
    "revise_message",
    "set_threshold",
]
