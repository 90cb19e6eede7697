"""What the classifier decides: categories, legal basis, obligations, penalties and the trace.

`Classification.to_json()` is the published document (the command line's `--format json`, the
API's classify answer); `from_json()` reads it back, e.g. a result stored on a register record.
A stored document also carries `schema_version` (`to_stored_json()`), so that a later change of
shape can still read what was stored before it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# Version 2 added `fria_required_of_deployer` and `regimes_applicable_on`; version 3 (facts
# schema 2) `annex_iii_points`. A stored result keeps the version it was made with: read back, a
# version 1 result shows the version 1 shape.
SCHEMA_VERSION = 3
SCHEMA_VERSIONS = (1, 2, 3)
ANNEX_III_BASIS = re.compile(r"Annex III point (\S+)$")
DISCLAIMER = (
    "Not legal advice. Generated from the rule set for {title}; only the Official Journal texts "
    "are authentic."
)


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


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

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "article": self.article,
            "law": self.law,
            "outcome": self.outcome.value,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TraceEntry:
        return cls(
            rule=str(data["rule"]),
            article=str(data["article"]),
            law=str(data["law"]),
            outcome=Outcome(data["outcome"]),
            reason=str(data["reason"]),
        )


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

    def to_json(self) -> dict[str, Any]:
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

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Obligation:
        return cls(
            code=str(data["code"]),
            article=str(data["article"]),
            role=str(data["role"]),
            applies_from=_day(data.get("applies_from")),
            applies=bool(data.get("applies")),
            explanation={str(k): str(v) for k, v in (data.get("explanation") or {}).items()},
            basis=str(data.get("basis", "")),
            condition=data.get("condition"),
        )


@dataclass(frozen=True)
class PenaltyCeiling:
    tier: str
    article: str
    fixed_eur: int
    turnover_percent: int
    rule: str  # "higher" or "lower" of the two amounts
    ceiling_eur: float | None
    applies_from: dt.date | None

    def to_json(self) -> dict[str, Any]:
        return {
            "tier": self.tier,
            "article": self.article,
            "fixed_eur": self.fixed_eur,
            "turnover_percent": self.turnover_percent,
            "rule": self.rule,
            "ceiling_eur": self.ceiling_eur,
            "applies_from": self.applies_from.isoformat() if self.applies_from else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PenaltyCeiling:
        ceiling = data.get("ceiling_eur")
        return cls(
            tier=str(data["tier"]),
            article=str(data["article"]),
            fixed_eur=int(data["fixed_eur"]),
            turnover_percent=int(data["turnover_percent"]),
            rule=str(data["rule"]),
            ceiling_eur=None if ceiling is None else float(ceiling),
            applies_from=_day(data.get("applies_from")),
        )


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
    # Art 27(1) for whoever deploys the system, whatever actor is evaluated; None when no
    # high-risk deployment is at issue.
    fria_required_of_deployer: bool | None = None
    # The categories whose duties (of any operator) already apply on the evaluation date.
    regimes_applicable_on: tuple[str, ...] = ()
    # The Annex III points the system falls under (stated or inferred), exclusions left out.
    annex_iii_points: tuple[str, ...] = ()
    schema_version: int = SCHEMA_VERSION

    @property
    def penalty_ceiling(self) -> PenaltyCeiling | None:
        return self.penalties[0] if self.penalties else None

    def obligation(self, code: str) -> Obligation | None:
        return next((o for o in self.obligations if o.code == code), None)

    def codes(self) -> set[str]:
        return {obligation.code for obligation in self.obligations}

    def other_codes(self) -> set[str]:
        return {obligation.code for obligation in self.other_party_obligations}

    def to_json(self) -> dict[str, Any]:
        """The published document (without a version: its shape is the API's contract)."""
        ceiling = self.penalty_ceiling
        document = {
            "law": self.law,
            "law_title": self.law_title,
            "evaluation_date": self.evaluation_date.isoformat(),
            "roles": list(self.roles),
            "categories": [category.value for category in self.categories],
            "legal_basis": list(self.legal_basis),
            "fria_required": self.fria_required,
            "fria_required_of_deployer": self.fria_required_of_deployer,
            "regimes_applicable_on": list(self.regimes_applicable_on),
            "annex_iii_points": list(self.annex_iii_points),
            "obligations": [obligation.to_json() for obligation in self.obligations],
            "other_party_obligations": [o.to_json() for o in self.other_party_obligations],
            "penalty_ceiling": ceiling.to_json() if ceiling else None,
            "penalties": [penalty.to_json() for penalty in self.penalties],
            "trace": [entry.to_json() for entry in self.trace],
            "disclaimer": DISCLAIMER.format(title=self.law_title),
        }
        if self.schema_version < 3:  # the version that added it
            del document["annex_iii_points"]
        if self.schema_version < 2:  # the version that added them
            del document["fria_required_of_deployer"], document["regimes_applicable_on"]
        return document

    def to_stored_json(self) -> dict[str, Any]:
        """The document as kept in a database: the published one and its `schema_version`."""
        return {"schema_version": self.schema_version, **self.to_json()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Classification:
        """Read a published or stored document (stored ones before versioning are version 1).

        A stored document keeps its version; a published one (no version) is read as the shape
        it has: version 3 or 2 when it carries the fields those versions added. Before version
        3, the Annex III points are read from the legal basis, which always named them."""
        published = 3 if "annex_iii_points" in data else 2 if "regimes_applicable_on" in data else 1
        version = data.get("schema_version", published)
        if version not in SCHEMA_VERSIONS:
            raise ValueError(f"classification schema_version {version} is not one of 1, 2, 3")
        legal_basis = tuple(str(basis) for basis in data.get("legal_basis", ()))
        if "annex_iii_points" in data:
            points = tuple(str(point) for point in data["annex_iii_points"])
        else:
            found = (ANNEX_III_BASIS.match(basis) for basis in legal_basis)
            points = tuple(match.group(1) for match in found if match)
        return cls(
            law=str(data["law"]),
            law_title=str(data.get("law_title", "")),
            evaluation_date=dt.date.fromisoformat(str(data["evaluation_date"])),
            roles=tuple(str(role) for role in data.get("roles", ())),
            categories=tuple(Category(value) for value in data.get("categories", ())),
            legal_basis=legal_basis,
            fria_required=bool(data.get("fria_required")),
            obligations=tuple(Obligation.from_json(o) for o in data.get("obligations", ())),
            other_party_obligations=tuple(
                Obligation.from_json(o) for o in data.get("other_party_obligations", ())
            ),
            penalties=tuple(PenaltyCeiling.from_json(p) for p in data.get("penalties", ())),
            trace=tuple(TraceEntry.from_json(entry) for entry in data.get("trace", ())),
            fria_required_of_deployer=data.get("fria_required_of_deployer"),
            regimes_applicable_on=tuple(str(c) for c in data.get("regimes_applicable_on", ())),
            annex_iii_points=points,
            schema_version=int(version),
        )
