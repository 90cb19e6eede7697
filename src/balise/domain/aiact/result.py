"""What the classifier decides: categories, legal basis, obligations, penalties and the trace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"
    PROHIBITED = "prohibited"
    HIGH_RISK = "high_risk"
    TRANSPARENCY_ONLY = "transparency_only"
    MINIMAL = "minimal"
    GPAI = "gpai"
    GPAI_SYSTEMIC_RISK = "gpai_systemic_risk"


class Outcome(StrEnum):
    FIRED = "fired"  # the conditions hold and no exception applies
    EXCEPTED = "excepted"  # the conditions hold but an exception of the article rules it out
    NOT_MET = "not_met"  # the conditions do not hold
    SUPERSEDED = "superseded"  # it held, but another rule decides (e.g. a scope exclusion)
    NOT_IN_LAW = "not_in_law"  # the rule is not part of the law version applied


@dataclass(frozen=True)
class TraceEntry:
    rule: str
    article: str
    law: str
    outcome: Outcome
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "article": self.article,
            "law": self.law,
            "outcome": self.outcome.value,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Obligation:
    code: str
    article: str
    role: str
    applies_from: dt.date | None
    applies: bool
    explanation: Mapping[str, str]
    basis: str
    condition: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "article": self.article,
            "role": self.role,
            "applies_from": self.applies_from.isoformat() if self.applies_from else None,
            "applies": self.applies,
            "explanation": dict(self.explanation),
            "basis": self.basis,
            "condition": self.condition,
        }


@dataclass(frozen=True)
class PenaltyCeiling:
    tier: str
    article: str
    fixed_eur: int
    turnover_percent: int
    rule: str  # "higher" or "lower" of the two amounts
    ceiling_eur: float | None
    applies_from: dt.date | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "tier": self.tier,
            "article": self.article,
            "fixed_eur": self.fixed_eur,
            "turnover_percent": self.turnover_percent,
            "rule": self.rule,
            "ceiling_eur": self.ceiling_eur,
            "applies_from": self.applies_from.isoformat() if self.applies_from else None,
        }


@dataclass(frozen=True)
class Classification:
    law: str
    law_title: str
    evaluation_date: dt.date
    roles: tuple[str, ...]
    categories: tuple[Category, ...]
    legal_basis: tuple[str, ...]
    fria_required: bool
    obligations: tuple[Obligation, ...]
    other_party_obligations: tuple[Obligation, ...]
    penalties: tuple[PenaltyCeiling, ...]
    trace: tuple[TraceEntry, ...] = field(repr=False)

    @property
    def penalty_ceiling(self) -> PenaltyCeiling | None:
        return self.penalties[0] if self.penalties else None

    def obligation(self, code: str) -> Obligation | None:
        return next((o for o in self.obligations if o.code == code), None)

    def codes(self) -> set[str]:
        return {obligation.code for obligation in self.obligations}

    def other_codes(self) -> set[str]:
        return {obligation.code for obligation in self.other_party_obligations}

    def as_dict(self) -> dict[str, Any]:
        ceiling = self.penalty_ceiling
        return {
            "law": self.law,
            "law_title": self.law_title,
            "evaluation_date": self.evaluation_date.isoformat(),
            "roles": list(self.roles),
            "categories": [category.value for category in self.categories],
            "legal_basis": list(self.legal_basis),
            "fria_required": self.fria_required,
            "obligations": [obligation.as_dict() for obligation in self.obligations],
            "other_party_obligations": [o.as_dict() for o in self.other_party_obligations],
            "penalty_ceiling": ceiling.as_dict() if ceiling else None,
            "penalties": [penalty.as_dict() for penalty in self.penalties],
            "trace": [entry.as_dict() for entry in self.trace],
            "disclaimer": "Not legal advice. Generated from the rule set "
            f"for {self.law_title}; only the Official Journal texts are authentic.",
        }
