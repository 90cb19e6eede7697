"""The plain inputs the indicator functions compute on, as the repository reads them.

Each item carries the organisation it belongs to (its address, level of government and sector)
so that the observatory can be filtered, and the day it happened so that it can be cut at a date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from math import ceil
from typing import TypeVar


@dataclass(frozen=True)
class Owner:
    """The organisation an item belongs to."""

    organisation: str
    level: str
    sector: str


@dataclass(frozen=True)
class PublishedSystem:
    system_id: int
    owner: Owner
    risk_category: str
    first_published: date
    revision_date: date | None = None
    withdrawn: bool = False


class ReviewStep(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SENT_BACK = "sent_back"
    PUBLISHED = "published"


@dataclass(frozen=True)
class ReviewEvent:
    """One step of a record's review, from the audit log, in the order it happened."""

    system_id: int
    owner: Owner
    day: date
    step: ReviewStep


@dataclass(frozen=True)
class IncidentFact:
    owner: Owner
    category: str
    aware_on: date
    due_on: date
    reported_on: date


@dataclass(frozen=True)
class RequestFact:
    owner: Owner
    kind: str
    received_on: date
    due_on: date
    answered_on: date | None = None
    outcome: str | None = None

    def __post_init__(self) -> None:
        if self.answered_on is not None and self.answered_on < self.received_on:
            raise ValueError("a request is answered after it is received")


@dataclass(frozen=True)
class QuotaFact:
    category: str
    value: str
    minimum: int
    maximum: int


@dataclass(frozen=True)
class PanelFact:
    owner: Owner
    drawn_on: date | None
    quotas: tuple[QuotaFact, ...] = ()
    drawn_people: tuple[Mapping[str, str], ...] = ()
    """The features of each person drawn."""
    slug: str = ""


@dataclass(frozen=True)
class GuideFact:
    """A guide of the one-stop shop, from the day its first version was published."""

    code: str
    kind: str
    published_on: date


@dataclass(frozen=True)
class QuestionFact:
    """A question asked at the one-stop shop's desk (the desk is national: no owner)."""

    asked_on: date
    due_on: date
    answered_on: date | None = None

    def __post_init__(self) -> None:
        if self.answered_on is not None and self.answered_on < self.asked_on:
            raise ValueError("a question is answered after it is asked")


T = TypeVar("T")


def _keep(items: Sequence[T], test: Callable[[T], bool]) -> tuple[T, ...]:
    return tuple(item for item in items if test(item))


@dataclass(frozen=True)
class Facts:
    """Everything the indicators need, for one moment; `None` where a module does not exist."""

    systems: tuple[PublishedSystem, ...] = ()
    review_events: tuple[ReviewEvent, ...] = ()
    signed_frias: Mapping[int, date] = field(default_factory=dict)
    """Systems with a signed fundamental-rights impact assessment, and the day it was signed."""
    published_fairness_audits: Mapping[int, date] = field(default_factory=dict)
    """Systems with a finished fairness audit shown on the portal, and the day it finished."""
    incidents: tuple[IncidentFact, ...] = ()
    requests: tuple[RequestFact, ...] = ()
    panels: tuple[PanelFact, ...] = ()
    guides: tuple[GuideFact, ...] = ()
    questions: tuple[QuestionFact, ...] = ()
    """The one-stop shop's guides and questions are national: the filters leave them whole."""
    eco_labels: Mapping[int, tuple[str, date]] | None = None
    """Each system's eco-label and the day it was graded; None where the module is absent.
    Keyed by system, it follows the systems through the filters and cuts."""
    today: date | None = None

    def filtered(
        self,
        *,
        level: str | None = None,
        sector: str | None = None,
        organisation: str | None = None,
    ) -> Facts:
        """Only the items of organisations matching every filter given."""

        def fits(owner: Owner) -> bool:
            return (
                (level is None or owner.level == level)
                and (sector is None or owner.sector == sector)
                and (organisation is None or owner.organisation == organisation)
            )

        systems = _keep(self.systems, lambda s: fits(s.owner))
        ids = {s.system_id for s in systems}
        return replace(
            self,
            systems=systems,
            review_events=_keep(self.review_events, lambda e: fits(e.owner)),
            signed_frias={k: v for k, v in self.signed_frias.items() if k in ids},
            published_fairness_audits={
                k: v for k, v in self.published_fairness_audits.items() if k in ids
            },
            incidents=_keep(self.incidents, lambda i: fits(i.owner)),
            requests=_keep(self.requests, lambda r: fits(r.owner)),
            panels=_keep(self.panels, lambda p: fits(p.owner)),
        )

    def as_of(self, day: date) -> Facts:
        """What was known at the end of `day`: later items left out, later answers not yet given."""

        def answered(request: RequestFact) -> RequestFact:
            if request.answered_on is not None and request.answered_on > day:
                return replace(request, answered_on=None, outcome=None)
            return request

        def replied(question: QuestionFact) -> QuestionFact:
            if question.answered_on is not None and question.answered_on > day:
                return replace(question, answered_on=None)
            return question

        return replace(
            self,
            systems=_keep(self.systems, lambda s: s.first_published <= day),
            review_events=_keep(self.review_events, lambda e: e.day <= day),
            signed_frias={k: v for k, v in self.signed_frias.items() if v <= day},
            published_fairness_audits={
                k: v for k, v in self.published_fairness_audits.items() if v <= day
            },
            incidents=_keep(self.incidents, lambda i: i.reported_on <= day),
            requests=tuple(answered(r) for r in self.requests if r.received_on <= day),
            panels=tuple(
                p if p.drawn_on is None or p.drawn_on <= day else replace(p, drawn_on=None)
                for p in self.panels
            ),
            guides=_keep(self.guides, lambda g: g.published_on <= day),
            questions=tuple(replied(q) for q in self.questions if q.asked_on <= day),
            today=day,
        )

    def replayed(self, fraction: float) -> Facts:
        """The first `fraction` of each collection, in the order it was read.

        For the demo only: its data is all created on the day it is loaded, so its history is
        told by letting the items appear one after the other over the back-dated days.
        """
        if not 0 <= fraction <= 1:
            raise ValueError("fraction lies between 0 and 1")

        def head(items: Sequence[T]) -> tuple[T, ...]:
            return tuple(items[: ceil(len(items) * fraction)])

        systems = head(self.systems)
        ids = {s.system_id for s in systems}
        return replace(
            self,
            systems=systems,
            review_events=_keep(self.review_events, lambda e: e.system_id in ids),
            signed_frias={k: v for k, v in self.signed_frias.items() if k in ids},
            published_fairness_audits={
                k: v for k, v in self.published_fairness_audits.items() if k in ids
            },
            incidents=head(self.incidents),
            requests=head(self.requests),
            panels=head(self.panels),
            guides=head(self.guides),
            questions=head(self.questions),
        )
