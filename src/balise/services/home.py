"""What the home page counts, and what waits for a signed-in person ("my work").

Both only read, through the other areas' services and repositories; nothing here changes data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from balise.domain.accounts.model import Actor, Role
from balise.domain.monitoring.incidents import RegulatorState
from balise.domain.monitoring.requests import RequestState
from balise.domain.register.model import State
from balise.domain.register.search import Order, PortalHit, SearchFilters
from balise.domain.shared.i18n import Language
from balise.services import assessments, monitoring, register
from balise.services.permissions import can_handle_requests, can_review_record, has_oversight
from balise.services.ports import UnitOfWork

HIGH_RISK = "high_risk"
LATEST = 4


@dataclass(frozen=True)
class KeyFigures:
    """The register and the monitoring at a glance, all public."""

    systems: int
    systems_capped: bool
    organisations: int
    high_risk: int
    requests_received: int
    requests_answered: int
    incidents_published: int

    @property
    def high_risk_share(self) -> float | None:
        """High-risk systems among the published ones, or nothing when none is published."""
        return self.high_risk / self.systems if self.systems else None


def key_figures(uow: UnitOfWork, *, actor: Actor, language: Language) -> KeyFigures:
    """Published systems (withdrawn ones aside), their organisations, the high-risk share, the
    citizens' requests received and answered, and the serious incidents made public."""

    def count(filters: SearchFilters) -> tuple[int, bool]:
        found = register.search_portal(
            uow, actor=actor, query="", filters=filters, language=language, limit=1
        )
        return found.total, found.total_capped

    systems, capped = count(SearchFilters())
    high_risk, _ = count(SearchFilters(risk_category=HIGH_RISK))
    statistics = monitoring.request_statistics(uow)
    return KeyFigures(
        systems=systems,
        systems_capped=capped,
        organisations=len(register.portal_organisations(uow)),
        high_risk=high_risk,
        requests_received=statistics.total,
        requests_answered=statistics.answered,
        incidents_published=len(monitoring.list_public_incidents(uow)),
    )


def latest_systems(uow: UnitOfWork, *, actor: Actor, language: Language) -> list[PortalHit]:
    """The systems published most recently (withdrawn ones aside), newest first."""
    found = register.search_portal(
        uow,
        actor=actor,
        query="",
        filters=SearchFilters(),
        language=language,
        limit=LATEST,
        order=Order.RECENT,
    )
    return found.hits


@dataclass(frozen=True)
class WorkItem:
    """One kind of thing waiting for the actor: how many, how many late, and where to act."""

    kind: str
    count: int
    href: str
    overdue: int = 0


@dataclass(frozen=True)
class MyWork:
    items: tuple[WorkItem, ...] = field(default_factory=tuple)

    @property
    def waiting(self) -> int:
        return sum(item.count for item in self.items)


def _records(uow: UnitOfWork, actor: Actor) -> list[WorkItem]:
    """Records of the actor's organisation: drafts to finish (editors), versions to review."""
    organisation_id = actor.user.organisation_id if actor.user else None
    if organisation_id is None:
        return []
    records = register.systems_of(uow, actor=actor, organisation_id=organisation_id)
    items = []
    if can_review_record(actor, organisation_id):
        waiting = sum(r.state is State.IN_REVIEW for r in records)
        items.append(WorkItem("records_to_review", waiting, "/register"))
        approved = sum(r.state is State.APPROVED for r in records)
        items.append(WorkItem("records_to_publish", approved, "/register"))
    if actor.role is Role.EDITOR:
        drafts = sum(r.state is State.DRAFT for r in records)
        items.append(WorkItem("records_in_draft", drafts, "/register"))
    return items


def _assessments(uow: UnitOfWork, actor: Actor) -> list[WorkItem]:
    items = []
    inbox = assessments.committee_inbox(uow, actor=actor)
    if inbox or actor.role in {Role.REVIEWER, Role.ADMIN}:
        items.append(WorkItem("assessments_to_review", len(inbox), "/assessments"))
        votes = sum(item.vote_due for item in inbox)
        if votes:
            items.append(WorkItem("votes_due", votes, "/assessments"))
    if actor.role is Role.REGULATOR:
        notified = assessments.regulator_inbox(uow, actor=actor)
        items.append(WorkItem("assessments_notified", len(notified), "/regulator/notifications"))
    if actor.role is Role.EDITOR:
        returned = [
            a
            for a in assessments.list_assessments(uow, actor=actor)
            if a.state.value in {"draft", "returned"}
        ]
        items.append(WorkItem("assessments_to_finish", len(returned), "/assessments"))
    return items


def _monitoring(uow: UnitOfWork, actor: Actor) -> list[WorkItem]:
    today = uow.clock.now().date()
    items = []
    organisation_id = actor.user.organisation_id if actor.user else None
    if organisation_id is not None and can_handle_requests(actor, organisation_id):
        found = monitoring.list_requests(uow, actor=actor, organisation_id=organisation_id)
        open_ = [r for r in found if r.state is not RequestState.ANSWERED]
        late = sum(r.overdue(today) for r in open_)
        items.append(WorkItem("requests_open", len(open_), "/monitoring", late))
        incidents = monitoring.list_incidents(uow, actor=actor, organisation_id=organisation_id)
        active = [i for i in incidents if i.state is not RegulatorState.CLOSED]
        items.append(WorkItem("incidents_open", len(active), "/monitoring"))
    elif actor.role is Role.REGULATOR and has_oversight(actor):
        incidents = monitoring.list_incidents(uow, actor=actor)
        active = [i for i in incidents if i.state is not RegulatorState.CLOSED]
        late = sum(i.follow_up_overdue(today) for i in active)
        items.append(WorkItem("incidents_open", len(active), "/monitoring/regulator", late))
    return items


def my_work(uow: UnitOfWork, *, actor: Actor) -> MyWork:
    """What waits for the signed-in actor, from each area's own inbox; empty for the public."""
    if actor.user is None:
        return MyWork()
    return MyWork((*_records(uow, actor), *_assessments(uow, actor), *_monitoring(uow, actor)))
