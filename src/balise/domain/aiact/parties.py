"""The result of a classification: what falls on the other parties, the fine ceilings, and the
immutable `Classification` made from the engine's `Draft`."""

from __future__ import annotations

import datetime as dt

from balise.domain.aiact.draft import Draft, in_use_before
from balise.domain.aiact.facts import Kind
from balise.domain.aiact.result import Category, Classification, Obligation, PenaltyCeiling
from balise.domain.aiact.ruleset import Rule
from balise.domain.organisations.model import SizeClass


def transparency_start(draft: Draft, rule: Rule) -> dt.date | None:
    """Art 113, and Art 111(4) (2026) for Art 50(2) systems already on the market."""
    law = draft.law
    general = law.date("transparency")
    if rule.obligation == "mark_synthetic_content" and general and in_use_before(draft, general):
        return law.date("transparency_marking_legacy")
    return law.date(rule.date or "transparency")


# --- Other parties, penalties and the result -------------------------------------------------


def other_parties(draft: Draft) -> list[Obligation]:
    """The duties that fall on the provider or deployer when the actor is not that party."""
    others: list[Obligation] = []
    law = draft.law

    def other(code: str, role: str, starts: dt.date | None, basis: str, cond: str | None) -> None:
        if any(o.code == code and o.role == role for o in others):
            return
        spec = law.obligations[code]
        others.append(
            Obligation(
                code,
                spec.article,
                role,
                starts,
                starts is not None and starts <= draft.on,
                spec.explanation,
                basis,
                cond,
            )
        )

    relieved = {"deployer"} if draft.personal_use else set()
    for role in ("provider", "deployer"):
        if role not in draft.roles and role not in relieved:
            for code in draft.plan.get(role, []):
                other(code, role, draft.plan_starts, draft.plan_basis, draft.plan_condition)
    points = draft.annex_iii_points
    if (
        "deployer" not in draft.roles
        and not draft.personal_use
        and "annex_iii" in draft.routes
        and (not points or any(point != "2" for point in points))
    ):
        for code, condition in (
            (
                "fria",
                "If the deployer is a body governed by public law or a private entity "
                "providing public services (Art. 27(1)).",
            ),
            ("deployer_registration", "If the deployer is a public authority (Art. 49(3))."),
        ):
            if code not in draft.plan.get("deployer", []):
                other(code, "deployer", draft.plan_starts, draft.plan_basis, condition)
    for result in draft.results.values():
        rule = result.rule
        if rule.effect == "transparency" and result.fired and rule.obligation:
            role = law.obligations[rule.obligation].role
            if role not in draft.roles and role not in relieved:
                other(rule.obligation, role, transparency_start(draft, rule), rule.id, None)
    if draft.gpai_plan is not None:
        codes, starts, basis = draft.gpai_plan
        for code in codes:
            other(code, "provider", starts, basis, None)
    changed = [
        rule_id
        for rule_id in (
            "art25_1_a_own_name",
            "art25_1_b_substantial_modification",
            "art25_1_c_changed_purpose",
        )
        if draft.fired(rule_id)
    ]
    if changed and Category.HIGH_RISK in draft.categories:
        other("initial_provider_cooperation", "initial_provider", None, changed[0], None)
    return others


def penalties(draft: Draft) -> list[PenaltyCeiling]:
    if Category.OUT_OF_SCOPE in draft.categories:
        return []
    law, actor = draft.law, draft.facts.actor
    tiers: list[str] = []
    if Category.PROHIBITED in draft.categories:
        tiers.append("prohibited")
    if Category.GPAI in draft.categories:
        tiers.append("gpai")
    operator_codes = {o.code for o in draft.obligations} - {"ai_literacy", "cease_practice"}
    if operator_codes - {o.code for o in draft.obligations if o.basis.startswith("gpai")}:
        tiers.append("operator")
    if draft.facts.system.kind is Kind.AI_SYSTEM:
        tiers.append("information")
    ceilings = []
    for tier in tiers:
        penalty = law.penalties[tier]
        lower = (actor.size_class.is_sme and tier in law.lower_for_sme) or (
            actor.size_class is SizeClass.SMALL_MID_CAP and tier in law.lower_for_small_mid_cap
        )
        amount = None
        if actor.annual_turnover_eur is not None:
            share = actor.annual_turnover_eur * penalty.turnover_percent / 100
            amount = min(penalty.fixed_eur, share) if lower else max(penalty.fixed_eur, share)
        starts = law.date("gpai_fines" if tier == "gpai" else "penalties")
        ceilings.append(
            PenaltyCeiling(
                tier,
                penalty.article,
                penalty.fixed_eur,
                penalty.turnover_percent,
                "lower" if lower else "higher",
                amount,
                starts,
            )
        )
    return ceilings


CATEGORY_ORDER = tuple(Category)


def finish(draft: Draft) -> Classification:
    others = other_parties(draft)
    if draft.personal_use and not draft.roles:
        # Art 2(10): the person is out of scope; the provider's duties stay listed as others'.
        draft.categories = {Category.OUT_OF_SCOPE}
        draft.legal_basis = [draft.results["personal_use"].rule.article]
        draft.obligations.clear()
        draft.fria = False
    categories = tuple(c for c in CATEGORY_ORDER if c in draft.categories)
    fria_of_deployer = draft.fria_of_deployer
    if Category.OUT_OF_SCOPE in draft.categories:
        categories = (Category.OUT_OF_SCOPE,)
        draft.obligations.clear()
        if not draft.personal_use:
            others = []
            fria_of_deployer = None
            draft.annex_iii_points = []
        draft.fria = False
    regimes = [
        c.value
        for c in categories
        if (starts := draft.regime_starts.get(c)) is not None and starts <= draft.on
    ]
    return Classification(
        law=draft.law.id,
        law_title=draft.law.title,
        evaluation_date=draft.on,
        roles=tuple(sorted(draft.roles)),
        categories=categories,
        legal_basis=tuple(draft.legal_basis),
        fria_required=draft.fria,
        fria_required_of_deployer=fria_of_deployer,
        regimes_applicable_on=tuple(regimes),
        annex_iii_points=tuple(draft.annex_iii_points),
        obligations=tuple(draft.obligations),
        other_party_obligations=tuple(others),
        penalties=tuple(penalties(draft)),
        trace=tuple(draft.trace),
    )
