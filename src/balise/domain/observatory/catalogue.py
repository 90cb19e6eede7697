"""The indicators, read from `indicators.yaml`: what each measures, how and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from balise.domain.shared.i18n import LANGUAGES, LocalizedText

INDICATORS_FILE = Path(__file__).parent / "indicators.yaml"


class Unit(StrEnum):
    COUNT = "count"
    SHARE = "share"  # a fraction between 0 and 1
    DAYS = "days"
    PEOPLE = "people"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True)
class Indicator:
    code: str
    version: str
    function: str
    source: str
    unit: Unit
    direction: Direction
    target: float | None
    basis: str
    name: LocalizedText
    definition: LocalizedText

    def __post_init__(self) -> None:
        from balise.domain.observatory.functions import FUNCTIONS

        if self.function not in FUNCTIONS:
            raise ValueError(f"indicator {self.code}: unknown function {self.function!r}")
        for text in (self.name, self.definition):
            missing = [lang.value for lang in LANGUAGES if lang not in text.languages()]
            if missing:
                raise ValueError(f"indicator {self.code}: no text in {missing}")
        if self.unit is Unit.SHARE and self.target is not None and not 0 <= self.target <= 1:
            raise ValueError(f"indicator {self.code}: a share's target lies between 0 and 1")

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "version": self.version,
            "function": self.function,
            "source": self.source,
            "unit": self.unit.value,
            "direction": self.direction.value,
            "target": self.target,
            "basis": self.basis,
            "name": self.name.as_dict(),
            "definition": self.definition.as_dict(),
        }


def _indicator(raw: dict[str, Any], version: str) -> Indicator:
    target = raw.get("target")
    return Indicator(
        code=str(raw["code"]),
        version=version,
        function=str(raw["function"]),
        source=str(raw["source"]),
        unit=Unit(raw["unit"]),
        direction=Direction(raw["direction"]),
        target=float(target) if target is not None else None,
        basis=str(raw["basis"]),
        name=LocalizedText.from_mapping(raw["name"]),
        definition=LocalizedText.from_mapping(raw["definition"]),
    )


@cache
def load_indicators(version: str | None = None) -> tuple[Indicator, ...]:
    """The indicators of one version of the file (the current one by default), in its order."""
    raw = yaml.safe_load(INDICATORS_FILE.read_text(encoding="utf-8"))
    chosen = str(version or raw["current"])
    indicators = tuple(_indicator(item, chosen) for item in raw["versions"][chosen])
    codes = [indicator.code for indicator in indicators]
    if len(set(codes)) != len(codes):
        raise ValueError("indicator codes must be unique")
    return indicators


def find_indicator(code: str) -> Indicator | None:
    return next((i for i in load_indicators() if i.code == code), None)
