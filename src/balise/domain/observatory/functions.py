"""The pure functions that compute the indicators, each over plain `Facts`.

A value that cannot be computed (nothing to count, a module that does not exist yet) is `None`
with a reason, never a made-up zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import Any

from balise.domain.observatory.facts import (
    Facts,
    PanelFact,
    PublishedSystem,
    ReviewEvent,
    ReviewStep,
)
from balise.domain.shared.i18n import N_

NOTHING_TO_COUNT = N_("No data yet: there is nothing to measure.")
NOT_YET_BUILT = N_("No data yet: the module this indicator reads does not exist yet.")
HIGH_RISK = "high_risk"
CHANGED_OUTCOMES = frozenset({"changed", "withdrawn"})


@dataclass(frozen=True)
class Result:
    """An indicator's value, its breakdown (per category...) and, when it has no value, why."""

    value: float | None
    breakdown: Mapping[str, float] = field(default_factory=dict)
    reason: str | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.reason is None):
            raise ValueError("a result has a value or a reason, not both")

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "breakdown": dict(self.breakdown), "reason": self.reason}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Result:
        value = data.get("value")
        return cls(
            value=float(value) if value is not None else None,
            breakdown={str(k): float(v) for k, v in (data.get("breakdown") or {}).items()},
            reason=data.get("reason"),
        )


def no_data(reason: str = NOTHING_TO_COUNT) -> Result:
    return Result(None, {}, reason)


# --- small pure helpers, tested on hand-computed examples -----------------------------------


def share(numerator: int, denominator: int) -> Result:
    """`numerator / denominator`, or no value when there is nothing to divide by."""
    if denominator < 0 or not 0 <= numerator <= denominator:
        raise ValueError("a share needs 0 <= numerator <= denominator")
    if denominator == 0:
        return no_data()
    return Result(numerator / denominator)


def median_days(spans: Iterable[tuple[date, date]]) -> Result:
    """The median number of days from start to end over the spans, or no value without spans."""
    days = [(end - start).days for start, end in spans]
    if any(d < 0 for d in days):
        raise ValueError("a span ends before it starts")
    if not days:
        return no_data()
    return Result(float(median(days)))


def counts(categories: Iterable[str]) -> Result:
    """The number of items and the count per category (a zero total is a real zero)."""
    counted = Counter(categories)
    return Result(float(sum(counted.values())), {k: float(v) for k, v in sorted(counted.items())})


def quota_gap(panel: PanelFact) -> int:
    """People missing below each quota's minimum or in excess of its maximum, summed."""
    gap = 0
    for quota in panel.quotas:
        n = sum(1 for person in panel.drawn_people if person.get(quota.category) == quota.value)
        gap += max(0, quota.minimum - n) + max(0, n - quota.maximum)
    return gap


def review_cycles(events: Sequence[ReviewEvent]) -> list[tuple[ReviewEvent, list[ReviewEvent]]]:
    """Each submission with the steps that followed it, per system, until the next submission."""
    cycles: list[tuple[ReviewEvent, list[ReviewEvent]]] = []
    open_cycle: dict[int, tuple[ReviewEvent, list[ReviewEvent]]] = {}
    for event in events:
        if event.step is ReviewStep.SUBMITTED:
            open_cycle[event.system_id] = (event, [])
            cycles.append(open_cycle[event.system_id])
        elif event.system_id in open_cycle:
            open_cycle[event.system_id][1].append(event)
    return cycles


def _live(systems: Iterable[PublishedSystem]) -> list[PublishedSystem]:
    return [s for s in systems if not s.withdrawn]


# --- the indicators -------------------------------------------------------------------------


def systems_published(facts: Facts) -> Result:
    return counts(s.risk_category for s in _live(facts.systems))


def systems_by_sector(facts: Facts) -> Result:
    return counts(s.owner.sector for s in _live(facts.systems))


def systems_by_level(facts: Facts) -> Result:
    return counts(s.owner.level for s in _live(facts.systems))


def high_risk_with_fria_share(facts: Facts) -> Result:
    high = [s for s in _live(facts.systems) if s.risk_category == HIGH_RISK]
    return share(sum(1 for s in high if s.system_id in facts.signed_frias), len(high))


def fairness_audit_published_share(facts: Facts) -> Result:
    live = _live(facts.systems)
    return share(sum(1 for s in live if s.system_id in facts.published_fairness_audits), len(live))


def stale_records_share(facts: Facts) -> Result:
    live = _live(facts.systems)
    today = facts.today
    stale = sum(
        1
        for s in live
        if today is not None and s.revision_date is not None and s.revision_date < today
    )
    return share(stale, len(live))


def publication_median_days(facts: Facts) -> Result:
    spans = []
    for submitted, steps in review_cycles(facts.review_events):
        published = next((e for e in steps if e.step is ReviewStep.PUBLISHED), None)
        if published is not None:
            spans.append((submitted.day, published.day))
    return median_days(spans)


def first_review_compliance_share(facts: Facts) -> Result:
    """Of the submissions a reviewer has decided on, those approved rather than sent back."""
    decided = approved = 0
    for _, steps in review_cycles(facts.review_events):
        decision = next(
            (e for e in steps if e.step in {ReviewStep.APPROVED, ReviewStep.SENT_BACK}), None
        )
        if decision is not None:
            decided += 1
            approved += decision.step is ReviewStep.APPROVED
    return share(approved, decided)


def incidents_by_category(facts: Facts) -> Result:
    return counts(i.category for i in facts.incidents)


def incidents_on_time_share(facts: Facts) -> Result:
    on_time = sum(1 for i in facts.incidents if i.reported_on <= i.due_on)
    return share(on_time, len(facts.incidents))


def requests_by_kind(facts: Facts) -> Result:
    return counts(r.kind for r in facts.requests)


def requests_median_response_days(facts: Facts) -> Result:
    return median_days(
        (r.received_on, r.answered_on) for r in facts.requests if r.answered_on is not None
    )


def requests_on_time_share(facts: Facts) -> Result:
    """Of the requests answered, or still open past their deadline, those answered in time."""
    today = facts.today
    answered = [r for r in facts.requests if r.answered_on is not None]
    late_open = [
        r
        for r in facts.requests
        if r.answered_on is None and today is not None and r.due_on < today
    ]
    on_time = sum(1 for r in answered if r.answered_on is not None and r.answered_on <= r.due_on)
    return share(on_time, len(answered) + len(late_open))


def requests_decisions_changed_share(facts: Facts) -> Result:
    decided = [r for r in facts.requests if r.outcome is not None]
    return share(sum(1 for r in decided if r.outcome in CHANGED_OUTCOMES), len(decided))


def panels_held(facts: Facts) -> Result:
    return Result(float(sum(1 for p in facts.panels if p.drawn_on is not None)))


def panels_quota_gap(facts: Facts) -> Result:
    drawn = [p for p in facts.panels if p.drawn_on is not None]
    if not drawn:
        return no_data()
    gaps = [quota_gap(p) for p in drawn]
    return Result(
        sum(gaps) / len(gaps),
        {p.slug or p.owner.organisation: float(g) for p, g in zip(drawn, gaps, strict=True)},
    )


def guides_published(facts: Facts) -> Result:
    """Guides and templates the regulator has published, by kind (a real zero when none)."""
    return counts(g.kind for g in facts.guides)


def questions_answered(facts: Facts) -> Result:
    return Result(float(sum(1 for q in facts.questions if q.answered_on is not None)))


def questions_median_response_days(facts: Facts) -> Result:
    """Calendar days from a question to its answer, median over the answered questions."""
    return median_days(
        (q.asked_on, q.answered_on) for q in facts.questions if q.answered_on is not None
    )


def not_yet_built(facts: Facts) -> Result:
    """Indicators of modules that do not exist yet (eco-labels)."""
    return no_data(NOT_YET_BUILT)


def ecolabels_distribution(facts: Facts) -> Result:
    """Published, live systems per eco-label class (graded by the day in question)."""
    if facts.eco_labels is None:
        return not_yet_built(facts)
    labels = facts.eco_labels
    day = facts.today
    return counts(
        labels[s.system_id][0]
        for s in _live(facts.systems)
        if s.system_id in labels and (day is None or labels[s.system_id][1] <= day)
    )


FUNCTIONS: dict[str, Callable[[Facts], Result]] = {
    "systems_published": systems_published,
    "systems_by_sector": systems_by_sector,
    "systems_by_level": systems_by_level,
    "high_risk_with_fria_share": high_risk_with_fria_share,
    "fairness_audit_published_share": fairness_audit_published_share,
    "stale_records_share": stale_records_share,
    "publication_median_days": publication_median_days,
    "first_review_compliance_share": first_review_compliance_share,
    "incidents_by_category": incidents_by_category,
    "incidents_on_time_share": incidents_on_time_share,
    "requests_by_kind": requests_by_kind,
    "requests_median_response_days": requests_median_response_days,
    "requests_on_time_share": requests_on_time_share,
    "requests_decisions_changed_share": requests_decisions_changed_share,
    "panels_held": panels_held,
    "panels_quota_gap": panels_quota_gap,
    "guides_published": guides_published,
    "questions_answered": questions_answered,
    "questions_median_response_days": questions_median_response_days,
    "ecolabels_distribution": ecolabels_distribution,
}
