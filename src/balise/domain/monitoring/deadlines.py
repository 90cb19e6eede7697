"""Legal deadlines of incidents and citizens' requests, read from `deadlines.yaml`.

The rules are data, each with its article; these functions only pick a rule and count its
period with `periods.period_end` on the Belgian calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from balise.domain.monitoring.calendar import is_working_day
from balise.domain.monitoring.periods import period_end
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

RULES_FILE = Path(__file__).parent / "deadlines.yaml"


class IncidentClock(StrEnum):
    """Which clock of Art 73 runs for an incident."""

    DEATH = "death"
    CRITICAL_INFRASTRUCTURE = "critical_infrastructure"
    WIDESPREAD = "widespread"
    OTHER = "other"


class RequestBasis(StrEnum):
    """The legal basis that sets the deadline to answer a citizen's request."""

    GDPR = "gdpr"
    PUBLICITY_1994 = "publicity_1994"


@dataclass(frozen=True)
class Deadline:
    due_on: date
    article: str
    rules_version: str

    def to_json(self) -> dict[str, str]:
        return {
            "due_on": self.due_on.isoformat(),
            "article": self.article,
            "rules_version": self.rules_version,
        }


@cache
def _rules(version: str | None = None) -> tuple[str, dict[str, Any]]:
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    chosen = version or str(raw["current"])
    if chosen not in raw["versions"]:
        raise ValidationError.single(
            "rules_version",
            N_("There are no deadline rules of version %(version)s."),
            version=chosen,
        )
    rules: dict[str, Any] = raw["versions"][chosen]
    return chosen, rules


def rules_version() -> str:
    return _rules()[0]


def incident_deadline(
    aware_on: date, clock: IncidentClock, *, version: str | None = None
) -> Deadline:
    """The last day to report a serious incident, counted from the day of awareness."""
    chosen, rules = _rules(version)
    rule = rules["incidents"][clock.value]
    due = period_end(aware_on, days=int(rule["days"]), is_working_day=is_working_day)
    return Deadline(due, str(rule["article"]), chosen)


def incident_clocks(
    *, death: bool, critical_infrastructure: bool, widespread: bool
) -> list[IncidentClock]:
    clocks = [IncidentClock.OTHER]
    if death:
        clocks.append(IncidentClock.DEATH)
    if critical_infrastructure:
        clocks.append(IncidentClock.CRITICAL_INFRASTRUCTURE)
    if widespread:
        clocks.append(IncidentClock.WIDESPREAD)
    return clocks


def earliest_incident_deadline(
    aware_on: date, clocks: list[IncidentClock], *, version: str | None = None
) -> Deadline:
    """Where several clocks run (a death in a widespread infringement), the shortest one wins."""
    deadlines = [incident_deadline(aware_on, clock, version=version) for clock in clocks]
    return min(deadlines, key=lambda deadline: (deadline.due_on, deadline.article))


def request_deadline(
    received_on: date, basis: RequestBasis, *, version: str | None = None
) -> Deadline:
    """The last day to answer a request, counted from the day of receipt."""
    chosen, rules = _rules(version)
    rule = rules["requests"][basis.value]
    due = period_end(
        received_on,
        days=int(rule.get("days", 0)),
        months=int(rule.get("months", 0)),
        is_working_day=is_working_day,
    )
    return Deadline(due, str(rule["article"]), chosen)


def extended_deadline(
    received_on: date, basis: RequestBasis, *, version: str | None = None
) -> Deadline:
    """The last day to answer once the deadline is extended (the whole period from receipt)."""
    chosen, rules = _rules(version)
    rule = rules["requests"][basis.value]
    due = period_end(
        received_on,
        days=int(rule.get("days", 0)) + int(rule.get("extension_days", 0)),
        months=int(rule.get("months", 0)) + int(rule.get("extension_months", 0)),
        is_working_day=is_working_day,
    )
    return Deadline(due, str(rule["article"]), chosen)


def extension_notice_until(
    received_on: date, basis: RequestBasis, *, version: str | None = None
) -> date:
    """The last day on which the person may be told of an extension and its reasons."""
    _, rules = _rules(version)
    rule = rules["requests"][basis.value]
    if "notice_within_months" in rule:
        months = int(rule["notice_within_months"])
        return period_end(received_on, months=months, is_working_day=is_working_day)
    return period_end(
        received_on, days=int(rule["notice_within_days"]), is_working_day=is_working_day
    )
