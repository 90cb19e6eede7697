"""A record's footprint: one part per life-cycle phase, the statement, the per-decision figure.

A part is measured (a CodeCarbon run imported) or estimated (`estimate.estimate`). The figures
are normalised per 1,000 decisions: inference per decision, plus training and fine-tuning
amortised over the number of decisions the system is expected to take in its life:

    per 1,000 = 1000 × (inference / decisions it covered
                        + (training + fine-tuning) / expected decisions)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from balise.domain.eco.estimate import Range
from balise.domain.eco.label import Label, grade
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Language, Message

SCHEMA_VERSION = 1
MAX_STATEMENT = 4000


class Phase(StrEnum):
    TRAINING = "training"
    FINE_TUNING = "fine_tuning"
    INFERENCE = "inference"


class Method(StrEnum):
    MEASURED = "measured"
    ESTIMATED = "estimated"


@dataclass(frozen=True)
class GridUsed:
    """The grid figure a part used: country, intensity and the year it describes."""

    country: str
    g_per_kwh: float
    year: int | None

    def to_json(self) -> dict[str, Any]:
        return {"country": self.country, "g_per_kwh": self.g_per_kwh, "year": self.year}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GridUsed:
        year = data.get("year")
        return cls(str(data["country"]), float(data["g_per_kwh"]), int(year) if year else None)


@dataclass(frozen=True)
class Part:
    phase: Phase
    method: Method
    energy_kwh: Range
    carbon_kg: Range
    grid: GridUsed
    recorded_on: date
    water_l: float | None = None
    decisions: int | None = None
    """Inference only: the number of decisions the figures cover."""
    details: Mapping[str, Any] = field(default_factory=dict)
    """The estimate's input, or the measured runs' metadata."""

    def __post_init__(self) -> None:
        if self.phase is Phase.INFERENCE and not self.decisions:
            raise ValidationError.single(
                "decisions",
                N_("Give the number of decisions these inference figures cover."),
            )

    def to_json(self) -> dict[str, Any]:
        return {
            "phase": self.phase.value,
            "method": self.method.value,
            "energy_kwh": self.energy_kwh.to_json(),
            "carbon_kg": self.carbon_kg.to_json(),
            "grid": self.grid.to_json(),
            "recorded_on": self.recorded_on.isoformat(),
            "water_l": self.water_l,
            "decisions": self.decisions,
            "details": dict(self.details),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Part:
        water = data.get("water_l")
        decisions = data.get("decisions")
        return cls(
            phase=Phase(data["phase"]),
            method=Method(data["method"]),
            energy_kwh=Range.from_json(data["energy_kwh"]),
            carbon_kg=Range.from_json(data["carbon_kg"]),
            grid=GridUsed.from_json(data["grid"]),
            recorded_on=date.fromisoformat(data["recorded_on"]),
            water_l=float(water) if water is not None else None,
            decisions=int(decisions) if decisions is not None else None,
            details=dict(data.get("details") or {}),
        )


@dataclass(frozen=True)
class Statement:
    """Why AI is needed here, and which simpler alternative was considered (and why not)."""

    why_ai: str = ""
    alternative: str = ""
    language: Language = Language.FR

    def to_json(self) -> dict[str, str]:
        return {"why_ai": self.why_ai, "alternative": self.alternative, "language": self.language}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Statement:
        return cls(data.get("why_ai", ""), data.get("alternative", ""), Language(data["language"]))


def statement(
    why_ai: str, alternative: str, language: str, expected: str | int | None
) -> tuple[Statement, int | None]:
    """The statement and the expected number of decisions, checked, every error at once."""
    errors: dict[str, Message] = {}
    why, other = why_ai.strip(), alternative.strip()
    for name, text in (("why_ai", why), ("alternative", other)):
        if len(text) > MAX_STATEMENT:
            errors[name] = Message(
                N_("Keep this under %(count)s characters."), {"count": MAX_STATEMENT}
            )
    try:
        lang = Language(language)
    except ValueError:
        errors["language"] = Message(N_("Choose a language."))
        lang = Language.FR
    number: int | None = None
    raw = str(expected).strip().replace(" ", "").replace("_", "") if expected is not None else ""
    if raw:
        try:
            number = int(raw)
            if number <= 0:
                raise ValueError
        except ValueError:
            errors["expected_decisions"] = Message(N_("Enter a whole number greater than zero."))
            number = None
    if errors:
        raise ValidationError(errors)
    return Statement(why, other, lang), number


@dataclass(frozen=True)
class PerThousand:
    """Figures per 1,000 decisions, with their ranges."""

    energy_wh: Range
    carbon_g: Range

    def to_json(self) -> dict[str, Any]:
        return {"energy_wh": self.energy_wh.to_json(), "carbon_g": self.carbon_g.to_json()}


@dataclass(frozen=True)
class Footprint:
    """Everything a record says about its footprint: a typed document with a schema version."""

    parts: Mapping[Phase, Part] = field(default_factory=dict)
    expected_decisions: int | None = None
    statement: Statement = field(default_factory=Statement)
    label: Label | None = None
    graded_on: date | None = None

    def with_part(self, part: Part) -> Footprint:
        return replace(self, parts={**self.parts, part.phase: part})

    def without_part(self, phase: Phase) -> Footprint:
        return replace(self, parts={k: v for k, v in self.parts.items() if k is not phase})

    def per_thousand(self) -> PerThousand | None:
        """The figures per 1,000 decisions, or None when they cannot be normalised yet."""
        return per_thousand(self.parts, self.expected_decisions)

    def graded(self, today: date) -> Footprint:
        """The footprint with its label graded by the current rule (or none without figures)."""
        normalised = self.per_thousand()
        if normalised is None:
            return replace(self, label=None, graded_on=None)
        return replace(self, label=grade(normalised.carbon_g.value), graded_on=today)

    def to_json(self) -> dict[str, Any]:
        normalised = self.per_thousand()
        return {
            "schema_version": SCHEMA_VERSION,
            "parts": [self.parts[p].to_json() for p in Phase if p in self.parts],
            "expected_decisions": self.expected_decisions,
            "statement": self.statement.to_json(),
            "per_thousand": normalised.to_json() if normalised else None,
            "label": self.label.to_json() if self.label else None,
            "graded_on": self.graded_on.isoformat() if self.graded_on else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Footprint:
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(f"unknown footprint schema {data.get('schema_version')}")
        parts = [Part.from_json(p) for p in data.get("parts", [])]
        label = data.get("label")
        graded = data.get("graded_on")
        return cls(
            parts={p.phase: p for p in parts},
            expected_decisions=data.get("expected_decisions"),
            statement=Statement.from_json(data["statement"]),
            label=Label.from_json(label) if label else None,
            graded_on=date.fromisoformat(graded) if graded else None,
        )


def per_thousand(parts: Mapping[Phase, Part], expected: int | None) -> PerThousand | None:
    """Inference per decision plus training and fine-tuning amortised, times 1,000.

    None without an inference part, or when training or fine-tuning is given without an expected
    number of decisions to spread it over.
    """
    inference = parts.get(Phase.INFERENCE)
    if inference is None or not inference.decisions:
        return None
    upfront = [parts[p] for p in (Phase.TRAINING, Phase.FINE_TUNING) if p in parts]
    if upfront and not expected:
        return None
    energy = inference.energy_kwh.scaled(1 / inference.decisions)
    carbon = inference.carbon_kg.scaled(1 / inference.decisions)
    for part in upfront:
        assert expected is not None
        energy = energy + part.energy_kwh.scaled(1 / expected)
        carbon = carbon + part.carbon_kg.scaled(1 / expected)
    # kWh -> Wh and kg -> g (× 1000), per 1,000 decisions (× 1000)
    return PerThousand(energy.scaled(1_000_000), carbon.scaled(1_000_000))
