"""The risk register and its action plan: rights at stake, levels, measures (owner, due date,
status) and the measures overdue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from balise.domain.assessments.catalogue import SCALE, risk_scale
from balise.domain.assessments.fields import MAX_TEXT, parse_date, text_field
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True)
class Measure:
    description: str
    owner: str
    due: date | None
    status: MeasureStatus = MeasureStatus.PLANNED

    def overdue(self, today: date) -> bool:
        return self.status is not MeasureStatus.DONE and self.due is not None and self.due < today

    def to_json(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status.value,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Measure:
        return cls(
            str(data["description"]),
            str(data["owner"]),
            parse_date(data.get("due")),
            MeasureStatus(data["status"]),
        )


@dataclass(frozen=True)
class Risk:
    """A risk to a fundamental right: the Charter article, who is affected, how likely, how bad."""

    key: str
    right: str
    group: str
    description: str
    likelihood: int
    severity: int
    residual_likelihood: int
    residual_severity: int
    measures: tuple[Measure, ...] = ()
    evidence: str = ""

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        if self.right not in risk_scale().rights:
            errors["right"] = Message(N_("Choose the right at stake from the list."))
        if not self.group.strip():
            errors["group"] = Message(N_("Name the group affected."))
        for name in ("likelihood", "severity", "residual_likelihood", "residual_severity"):
            if getattr(self, name) not in SCALE:
                errors[name] = Message(N_("Choose a level from 1 to 4."))
        if errors:
            raise ValidationError(errors)

    @property
    def level(self) -> str:
        return risk_scale().level(self.likelihood, self.severity)

    @property
    def residual_level(self) -> str:
        return risk_scale().level(self.residual_likelihood, self.residual_severity)

    def overdue(self, today: date) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.overdue(today))

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "right": self.right,
            "group": self.group,
            "description": self.description,
            "likelihood": self.likelihood,
            "severity": self.severity,
            "level": self.level,
            "residual_likelihood": self.residual_likelihood,
            "residual_severity": self.residual_severity,
            "residual_level": self.residual_level,
            "measures": [m.to_json() for m in self.measures],
            "evidence": self.evidence,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Risk:
        return cls(
            key=str(data["key"]),
            right=str(data["right"]),
            group=str(data["group"]),
            description=str(data.get("description", "")),
            likelihood=int(data["likelihood"]),
            severity=int(data["severity"]),
            residual_likelihood=int(data["residual_likelihood"]),
            residual_severity=int(data["residual_severity"]),
            measures=tuple(Measure.from_json(m) for m in data.get("measures", [])),
            evidence=str(data.get("evidence", "")),
        )


def parse_risk(key: str, raw: Mapping[str, str]) -> Risk:
    """A risk and its first measure from form fields; every error at once, per field."""
    errors: dict[str, Message] = {}

    def level(name: str) -> int:
        text = str(raw.get(name) or "").strip()
        if text not in {str(n) for n in SCALE}:
            errors[name] = Message(N_("Choose a level from 1 to 4."))
            return 1
        return int(text)

    likelihood, severity = level("likelihood"), level("severity")
    residual_likelihood, residual_severity = (
        level("residual_likelihood"),
        level("residual_severity"),
    )
    right = str(raw.get("right") or "")
    if right not in risk_scale().rights:
        errors["right"] = Message(N_("Choose the right at stake from the list."))
    group = text_field(str(raw.get("group") or ""), "group", errors, required=True)
    description = text_field(
        str(raw.get("description") or ""), "description", errors, required=True
    )
    measures: list[Measure] = []
    measure = str(raw.get("measure") or "").strip()
    if measure:
        owner = text_field(str(raw.get("owner") or ""), "owner", errors, required=True)
        due: date | None = None
        try:
            due = parse_date(str(raw.get("due") or "").strip() or None)
        except ValueError:
            errors["due"] = Message(N_("Give a date as YYYY-MM-DD."))
        if due is None and "due" not in errors:
            errors["due"] = Message(N_("Give a due date."))
        measures.append(Measure(measure[:MAX_TEXT], owner, due))
    if errors:
        raise ValidationError(errors)
    return Risk(
        key=key,
        right=right,
        group=group,
        description=description,
        likelihood=likelihood,
        severity=severity,
        residual_likelihood=residual_likelihood,
        residual_severity=residual_severity,
        measures=tuple(measures),
        evidence=str(raw.get("evidence") or "").strip()[:500],
    )


@dataclass(frozen=True)
class PlanItem:
    """One measure of the action plan: the risk it treats, its place there, whether overdue."""

    risk: Risk
    index: int
    measure: Measure
    overdue: bool


def action_plan(risks: Sequence[Risk], today: date) -> list[PlanItem]:
    """Every measure of the risk register, overdue ones first, then by due date (none last)."""
    items = [
        PlanItem(risk, index, measure, measure.overdue(today))
        for risk in risks
        for index, measure in enumerate(risk.measures)
    ]
    return sorted(
        items,
        key=lambda item: (
            not item.overdue,
            item.measure.due is None,
            item.measure.due or today,
        ),
    )
