"""The messages a drawn panel adopts by vote, and the authorities' follow-up (issue 14).

Sub-groups of the panel draft **messages** (recommendations); organisers enter them in the four
languages, each change before the vote opening a new **version** (the history is kept and
published). The vote on a message is the shared ballot (`domain.shared.votes`, the one the
ethics committees use): the electorate is the panel as it stands when the vote opens (the drawn
members, replacements applied), a reason is optional, a member may change their vote until the
vote closes. A message is adopted under the panel's `AdoptionThreshold`.

Once the vote on a message is closed, its result is public, with the **annex** of the reasons
given against it and by those abstaining: the reasons only, never who gave them, in an order
that reveals nothing (by choice, then alphabetically). An adopted message then receives the
**follow-up** of the authority it is addressed to: a status and the reasons, dated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any

from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, LocalizedText, Message
from balise.domain.shared.votes import AdoptionThreshold, Ballot, Choice, Tally, Vote, Voter

MAX_TEXT = 4000
MAX_THEME = 200
MAX_AUTHORITY = 200
MAX_ANSWER = 8000
MAX_POSITION = 1000
QUORUM = 1  # a message's vote closes once at least one member has voted


class VoteState(StrEnum):
    DRAFT = "draft"  # being written; every change is a new version
    OPEN = "open"  # members vote; the text no longer changes
    CLOSED = "closed"  # the result and the annex are public


class FollowUpStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"


def text_errors(
    text: LocalizedText, *, prefix: str = "text", limit: int = MAX_TEXT
) -> dict[str, Message]:
    """Every language missing or too long, by field (`text_fr`, ...)."""
    errors: dict[str, Message] = {}
    for language in LANGUAGES:
        value = getattr(text, language.value)
        name = f"{prefix}_{language.value}"
        if not value:
            errors[name] = Message(N_("Give the message in this language."))
        elif len(value) > limit:
            errors[name] = Message(N_("At most %(limit)s characters."), {"limit": limit})
    return errors


def theme_errors(theme: str) -> dict[str, Message]:
    if len(theme.strip()) > MAX_THEME:
        return {"theme": Message(N_("At most %(limit)s characters."), {"limit": MAX_THEME})}
    return {}


@dataclass(frozen=True)
class MessageVersion:
    number: int
    text: LocalizedText
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text.as_dict(),
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class PanelMessage:
    """A message with its versions (oldest first) and the state of its vote."""

    panel_id: int
    position: int
    theme: str
    versions: tuple[MessageVersion, ...]
    state: VoteState = VoteState.DRAFT
    electorate: tuple[str, ...] = ()
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    id: int | None = None

    @classmethod
    def new(
        cls, *, panel_id: int, position: int, theme: str, text: LocalizedText, at: datetime
    ) -> PanelMessage:
        errors = {**text_errors(text), **theme_errors(theme)}
        if not 1 <= position <= MAX_POSITION:
            errors["position"] = Message(
                N_("The position is a whole number from 1 to %(max)s."), {"max": MAX_POSITION}
            )
        if errors:
            raise ValidationError(errors)
        return cls(
            panel_id=panel_id,
            position=position,
            theme=theme.strip(),
            versions=(MessageVersion(1, text, at),),
        )

    @property
    def current(self) -> MessageVersion:
        return self.versions[-1]

    @property
    def text(self) -> LocalizedText:
        return self.current.text

    def revised(
        self, *, text: LocalizedText, theme: str, position: int, at: datetime
    ) -> PanelMessage:
        """The message changed before its vote opens: a new version when the text changed."""
        if self.state is not VoteState.DRAFT:
            raise Conflict(
                Message(N_("The vote on this message has opened: it can no longer change."))
            )
        errors = {**text_errors(text), **theme_errors(theme)}
        if not 1 <= position <= MAX_POSITION:
            errors["position"] = Message(
                N_("The position is a whole number from 1 to %(max)s."), {"max": MAX_POSITION}
            )
        if errors:
            raise ValidationError(errors)
        versions = self.versions
        if text != self.text:
            versions = (*versions, MessageVersion(self.current.number + 1, text, at))
        return replace(self, versions=versions, theme=theme.strip(), position=position)

    def opened(self, members: Sequence[str], *, at: datetime) -> PanelMessage:
        """The vote opens for the panel's members as they stand now."""
        if self.state is not VoteState.DRAFT:
            raise Conflict(Message(N_("The vote on this message has already opened.")))
        ballot = Ballot.open(
            [Voter(member) for member in members], quorum=QUORUM, reason_required=False
        )
        return replace(self, state=VoteState.OPEN, electorate=ballot.electorate, opened_at=at)

    def closed(self, votes: Sequence[Vote], *, at: datetime) -> PanelMessage:
        """The vote closes; refused before it opens, or while nobody has voted."""
        if self.state is not VoteState.OPEN:
            raise Conflict(Message(N_("The vote on this message is not open.")))
        self.ballot(votes).close()
        return replace(self, state=VoteState.CLOSED, closed_at=at)

    def ballot(self, votes: Sequence[Vote]) -> Ballot:
        return Ballot(
            electorate=self.electorate,
            quorum=QUORUM,
            votes=tuple(votes),
            closed=self.state is VoteState.CLOSED,
            reason_required=False,
        )

    def cast(
        self, votes: Sequence[Vote], voter: str, choice: str, reason: str, *, at: datetime
    ) -> Vote:
        """A member's vote (new or changed) while the vote is open."""
        if self.state is VoteState.DRAFT:
            raise Conflict(Message(N_("The vote on this message has not opened yet.")))
        ballot = self.ballot(votes).cast(voter, choice, reason, at=at)
        found = ballot.vote_of(voter)
        assert found is not None
        return found


@dataclass(frozen=True)
class Reason:
    """One reason of the annex: the choice it came with and its text, nobody's name."""

    choice: Choice
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"choice": self.choice.value, "reason": self.text}


@dataclass(frozen=True)
class MessageResult:
    message: PanelMessage
    tally: Tally
    threshold: AdoptionThreshold
    adopted: bool
    share: Fraction | None
    annex: tuple[Reason, ...]

    @property
    def turnout(self) -> int:
        return self.tally.cast


def result_of(
    message: PanelMessage, votes: Sequence[Vote], threshold: AdoptionThreshold
) -> MessageResult:
    """The counts, the share of votes for, adopted or not, and the anonymous annex."""
    tally = message.ballot(votes).tally()
    annex = sorted(
        (
            Reason(vote.choice, vote.reason)
            for vote in votes
            if vote.choice in {Choice.AGAINST, Choice.ABSTAIN} and vote.reason
        ),
        key=lambda reason: (reason.choice is Choice.ABSTAIN, reason.text.casefold()),
    )
    return MessageResult(
        message=message,
        tally=tally,
        threshold=threshold,
        adopted=threshold.adopts(tally),
        share=threshold.share(tally),
        annex=tuple(annex),
    )


@dataclass(frozen=True)
class FollowUp:
    """The answer of the authority a message is addressed to, published and dated."""

    message_id: int
    authority: str
    status: FollowUpStatus
    answer: LocalizedText
    answered_on: date
    updated_at: datetime

    @classmethod
    def given(
        cls,
        *,
        message_id: int,
        authority: str,
        status: str,
        answer: LocalizedText,
        answered_on: date,
        at: datetime,
    ) -> FollowUp:
        errors: dict[str, Message] = {}
        name = authority.strip()
        if not name:
            errors["authority"] = Message(N_("Name the authority that answers."))
        elif len(name) > MAX_AUTHORITY:
            errors["authority"] = Message(
                N_("At most %(limit)s characters."), {"limit": MAX_AUTHORITY}
            )
        try:
            chosen = FollowUpStatus(status)
        except ValueError:
            errors["status"] = Message(N_("Choose a status."))
            chosen = FollowUpStatus.PENDING
        if chosen is not FollowUpStatus.PENDING and answer.is_empty():
            errors["answer_fr"] = Message(
                N_("Give the authority's reasons in at least one language.")
            )
        for language in LANGUAGES:
            if len(getattr(answer, language.value)) > MAX_ANSWER:
                errors[f"answer_{language.value}"] = Message(
                    N_("At most %(limit)s characters."), {"limit": MAX_ANSWER}
                )
        if errors:
            raise ValidationError(errors)
        return cls(message_id, name, chosen, answer, answered_on, at)

    def to_json(self) -> dict[str, Any]:
        return {
            "authority": self.authority,
            "status": self.status.value,
            "answer": self.answer.as_dict(),
            "answered_on": self.answered_on.isoformat(),
        }
