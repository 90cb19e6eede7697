"""Public figures on citizens' requests, per organisation and per system; no personal data."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from balise.domain.monitoring.requests import CitizenRequest, Outcome, RequestKind
from balise.domain.register.model import State
from balise.services.ports import UnitOfWork


@dataclass(frozen=True)
class RequestStatistics:
    total: int
    by_kind: dict[str, int]
    answered: int
    median_days_to_answer: float | None
    share_on_time: float | None
    share_changed: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "by_kind": self.by_kind,
            "answered": self.answered,
            "median_days_to_answer": self.median_days_to_answer,
            "share_on_time": self.share_on_time,
            "share_changed": self.share_changed,
        }


def compute_statistics(requests: list[CitizenRequest]) -> RequestStatistics:
    answered = [r for r in requests if r.answered_on is not None and r.answer is not None]
    days = [d for r in answered if (d := r.days_to_answer()) is not None]
    changed = [
        r for r in answered if r.answer is not None and r.answer.outcome is not Outcome.UPHELD
    ]
    return RequestStatistics(
        total=len(requests),
        by_kind={kind.value: sum(r.kind is kind for r in requests) for kind in RequestKind},
        answered=len(answered),
        median_days_to_answer=float(statistics.median(days)) if days else None,
        share_on_time=(sum(bool(r.answered_on_time) for r in answered) / len(answered))
        if answered
        else None,
        share_changed=(len(changed) / len(answered)) if answered else None,
    )


def request_statistics(
    uow: UnitOfWork, *, organisation_id: int | None = None, system_id: int | None = None
) -> RequestStatistics:
    """Public figures; no personal data goes into them."""
    return compute_statistics(
        uow.citizen_requests.list_for(organisation_id=organisation_id, system_id=system_id)
    )


def statistics_rows(uow: UnitOfWork, level: str) -> list[tuple[str, str, RequestStatistics]]:
    """Slug, name and figures of each organisation (`level="organisation"`) or published system
    that has received requests."""
    rows: list[tuple[str, str, RequestStatistics]] = []
    for organisation in uow.organisations.list_all():
        assert organisation.id is not None
        if level == "organisation":
            stats = request_statistics(uow, organisation_id=organisation.id)
            if stats.total:
                found = organisation.name.in_language("fr")
                rows.append((organisation.slug, found.text if found else "", stats))
            continue
        for record in uow.systems.list_for_organisation(organisation.id):
            if record.state is not State.PUBLISHED:
                continue
            stats = request_statistics(uow, system_id=record.id)
            if stats.total:
                rows.append((record.slug, record.name_in(record.default_language), stats))
    return rows
