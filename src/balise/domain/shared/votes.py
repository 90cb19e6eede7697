"""A reusable vote: who may vote, the quorum, the ballots cast and the tally.

Pure and self-contained so that any body that decides by vote (an ethics committee giving an
opinion, a citizens' panel adopting a message) counts the same way. A voter is named by a string
key chosen by the caller (a user id, a panel member's code). A ballot opens only when enough
voters are eligible to reach the quorum; a voter who is not eligible (a declared conflict of
interest, not a member) is refused with the reason; every vote carries a reason unless the body
makes it optional (`reason_required=False`, a citizens' panel), and the votes on the losing side
are kept as minority views. `AdoptionThreshold` says whether a tally adopts a proposal when the
body asks for more than a plain majority, or counts abstentions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any

from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import N_, Message

MAX_REASON = 2000


class Choice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Outcome(StrEnum):
    CARRIED = "carried"  # quorum reached, more votes for than against
    REJECTED = "rejected"  # quorum reached, at least as many votes against as for
    NO_QUORUM = "no_quorum"  # fewer votes cast than the quorum


@dataclass(frozen=True)
class Voter:
    """Someone who may be on the electorate; `excluded_because` says why they may not vote."""

    key: str
    excluded_because: Message | None = None

    @property
    def eligible(self) -> bool:
        return self.excluded_because is None


@dataclass(frozen=True)
class Vote:
    voter: str
    choice: Choice
    reason: str
    cast_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "voter": self.voter,
            "choice": self.choice.value,
            "reason": self.reason,
            "cast_at": self.cast_at.isoformat(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Vote:
        return cls(
            voter=str(data["voter"]),
            choice=Choice(data["choice"]),
            reason=str(data["reason"]),
            cast_at=datetime.fromisoformat(data["cast_at"]),
        )


@dataclass(frozen=True)
class Tally:
    eligible: int
    quorum: int
    cast: int
    votes_for: int
    against: int
    abstain: int
    outcome: Outcome
    minority: tuple[Vote, ...]

    @property
    def quorum_reached(self) -> bool:
        return self.cast >= self.quorum

    def to_json(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "quorum": self.quorum,
            "cast": self.cast,
            "for": self.votes_for,
            "against": self.against,
            "abstain": self.abstain,
            "outcome": self.outcome.value,
            "minority": [vote.to_json() for vote in self.minority],
        }


def eligible_keys(voters: Iterable[Voter]) -> tuple[str, ...]:
    return tuple(voter.key for voter in voters if voter.eligible)


@dataclass(frozen=True)
class Ballot:
    """One question put to an electorate fixed when the ballot opens."""

    electorate: tuple[str, ...]
    quorum: int
    votes: tuple[Vote, ...] = ()
    closed: bool = False
    excluded: Mapping[str, Message] = field(default_factory=dict)
    reason_required: bool = True

    def __post_init__(self) -> None:
        if self.quorum < 1:
            raise ValidationError.single("quorum", N_("The quorum is at least one vote."))

    @classmethod
    def open(cls, voters: Iterable[Voter], *, quorum: int, reason_required: bool = True) -> Ballot:
        """Open a ballot; refused when the eligible voters cannot reach the quorum."""
        listed = list(voters)
        electorate = eligible_keys(listed)
        if len(electorate) < quorum:
            raise Conflict(
                Message(
                    N_(
                        "Only %(eligible)s members may vote, fewer than the quorum of "
                        "%(quorum)s: the vote cannot be held."
                    ),
                    {"eligible": len(electorate), "quorum": quorum},
                )
            )
        excluded = {v.key: v.excluded_because for v in listed if v.excluded_because is not None}
        return cls(
            electorate=electorate,
            quorum=quorum,
            excluded=excluded,
            reason_required=reason_required,
        )

    def vote_of(self, voter: str) -> Vote | None:
        return next((vote for vote in self.votes if vote.voter == voter), None)

    def cast(self, voter: str, choice: Choice | str, reason: str, *, at: datetime) -> Ballot:
        """Record or replace a voter's vote while the ballot is open."""
        if self.closed:
            raise Conflict(Message(N_("The vote is closed.")))
        if voter in self.excluded:
            raise Conflict(self.excluded[voter])
        if voter not in self.electorate:
            raise Conflict(Message(N_("You are not among the members who may vote.")))
        errors: dict[str, Message] = {}
        try:
            chosen = Choice(choice)
        except ValueError:
            errors["choice"] = Message(N_("Vote for, against or abstain."))
        text = reason.strip()
        if not text and self.reason_required:
            errors["reason"] = Message(N_("Give the reason for your vote."))
        elif len(text) > MAX_REASON:
            errors["reason"] = Message(N_("At most %(limit)s characters."), {"limit": MAX_REASON})
        if errors:
            raise ValidationError(errors)
        others = tuple(vote for vote in self.votes if vote.voter != voter)
        return replace(self, votes=(*others, Vote(voter, chosen, text, at)))

    def tally(self) -> Tally:
        counts = dict.fromkeys(Choice, 0)
        for vote in self.votes:
            counts[vote.choice] += 1
        cast = len(self.votes)
        if cast < self.quorum:
            outcome = Outcome.NO_QUORUM
        elif counts[Choice.FOR] > counts[Choice.AGAINST]:
            outcome = Outcome.CARRIED
        else:
            outcome = Outcome.REJECTED
        losing = {
            Outcome.CARRIED: Choice.AGAINST,
            Outcome.REJECTED: Choice.FOR,
        }.get(outcome)
        return Tally(
            eligible=len(self.electorate),
            quorum=self.quorum,
            cast=cast,
            votes_for=counts[Choice.FOR],
            against=counts[Choice.AGAINST],
            abstain=counts[Choice.ABSTAIN],
            outcome=outcome,
            minority=tuple(vote for vote in self.votes if vote.choice is losing),
        )

    def close(self) -> Ballot:
        """Close the ballot; refused while the quorum is not reached."""
        if not self.tally().quorum_reached:
            raise Conflict(
                Message(
                    N_("%(cast)s votes cast, fewer than the quorum of %(quorum)s."),
                    {"cast": len(self.votes), "quorum": self.quorum},
                )
            )
        return replace(self, closed=True)

    def pending(self) -> tuple[str, ...]:
        """The eligible voters who have not voted yet."""
        voted = {vote.voter for vote in self.votes}
        return tuple(key for key in self.electorate if key not in voted)

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "electorate": list(self.electorate),
            "quorum": self.quorum,
            "votes": [vote.to_json() for vote in self.votes],
            "closed": self.closed,
            "excluded": {
                key: {"key": m.key, "params": dict(m.params)} for key, m in self.excluded.items()
            },
        }
        if not self.reason_required:  # absent from the documents stored before the option
            document["reason_required"] = False
        return document

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Ballot:
        return cls(
            electorate=tuple(str(key) for key in data["electorate"]),
            quorum=int(data["quorum"]),
            votes=tuple(Vote.from_json(vote) for vote in data.get("votes", [])),
            closed=bool(data.get("closed")),
            excluded={
                str(key): Message(m["key"], m.get("params") or {})
                for key, m in (data.get("excluded") or {}).items()
            },
            reason_required=bool(data.get("reason_required", True)),
        )


@dataclass(frozen=True)
class AdoptionThreshold:
    """When a tally adopts: the votes for must be MORE than `percent` % of the votes counted.

    The votes counted are those for and against, plus the abstentions when
    `abstentions_count` (then abstaining weighs like voting against). The default, more than
    50 % with abstentions left out, is the committee's rule: more votes for than against.
    Nothing is adopted without the quorum, or when no vote is counted.
    """

    percent: int = 50
    abstentions_count: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.percent < 100:
            raise ValidationError.single(
                "threshold", N_("The threshold is a percentage from 0 to 99.")
            )

    def counted(self, tally: Tally) -> int:
        return tally.votes_for + tally.against + (tally.abstain if self.abstentions_count else 0)

    def share(self, tally: Tally) -> Fraction | None:
        """The votes for as a share of the votes counted; None when none is counted."""
        counted = self.counted(tally)
        return Fraction(tally.votes_for, counted) if counted else None

    def adopts(self, tally: Tally) -> bool:
        counted = self.counted(tally)
        return (
            tally.quorum_reached and counted > 0 and tally.votes_for * 100 > self.percent * counted
        )

    def to_json(self) -> dict[str, Any]:
        return {"percent": self.percent, "abstentions_count": self.abstentions_count}
