"""The regulator's overview: what waits across every organisation, counted from each area.

Only reads. Citizens' requests are counted per organisation, never listed: their contents stay
with the organisation that handles them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from balise.domain.accounts.model import Actor
from balise.domain.assessments.assessment import AssessmentState
from balise.domain.monitoring.incidents import RegulatorState
from balise.domain.register.search import SearchFilters
from balise.domain.register.standard import CHOICES
from balise.domain.shared.i18n import Language, LocalizedText
from balise.services import assessments, guichet, monitoring, register
from balise.services.permissions import can_see_overview, require
from balise.services.ports import UnitOfWork

AWAITING_COMMITTEE = frozenset({AssessmentState.SUBMITTED, AssessmentState.UNDER_REVIEW})


@dataclass(frozen=True)
class IncidentFigures:
    """Serious-incident reports (Art 73) by the regulator's state, and those past a deadline."""

    by_state: dict[RegulatorState, int]
    reported_late: int  # reported after the Art 73 period had run out
    follow_up_overdue: int  # the date the regulator set for a follow-up has passed

    @property
    def open(self) -> int:
        return sum(n for state, n in self.by_state.items() if state is not RegulatorState.CLOSED)


@dataclass(frozen=True)
class OverdueRequests:
    """Citizens' requests of one organisation not answered by their due date."""

    organisation: LocalizedText
    organisation_slug: str
    count: int


@dataclass(frozen=True)
class Overview:
    incidents: IncidentFigures
    overdue_requests: tuple[OverdueRequests, ...]
    notifications: int  # fundamental-rights impact assessments notified (Art 27(3))
    awaiting_committee: int
    systems_by_risk: tuple[tuple[str, int], ...]  # published systems per risk category
    questions_open: int
    questions_overdue: int

    @property
    def requests_overdue(self) -> int:
        return sum(row.count for row in self.overdue_requests)


def _incidents(uow: UnitOfWork, actor: Actor) -> IncidentFigures:
    today = uow.clock.now().date()
    found = monitoring.list_incidents(uow, actor=actor)
    states = Counter(incident.state for incident in found)
    return IncidentFigures(
        by_state={state: states[state] for state in RegulatorState},
        reported_late=sum(incident.late for incident in found),
        follow_up_overdue=sum(incident.follow_up_overdue(today) for incident in found),
    )


def _overdue_requests(uow: UnitOfWork) -> tuple[OverdueRequests, ...]:
    today = uow.clock.now().date()
    late = Counter(
        request.organisation_id
        for request in uow.citizen_requests.list_for()
        if request.overdue(today)
    )
    rows = [
        OverdueRequests(organisation.name, organisation.slug, count)
        for organisation in uow.organisations.list_all()
        if organisation.id is not None and (count := late[organisation.id])
    ]
    return tuple(sorted(rows, key=lambda row: (-row.count, row.organisation_slug)))


def _systems_by_risk(
    uow: UnitOfWork, actor: Actor, language: Language
) -> tuple[tuple[str, int], ...]:
    def published(category: str) -> int:
        filters = SearchFilters(risk_category=category)
        return register.search_portal(
            uow, actor=actor, query="", filters=filters, language=language, limit=1
        ).total

    return tuple((category, published(category)) for category, _ in CHOICES["risk_category"])


def regulator_overview(uow: UnitOfWork, *, actor: Actor, language: Language) -> Overview:
    """Incidents, overdue requests, notified and pending assessments, the register by risk and
    the question desk, across all organisations."""
    require(can_see_overview(actor))
    desk = guichet.desk_statistics(uow)
    return Overview(
        incidents=_incidents(uow, actor),
        overdue_requests=_overdue_requests(uow),
        notifications=len(assessments.regulator_inbox(uow, actor=actor)),
        awaiting_committee=sum(
            a.state in AWAITING_COMMITTEE for a in assessments.list_assessments(uow, actor=actor)
        ),
        systems_by_risk=_systems_by_risk(uow, actor, language),
        questions_open=desk.open,
        questions_overdue=desk.overdue,
    )
