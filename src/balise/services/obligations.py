"""Use cases of the obligation tracker: a record's AI Act duties, their status and evidence.

The duties come from the record's stored classifications (`services/aiact.py`); the evidence
Balise already holds for the record is offered for each duty by the rules of
`domain/obligations/evidence.yaml`: its signed impact assessments, its finished audits published
on the portal, the serious incidents reported for it. Who may do what is decided in
`services/permissions.py` (`# --- obligations ---`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from balise.data.demo import read_demo_data
from balise.domain.accounts.model import Actor
from balise.domain.aiact.questionnaire_records import SavedQuestionnaire, StoredClassification
from balise.domain.assessments.model import AssessmentState
from balise.domain.obligations.evidence import evidence_rules
from balise.domain.obligations.model import Evidence, EvidenceKind, StatusInput, Tracking
from balise.domain.obligations.tracker import Tracker, duties_of, track
from balise.domain.register.model import State, SystemRecord
from balise.domain.shared.clock import Clock
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_
from balise.services import aiact, permissions
from balise.services.audit_log import record_event
from balise.services.ports import UnitOfWork

__all__ = [
    "RecordCompliance",
    "TrackerPage",
    "get_tracker",
    "held_evidence",
    "public_tracker",
    "record_compliance",
    "seed_demo",
    "set_status",
]


@dataclass(frozen=True)
class TrackerPage:
    """A record's tracker as its organisation sees it, and what the actor may do."""

    record: SystemRecord
    tracker: Tracker
    held: tuple[Evidence, ...]
    classified: bool
    can_edit: bool

    def to_json(self) -> dict[str, Any]:
        """The document the page's JSON twin, the API and `balise obligations show` give."""
        return {
            "system": self.record.slug,
            "classified": self.classified,
            "can_edit": self.can_edit,
            **self.tracker.to_json(),
            "held_evidence": [evidence.to_json() for evidence in self.held],
        }


def held_evidence(uow: UnitOfWork, record: SystemRecord) -> list[Evidence]:
    """What Balise holds for the record that may meet a duty."""
    assert record.id is not None
    found = [
        Evidence(
            EvidenceKind.ASSESSMENT,
            f"{assessment.template.value} {assessment.number}",
            str(assessment.id),
            f"/assessments/{assessment.id}",
            assessment.template.value,
        )
        for assessment in uow.assessments.list_for_system(record.id)
        if assessment.state is AssessmentState.SIGNED
    ]
    found += [
        Evidence(
            EvidenceKind.AUDIT,
            f"{report.kind.value} {report.id}",
            str(report.id),
            f"/audits/{report.id}",
            report.kind.value,
        )
        for report in uow.audit_reports.published_for_system(record.id)
    ]
    found += [
        Evidence(
            EvidenceKind.INCIDENT_PROCEDURE,
            incident.reference,
            incident.reference,
            f"/monitoring/incidents/{incident.reference}",
            "incident",
        )
        for incident in uow.incidents.list_for_organisation(record.organisation_id)
        if incident.system_id == record.id
    ]
    return found


def _tracker(uow: UnitOfWork, record: SystemRecord, held: list[Evidence]) -> tuple[Tracker, bool]:
    assert record.id is not None
    stored = uow.aiact_classifications.list_for_system(record.id)
    tracker = track(
        duties_of([s.result for s in stored]),
        uow.obligation_statuses.list_for_system(record.id),
        held,
        evidence_rules(),
        uow.clock.now().date(),
    )
    return tracker, bool(stored)


def get_tracker(uow: UnitOfWork, *, actor: Actor, slug: str) -> TrackerPage:
    """The tracker of a record, for whoever reads its working copy."""
    record = permissions.access_obligations(uow, actor, slug, for_="read")
    held = held_evidence(uow, record)
    tracker, classified = _tracker(uow, record, held)
    return TrackerPage(
        record,
        tracker,
        tuple(held),
        classified,
        permissions.can_track_obligations(actor, record.organisation_id),
    )


def set_status(
    uow: UnitOfWork, *, actor: Actor, slug: str, code: str, role: str, given: StatusInput
) -> Tracking:
    """Say where the organisation stands on one duty, with its evidence or reason."""
    record = permissions.access_obligations(uow, actor, slug, for_="edit")
    assert record.id is not None
    held = held_evidence(uow, record)
    tracker, _ = _tracker(uow, record, held)
    if tracker.find(code, role) is None:
        raise ValidationError.single(
            "obligation", N_("This record's classification has no such duty.")
        )
    status, reason, evidence = given.check({item.key: item for item in held})
    current = uow.obligation_statuses.get(record.id, code, role)
    if current is not None and (current.status, current.reason, current.evidence) == (
        status,
        reason,
        evidence,
    ):
        return current
    saved = uow.obligation_statuses.save(
        Tracking(
            system_id=record.id,
            code=code,
            role=role,
            status=status,
            reason=reason,
            evidence=evidence,
            updated_by=actor.display(),
            updated_at=uow.clock.now(),
        )
    )
    record_event(
        uow,
        actor=actor,
        event_type="obligation.status_set",
        entity_type="system",
        entity_id=record.id,
        before={"obligation": code, "role": role, **current.to_json()} if current else None,
        after={"system": record.slug, "obligation": code, "role": role, **saved.to_json()},
    )
    return saved


def public_tracker(uow: UnitOfWork, system_id: int) -> Tracker | None:
    """The tracker of a published record, for its portal page; None when it has no duties."""
    record = uow.systems.get(system_id)
    if record is None or record.version == 0 or record.state is State.WITHDRAWN:
        return None
    tracker, _ = _tracker(uow, record, [])
    return tracker if tracker.duties else None


@dataclass(frozen=True)
class RecordCompliance:
    """What a record's page shows of its AI Act work: the latest stored classification, the
    questionnaire it came from (for that questionnaire's owner only) and the tracker."""

    latest: StoredClassification | None
    questionnaire: SavedQuestionnaire | None
    tracker: Tracker


def record_compliance(uow: UnitOfWork, *, actor: Actor, slug: str) -> RecordCompliance:
    record = permissions.access_obligations(uow, actor, slug, for_="read")
    assert record.id is not None
    stored = uow.aiact_classifications.list_for_system(record.id)
    latest = stored[0] if stored else None
    questionnaire = None
    if latest is not None and latest.questionnaire_id is not None:
        found = uow.aiact_questionnaires.get(latest.questionnaire_id)
        if found is not None and permissions.can_see_questionnaire(actor, found):
            questionnaire = found
    tracker, _ = _tracker(uow, record, held_evidence(uow, record))
    return RecordCompliance(latest, questionnaire, tracker)


def seed_demo(uow: UnitOfWork, *, clock: Clock) -> bool:
    """Classify the demo records of `data/demo/obligations.yaml` and set a few duties' status;
    nothing for a record that already has a stored classification."""
    data = read_demo_data("obligations")
    domain = read_demo_data("users")["domain"]
    added = False
    for item in data["trackers"]:
        organisation = uow.organisations.find_by_slug(item["organisation"])
        if organisation is None or organisation.id is None:
            continue
        record = uow.systems.find_by_source_id(organisation.id, item["system"])
        if (
            record is None
            or record.id is None
            or uow.aiact_classifications.list_for_system(record.id)
        ):
            continue
        user = uow.users.find_by_email(f"{item['login']}@{domain}")
        if user is None:
            raise LookupError(f"the demo account {item['login']} is missing")
        actor = Actor(user=user)
        aiact.store_classification(
            uow, actor=actor, slug=record.slug, facts=item["facts"], on=clock.now().date()
        )
        for said in item["statuses"]:
            evidence = said.get("evidence", {})
            set_status(
                uow,
                actor=actor,
                slug=record.slug,
                code=said["obligation"],
                role=said["role"],
                given=StatusInput(
                    status=said["status"],
                    reason=said.get("reason", ""),
                    evidence_kind=evidence.get("kind", ""),
                    evidence_reference=evidence.get("reference", ""),
                    evidence_title=evidence.get("title", ""),
                    evidence_url=evidence.get("url", ""),
                ),
            )
        added = True
    return added
