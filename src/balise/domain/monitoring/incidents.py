"""Serious incidents (AI Act Art 3(49), Art 73) and their lifecycle at the regulator.

A provider (Art 73) or a deployer (Art 26(5)) reports an incident about a system of the register,
or about a system that is not in it (then by its name and its provider's name). The first report
may be incomplete (Art 73(5)); every report is kept as a numbered version. The provider records
its investigation (Art 73(6)). The regulator moves the incident from received to closed and
records the measures it asked for; once it has decided, an anonymised entry may be published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from balise.domain.monitoring.deadlines import (
    Deadline,
    IncidentClock,
    earliest_incident_deadline,
    incident_clocks,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import N_, Language, Message

SCHEMA_VERSION = 1
_REFERENCE = re.compile(r"^INC-\d{4}-\d{6}$")
MAX_TEXT = 4000


class IncidentCategory(StrEnum):
    """Art 3(49)(a)-(d)."""

    HEALTH = "health"  # (a) death of a person or serious harm to a person's health
    CRITICAL_INFRASTRUCTURE = "critical_infrastructure"  # (b) serious, irreversible disruption
    FUNDAMENTAL_RIGHTS = "fundamental_rights"  # (c) infringement of fundamental-rights duties
    PROPERTY_ENVIRONMENT = "property_environment"  # (d) serious harm to property or environment


class ReporterRole(StrEnum):
    PROVIDER = "provider"
    DEPLOYER = "deployer"


class ReportStage(StrEnum):
    INITIAL = "initial"  # Art 73(5): incomplete, to be completed
    COMPLETE = "complete"


class RegulatorState(StrEnum):
    RECEIVED = "received"
    UNDER_ASSESSMENT = "under_assessment"
    MEASURES_REQUESTED = "measures_requested"
    CLOSED = "closed"


TRANSITIONS: dict[RegulatorState, frozenset[RegulatorState]] = {
    RegulatorState.RECEIVED: frozenset({RegulatorState.UNDER_ASSESSMENT, RegulatorState.CLOSED}),
    RegulatorState.UNDER_ASSESSMENT: frozenset(
        {RegulatorState.MEASURES_REQUESTED, RegulatorState.CLOSED}
    ),
    RegulatorState.MEASURES_REQUESTED: frozenset(
        {RegulatorState.UNDER_ASSESSMENT, RegulatorState.CLOSED}
    ),
    RegulatorState.CLOSED: frozenset(),
}


def check_reference(reference: str) -> str:
    if not _REFERENCE.match(reference):
        raise ValidationError.single("reference", N_("This is not an incident reference."))
    return reference


def incident_reference(year: int, number: int) -> str:
    return f"INC-{year:04d}-{number:06d}"


@dataclass(frozen=True)
class IncidentReport:
    """One version of the report: what the reporter knew when it sent it."""

    category: IncidentCategory
    aware_on: date
    description: str
    stage: ReportStage = ReportStage.INITIAL
    death: bool = False
    widespread: bool = False
    occurred_on: date | None = None
    affected_persons: int | None = None
    affected_groups: str = ""
    immediate_measures: str = ""
    # The language its free text is written in (None in reports stored before it was recorded),
    # so that pages in another language can mark that text with its `lang`.
    language: Language | None = None

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        if not self.description.strip():
            errors["description"] = Message(N_("Describe what happened."))
        for name in ("description", "affected_groups", "immediate_measures"):
            if len(getattr(self, name)) > MAX_TEXT:
                errors[name] = Message(
                    N_("Write at most %(count)s characters."), {"count": MAX_TEXT}
                )
        if self.death and self.category is not IncidentCategory.HEALTH:
            errors["death"] = Message(
                N_("A death is an incident of the category death or serious harm to health.")
            )
        if self.occurred_on is not None and self.occurred_on > self.aware_on:
            errors["occurred_on"] = Message(
                N_("The incident cannot have happened after you became aware of it.")
            )
        if self.affected_persons is not None and self.affected_persons < 0:
            errors["affected_persons"] = Message(N_("Give a number of 0 or more."))
        if self.stage is ReportStage.COMPLETE and not self.immediate_measures.strip():
            errors["immediate_measures"] = Message(
                N_("A complete report states the measures taken.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def clocks(self) -> list[IncidentClock]:
        return incident_clocks(
            death=self.death,
            critical_infrastructure=self.category is IncidentCategory.CRITICAL_INFRASTRUCTURE,
            widespread=self.widespread,
        )

    def deadline(self) -> Deadline:
        return earliest_incident_deadline(self.aware_on, self.clocks)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "category": self.category.value,
            "aware_on": self.aware_on.isoformat(),
            "description": self.description,
            "stage": self.stage.value,
            "death": self.death,
            "widespread": self.widespread,
            "occurred_on": self.occurred_on.isoformat() if self.occurred_on else None,
            "affected_persons": self.affected_persons,
            "affected_groups": self.affected_groups,
            "immediate_measures": self.immediate_measures,
            "language": self.language.value if self.language else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IncidentReport:
        return cls(
            category=IncidentCategory(data["category"]),
            aware_on=date.fromisoformat(data["aware_on"]),
            description=data["description"],
            stage=ReportStage(data["stage"]),
            death=bool(data["death"]),
            widespread=bool(data["widespread"]),
            occurred_on=date.fromisoformat(data["occurred_on"]) if data["occurred_on"] else None,
            affected_persons=data["affected_persons"],
            affected_groups=data["affected_groups"],
            immediate_measures=data["immediate_measures"],
            language=Language(data["language"]) if data.get("language") else None,
        )


@dataclass(frozen=True)
class IncidentVersion:
    number: int
    report: IncidentReport
    submitted_at: datetime
    submitted_by: str


@dataclass(frozen=True)
class Incident:
    reference: str
    organisation_id: int
    reporter_role: ReporterRole
    report: IncidentReport
    due_on: date
    article: str
    reported_at: datetime
    system_id: int | None = None
    system_name: str = ""
    provider_name: str = ""
    provider_organisation_id: int | None = None
    state: RegulatorState = RegulatorState.RECEIVED
    version: int = 1
    investigation: str = ""
    investigated_at: datetime | None = None
    measures: str = ""
    follow_up_due_on: date | None = None
    public_summary: str = ""
    published_at: datetime | None = None
    decided_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        check_reference(self.reference)
        errors: dict[str, Message] = {}
        if self.system_id is None and not self.system_name.strip():
            errors["system"] = Message(N_("Choose a system of the register or give its name."))
        if self.system_id is None and not self.provider_name.strip():
            errors["provider_name"] = Message(N_("Give the provider's name."))
        for name in ("investigation", "measures", "public_summary"):
            if len(getattr(self, name)) > MAX_TEXT:
                errors[name] = Message(
                    N_("Write at most %(count)s characters."), {"count": MAX_TEXT}
                )
        if errors:
            raise ValidationError(errors)

    @property
    def late(self) -> bool:
        """Whether the first report came after its legal deadline."""
        return self.reported_at.date() > self.due_on

    def follow_up_overdue(self, today: date) -> bool:
        return (
            self.state is RegulatorState.MEASURES_REQUESTED
            and self.follow_up_due_on is not None
            and today > self.follow_up_due_on
        )

    def complete(self, report: IncidentReport) -> Incident:
        """A new version of the report (Art 73(5)); the clock stays that of the first report."""
        if self.state is RegulatorState.CLOSED:
            raise Conflict(Message(N_("This incident is closed.")))
        if self.report.stage is ReportStage.COMPLETE and report.stage is ReportStage.INITIAL:
            raise Conflict(Message(N_("A complete report cannot be followed by an initial one.")))
        return replace(self, report=report, version=self.version + 1)

    def move_to(
        self,
        state: RegulatorState,
        *,
        at: datetime,
        measures: str = "",
        follow_up_due_on: date | None = None,
    ) -> Incident:
        if state not in TRANSITIONS[self.state]:
            raise Conflict(Message(N_("This step is not possible in the incident's state.")))
        if state is RegulatorState.MEASURES_REQUESTED and not measures.strip():
            raise ValidationError.single("measures", N_("Describe the measures requested."))
        return replace(
            self,
            state=state,
            measures=measures.strip() or self.measures,
            follow_up_due_on=follow_up_due_on
            if state is RegulatorState.MEASURES_REQUESTED
            else self.follow_up_due_on,
            decided_at=at
            if state in {RegulatorState.MEASURES_REQUESTED, RegulatorState.CLOSED}
            else self.decided_at,
        )

    def publish(self, summary: str, *, at: datetime) -> Incident:
        """An anonymised entry, once the regulator has decided; never personal data."""
        if self.state not in {RegulatorState.MEASURES_REQUESTED, RegulatorState.CLOSED}:
            raise Conflict(Message(N_("An incident is published once the regulator has decided.")))
        if not summary.strip():
            raise ValidationError.single("public_summary", N_("Write the public summary."))
        return replace(self, public_summary=summary.strip(), published_at=at)


@dataclass(frozen=True)
class PublicIncident:
    """What the public log shows: no names, no persons, no free text but the regulator's summary."""

    reference: str
    system_slug: str | None
    system_name: str
    category: IncidentCategory
    aware_on: date
    reported_on: date
    due_on: date
    state: RegulatorState
    measures: str
    summary: str
    published_on: date
    language: Language | None = None  # of the summary and the measures: the incident's file's

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "system": {"slug": self.system_slug, "name": self.system_name},
            "category": self.category.value,
            "aware_on": self.aware_on.isoformat(),
            "reported_on": self.reported_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "state": self.state.value,
            "measures": self.measures,
            "summary": self.summary,
            "published_on": self.published_on.isoformat(),
            "language": self.language.value if self.language else None,
        }
