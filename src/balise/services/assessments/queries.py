"""The actor-aware reads of assessments, committees and inboxes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from balise.domain.accounts.model import Actor, Role
from balise.domain.assessments.gate import GateStatus
from balise.domain.assessments.model import (
    AnswerChange,
    Assessment,
    AssessmentState,
    Committee,
    compare_answers,
)
from balise.domain.assessments.subject import AssessedSystem
from balise.domain.audits.reports import AuditReport
from balise.domain.organisations.model import Organisation
from balise.domain.register.model import SystemRecord
from balise.domain.shared.errors import NotFound, PermissionDenied
from balise.domain.shared.i18n import N_, Message
from balise.services.assessments.common import NO_SYSTEM, _system, _today, _user_id
from balise.services.assessments.gate import publication_gate
from balise.services.permissions import (
    DENIED,
    access_assessment,
    can_see_notifications,
    has_oversight,
    is_committee_member,
    is_member,
)
from balise.services.ports import UnitOfWork


def get_assessment(uow: UnitOfWork, *, actor: Actor, assessment_id: int) -> Assessment:
    return access_assessment(uow, actor, assessment_id, for_="view")


def list_assessments(uow: UnitOfWork, *, actor: Actor) -> list[Assessment]:
    """The assessments the actor may read: all for oversight, else their organisation's."""
    if has_oversight(actor):
        return uow.assessments.list_for_organisation(None)
    if actor.user is None or actor.user.organisation_id is None:
        return []
    return uow.assessments.list_for_organisation(actor.user.organisation_id)


def assessed_systems(uow: UnitOfWork, found: Iterable[Assessment]) -> dict[int, AssessedSystem]:
    """The AI system and the organisation of each assessment of lists the actor was given, by
    system id: read at once for all the rows, whatever their number."""
    return uow.assessments.assessed_systems({assessment.system_id for assessment in found})


def system_assessments(
    uow: UnitOfWork, *, actor: Actor, slug: str
) -> tuple[SystemRecord, list[Assessment], GateStatus]:
    record = _system(uow, slug)
    assert record.id is not None
    if not (has_oversight(actor) or is_member(actor, record.organisation_id)):
        raise NotFound(NO_SYSTEM)
    found = uow.assessments.list_for_system(record.id)
    return record, found, publication_gate(uow, record, on=_today(uow))


def committees_of(uow: UnitOfWork, *, actor: Actor) -> list[Committee]:
    """Committees the actor sits on (every committee for an administrator)."""
    every = uow.committees.list_all()
    if actor.role is Role.ADMIN:
        return every
    return [c for c in every if is_committee_member(actor, c)]


@dataclass(frozen=True)
class InboxItem:
    assessment: Assessment
    committee: Committee
    vote_due: bool
    leads: bool


def committee_inbox(uow: UnitOfWork, *, actor: Actor) -> list[InboxItem]:
    """Assessments before the actor's committees, and whether the actor's vote is due."""
    mine = [c for c in uow.committees.list_all() if is_committee_member(actor, c)]
    by_id = {c.id: c for c in mine if c.id is not None}
    items = []
    for assessment in uow.assessments.list_for_committees(list(by_id)):
        if assessment.state not in {AssessmentState.SUBMITTED, AssessmentState.UNDER_REVIEW}:
            continue
        assert assessment.committee_id is not None
        committee = by_id[assessment.committee_id]
        key = str(actor.user.id) if actor.user else ""
        due = (
            assessment.ballot is not None
            and not assessment.ballot.closed
            and key in assessment.ballot.pending()
        )
        items.append(InboxItem(assessment, committee, due, committee.leads(_user_id(actor))))
    return items


def regulator_inbox(uow: UnitOfWork, *, actor: Actor) -> list[Assessment]:
    """FRIAs notified to the market-surveillance authority (Art 27(3))."""
    if not can_see_notifications(actor):
        raise PermissionDenied(DENIED)
    return uow.assessments.list_notified()


def compare_versions(
    uow: UnitOfWork, *, actor: Actor, assessment_id: int, other_id: int
) -> tuple[Assessment, Assessment, list[AnswerChange]]:
    after = get_assessment(uow, actor=actor, assessment_id=assessment_id)
    before = get_assessment(uow, actor=actor, assessment_id=other_id)
    if (before.system_id, before.template) != (after.system_id, after.template):
        raise NotFound(Message(N_("There is no such version.")))
    return before, after, compare_answers(before, after)


def committee_of(uow: UnitOfWork, assessment: Assessment) -> Committee | None:
    if assessment.committee_id is None:
        return None
    return uow.committees.get(assessment.committee_id)


def system_of(uow: UnitOfWork, assessment: Assessment) -> SystemRecord:
    """The AI system an assessment is about (an assessment never outlives its record)."""
    record = uow.systems.get(assessment.system_id)
    if record is None:
        raise NotFound(NO_SYSTEM)
    return record


def organisation_of(uow: UnitOfWork, assessment: Assessment) -> Organisation | None:
    return uow.organisations.get(assessment.organisation_id)


def published_audits(uow: UnitOfWork, assessment: Assessment) -> list[AuditReport]:
    """The published audits of the assessed system, which an assessment may cite as evidence."""
    return uow.audit_reports.published_for_system(assessment.system_id)


def available_committees(uow: UnitOfWork, organisation_id: int) -> list[Committee]:
    """The organisation's own committees and the shared ones."""
    return [c for c in uow.committees.list_all() if c.organisation_id in {None, organisation_id}]
