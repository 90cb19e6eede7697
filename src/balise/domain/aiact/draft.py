"""The classification being built: the engine's working state and its small helpers.

`engine.py` runs the steps in the Regulation's order on a `Draft`; `parties.py` turns it into the
result (other parties' duties, penalties). Split out of the engine to keep each module readable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from balise.domain.aiact.conditions import holds
from balise.domain.aiact.facts import Establishment, Facts, MarketStatus, Role
from balise.domain.aiact.result import Category, Obligation, Outcome, TraceEntry
from balise.domain.aiact.ruleset import LawVersion, Rule


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    outcome: Outcome
    reason: str

    @property
    def fired(self) -> bool:
        return self.outcome is Outcome.FIRED


@dataclass
class Draft:
    """The classification being built; turned into an immutable `Classification` at the end."""

    facts: Facts
    law: LawVersion
    on: dt.date
    results: dict[str, RuleResult]
    trace: list[TraceEntry] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    categories: set[Category] = field(default_factory=set)
    legal_basis: list[str] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    fria: bool = False
    routes: dict[str, dt.date | None] = field(default_factory=dict)
    # The high-risk duties of each party, kept to tell the actor what falls on the others.
    plan: dict[str, list[str]] = field(default_factory=dict)
    plan_basis: str = ""
    plan_starts: dt.date | None = None
    plan_condition: str | None = None
    # Art 2(10): a natural person acting privately; only its own deployer duties are dropped.
    personal_use: bool = False
    # Art 27(1) for the deployers of this system, whoever the actor is (None: no high-risk use).
    fria_of_deployer: bool | None = None
    # The date each regime (category) starts to apply to anyone, for `regimes_applicable_on`.
    regime_starts: dict[Category, dt.date | None] = field(default_factory=dict)
    # Chapter V duties of a model's provider when the actor is not that provider.
    gpai_plan: tuple[list[str], dt.date | None, str] | None = None
    # The Annex III points the system falls under (stated or inferred), exclusions left out.
    annex_iii_points: list[str] = field(default_factory=list)

    def first_use(self) -> tuple[dt.date, str] | None:
        """The earlier of placing on the market (provider) and putting into service, if known."""
        system = self.facts.system
        known = [
            (day, event)
            for day, event in (
                (system.placed_on_market, "placed on the market"),
                (system.put_into_service, "put into service"),
            )
            if day is not None
        ]
        return min(known) if known else None

    def first_use_text(self) -> str:
        first = self.first_use()
        if first is None:
            return f"already in use on {self.on} (date not known)"
        return f"{first[1]} on {first[0]}"

    def note(self, rule: str, article: str, outcome: Outcome, reason: str) -> None:
        self.trace.append(TraceEntry(rule, article, self.law.id, outcome, reason))

    def basis(self, *items: str) -> None:
        for item in items:
            if item not in self.legal_basis:
                self.legal_basis.append(item)

    def fired(self, rule_id: str) -> bool:
        result = self.results.get(rule_id)
        return result is not None and result.fired

    def add(
        self,
        code: str,
        *,
        role: str,
        applies_from: dt.date | None,
        basis: str,
        article: str | None = None,
        condition: str | None = None,
    ) -> None:
        spec = self.law.obligations[code]
        if any(o.code == code and o.role == role for o in self.obligations):
            return
        self.obligations.append(
            Obligation(
                code=code,
                article=article or spec.article,
                role=role,
                applies_from=applies_from,
                applies=applies_from is not None and applies_from <= self.on,
                explanation=spec.explanation,
                basis=basis,
                condition=condition,
            )
        )


def evaluate_rule(facts: Facts, rule: Rule) -> RuleResult:
    met, reasons = holds(facts, rule.when)
    if not met:
        return RuleResult(rule, Outcome.NOT_MET, "not met: " + "; ".join(reasons))
    if rule.unless is not None:
        excepted, why = holds(facts, rule.unless)
        if excepted:
            return RuleResult(rule, Outcome.EXCEPTED, "exception applies: " + "; ".join(why))
    because = f" ({rule.because})" if rule.because else ""
    return RuleResult(rule, Outcome.FIRED, "holds: " + "; ".join(reasons) + because)


def regime(draft: Draft, category: Category, starts: dt.date | None) -> None:
    """Keep the earliest date a regime applies from (None: only under a condition)."""
    known = draft.regime_starts.get(category)
    if category not in draft.regime_starts or (
        starts is not None and (known is None or starts < known)
    ):
        draft.regime_starts[category] = starts


def provider_outside_eu(draft: Draft, article: str) -> bool:
    """Art 22, Art 54: an authorised representative when the *provider* is outside the Union."""
    facts = draft.facts
    if Role.PROVIDER.value in draft.roles:
        outside, why = not facts.actor.established_in_eu, "the actor is the provider"
    elif facts.operators.provider_established is not None:
        outside = facts.operators.provider_established is Establishment.OUTSIDE_EU
        why = "the provider is established " + facts.operators.provider_established.value
    else:
        # Art 3(6): an importer places a system bearing the name of a third-country provider.
        outside = Role.IMPORTER.value in draft.roles
        why = "an importer's provider is established outside the Union (Art. 3(6))"
        if not outside:
            why = "where the provider is established is not stated"
    draft.note(
        "authorised_representative",
        article,
        Outcome.FIRED if outside else Outcome.NOT_MET,
        ("the provider needs an authorised representative in the Union: " if outside else "") + why,
    )
    return outside


def deployer_public(draft: Draft) -> bool:
    """Art 27(1): whether the deployers are public bodies or provide public services."""
    facts = draft.facts
    if Role.DEPLOYER.value in draft.roles:
        return facts.actor.public_body or facts.actor.private_public_services
    return facts.operators.deployers_public or facts.system.intended_for_public_authorities


def in_use_before(draft: Draft, cutoff: dt.date) -> bool | None:
    """Whether the system was placed on the market or put into service before `cutoff`
    (Art 111): None when it is in use but its date is unknown and that cannot tell."""
    first = draft.first_use()
    if first is not None:
        return first[0] < cutoff
    if draft.facts.system.market_status is not MarketStatus.IN_USE:
        return False
    # In use on the evaluation date: before the cutoff if that date is.
    return True if draft.on < cutoff else None
