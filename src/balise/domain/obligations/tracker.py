"""The tracker: every duty of a record's classifications, its status, its evidence; pure.

The duties are those of the newest stored classification of each set of roles the organisation
was evaluated in (a body that both provides and deploys a system may store one result per
role); an older result for the same roles was superseded by the newer one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from balise.domain.aiact.result import Classification
from balise.domain.obligations.evidence import EvidenceRules, Strength
from balise.domain.obligations.model import Duty, Evidence, Status, Tracking


def duties_of(results: Sequence[Classification]) -> list[Duty]:
    """The duties of the newest result per set of roles (`results` newest first), in order."""
    seen_roles: set[tuple[str, ...]] = set()
    duties: dict[tuple[str, str], Duty] = {}
    for result in results:
        roles = tuple(sorted(result.roles))
        if roles in seen_roles:
            continue
        seen_roles.add(roles)
        for obligation in result.obligations:
            duty = Duty(
                code=obligation.code,
                article=obligation.article,
                role=obligation.role,
                applies_from=obligation.applies_from,
                explanation=dict(obligation.explanation),
                condition=obligation.condition,
            )
            duties.setdefault(duty.key, duty)
    return list(duties.values())


@dataclass(frozen=True)
class Suggestion:
    evidence: Evidence
    strength: Strength
    article: str

    def to_json(self) -> dict[str, Any]:
        return {**self.evidence.to_json(), "strength": self.strength.value, "article": self.article}


def suggestions_for(duty: Duty, held: Iterable[Evidence], rules: EvidenceRules) -> list[Suggestion]:
    """Evidence Balise holds that meets or supports the duty, the strongest first."""
    found = [
        Suggestion(evidence, rule.strength, rule.article)
        for rule in rules.for_duty(duty.code)
        for evidence in held
        if rule.matches(evidence)
    ]
    return sorted(found, key=lambda s: s.strength is not Strength.MEETS)


def status_of(duty: Duty, tracking: Tracking | None, today: dt.date) -> Status:
    """The organisation's word, except that a duty still to do before its date is not yet
    applicable."""
    status = tracking.status if tracking else Status.TO_DO
    if status is Status.TO_DO and duty.applies_from is not None and duty.applies_from > today:
        return Status.NOT_YET_APPLICABLE
    return status


@dataclass(frozen=True)
class TrackedDuty:
    duty: Duty
    status: Status
    tracking: Tracking | None
    suggestions: tuple[Suggestion, ...]

    @property
    def evidence(self) -> Evidence | None:
        return self.tracking.evidence if self.tracking else None

    def to_json(self) -> dict[str, Any]:
        duty = self.duty
        return {
            "code": duty.code,
            "article": duty.article,
            "role": duty.role,
            "applies_from": duty.applies_from.isoformat() if duty.applies_from else None,
            "condition": duty.condition,
            "explanation": dict(duty.explanation),
            "status": self.status.value,
            "reason": self.tracking.reason or None if self.tracking else None,
            "evidence": self.evidence.to_json() if self.evidence else None,
            "suggested_evidence": [s.to_json() for s in self.suggestions],
            "updated_by": self.tracking.updated_by or None if self.tracking else None,
            "updated_at": self.tracking.updated_at.isoformat()
            if self.tracking and self.tracking.updated_at
            else None,
        }


@dataclass(frozen=True)
class Summary:
    """How many duties apply today (not marked not applicable), and how many are met."""

    met: int
    applicable: int
    counts: Mapping[Status, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "met": self.met,
            "applicable": self.applicable,
            "by_status": {status.value: self.counts.get(status, 0) for status in Status},
        }


@dataclass(frozen=True)
class Tracker:
    duties: tuple[TrackedDuty, ...]
    rules_version: str
    today: dt.date

    @property
    def summary(self) -> Summary:
        counts = dict.fromkeys(Status, 0)
        for tracked in self.duties:
            counts[tracked.status] += 1
        applicable = counts[Status.TO_DO] + counts[Status.IN_PROGRESS] + counts[Status.MET]
        return Summary(counts[Status.MET], applicable, counts)

    def find(self, code: str, role: str) -> TrackedDuty | None:
        return next((t for t in self.duties if t.duty.key == (code, role)), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.today.isoformat(),
            "evidence_rules_version": self.rules_version,
            "summary": self.summary.to_json(),
            "duties": [tracked.to_json() for tracked in self.duties],
        }


def track(
    duties: Sequence[Duty],
    trackings: Iterable[Tracking],
    held: Sequence[Evidence],
    rules: EvidenceRules,
    today: dt.date,
) -> Tracker:
    """Each duty with its status on `today`, the organisation's word and suggested evidence.

    A status kept for a duty no longer in the classification is left out (it is still stored,
    and comes back if the duty does)."""
    said = {tracking.key: tracking for tracking in trackings}
    tracked = tuple(
        TrackedDuty(
            duty,
            status_of(duty, said.get(duty.key), today),
            said.get(duty.key),
            tuple(suggestions_for(duty, held, rules)),
        )
        for duty in duties
    )
    return Tracker(tracked, rules.version, today)
