"""Which evidence meets which duty: the versioned rules of `evidence.yaml`, read once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

import yaml

from balise.domain.obligations.model import Evidence, EvidenceKind

RULES_FILE = Path(__file__).parent / "evidence.yaml"


class Strength(StrEnum):
    MEETS = "meets"
    SUPPORTS = "supports"


@dataclass(frozen=True)
class EvidenceRule:
    code: str
    article: str
    kind: EvidenceKind
    subtypes: frozenset[str]
    strength: Strength

    def matches(self, evidence: Evidence) -> bool:
        return evidence.kind is self.kind and (
            not self.subtypes or evidence.subtype in self.subtypes
        )


@dataclass(frozen=True)
class EvidenceRules:
    version: str
    rules: tuple[EvidenceRule, ...]

    def for_duty(self, code: str) -> tuple[EvidenceRule, ...]:
        return tuple(rule for rule in self.rules if rule.code == code)


@cache
def evidence_rules() -> EvidenceRules:
    raw = yaml.safe_load(RULES_FILE.read_text("utf-8"))
    rules = []
    for code, entry in raw["rules"].items():
        for item in entry["evidence"]:
            rules.append(
                EvidenceRule(
                    code=str(code),
                    article=str(entry["article"]),
                    kind=EvidenceKind(item["kind"]),
                    subtypes=frozenset(str(s) for s in item.get("subtypes") or ()),
                    strength=Strength(item["strength"]),
                )
            )
    return EvidenceRules(str(raw["version"]), tuple(rules))
