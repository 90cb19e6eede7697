"""The eco-label A–E: grading rule read from `labels.yaml` (versioned data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

LABELS_FILE = Path(__file__).parent / "labels.yaml"
LETTERS = ("A", "B", "C", "D", "E")


@dataclass(frozen=True)
class LabelClass:
    label: str
    up_to: float | None
    """Upper bound in gCO2e per 1,000 decisions, included; None for the last class."""


@dataclass(frozen=True)
class LabelRule:
    version: str
    date: date
    unit: str
    basis: str
    classes: tuple[LabelClass, ...]
    rationale: dict[str, str]

    def grade(self, grams_per_thousand: float) -> str:
        """The first class whose upper bound the figure does not exceed."""
        if grams_per_thousand < 0:
            raise ValueError("a footprint is not negative")
        for item in self.classes:
            if item.up_to is None or grams_per_thousand <= item.up_to:
                return item.label
        return self.classes[-1].label


@dataclass(frozen=True)
class Label:
    """A system's label, with the version and date of the rule it was graded with."""

    letter: str
    rule_version: str
    rule_date: date

    def to_json(self) -> dict[str, str]:
        return {
            "letter": self.letter,
            "rule_version": self.rule_version,
            "rule_date": self.rule_date.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Label:
        return cls(data["letter"], data["rule_version"], date.fromisoformat(data["rule_date"]))


def _parse(version: str, raw: dict[str, Any]) -> LabelRule:
    classes = tuple(
        LabelClass(str(c["label"]), float(c["up_to"]) if "up_to" in c else None)
        for c in raw["classes"]
    )
    if tuple(c.label for c in classes) != LETTERS or classes[-1].up_to is not None:
        raise ValueError("a label rule has the classes A to E, the last one open")
    bounds = [c.up_to for c in classes[:-1] if c.up_to is not None]
    if len(bounds) != len(classes) - 1 or bounds != sorted(bounds):
        raise ValueError("a label rule's bounds rise from A to D")
    day = raw["date"]
    return LabelRule(
        version=version,
        date=day if isinstance(day, date) else date.fromisoformat(str(day)),
        unit=str(raw["unit"]),
        basis=str(raw["basis"]),
        classes=classes,
        rationale={str(k): str(v) for k, v in raw["rationale"].items()},
    )


@cache
def load_label_rule(version: str | None = None) -> LabelRule:
    """The grading rule of a version, the current one by default."""
    raw = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    chosen = version or str(raw["current"])
    if chosen not in raw["versions"]:
        raise ValidationError.single(
            "rule_version",
            N_("There is no eco-label rule of version %(version)s."),
            version=chosen,
        )
    return _parse(chosen, raw["versions"][chosen])


def grade(grams_per_thousand: float, rule: LabelRule | None = None) -> Label:
    chosen = rule or load_label_rule()
    return Label(chosen.grade(grams_per_thousand), chosen.version, chosen.date)
