"""The classifier: facts + a law version → categories, obligations with dates, and a trace.

The rules and their conditions are data (rules/*.yaml). This module evaluates every rule of the
chosen law version once, then composes the outcome in the order the Regulation reasons: scope
(Art 2-3), prohibitions (Art 5), high risk (Art 6, Annex I and III), role changes (Art 25),
transparency (Art 50), general-purpose AI models (Art 51-55), the default minimal risk, then the
obligations, their dates of application (Art 111, 113), the FRIA (Art 27) and the fines (Art 99).
The working state is a `Draft` (draft.py); parties.py makes the result from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from balise.domain.aiact.draft import (
    Draft,
    deployer_public,
    evaluate_rule,
    in_use_before,
    provider_outside_eu,
    regime,
)
from balise.domain.aiact.facts import (
    ANNEX_III_POINTS,
    EXCLUSION_POINTS,
    DownstreamModification,
    Facts,
    GpaiRelease,
    Kind,
    Role,
)
from balise.domain.aiact.parties import finish, transparency_start
from balise.domain.aiact.result import (
    Category,
    Classification,
    Outcome,
)
from balise.domain.aiact.ruleset import RuleSet, load_rules

OUT_OF_SCOPE_RULES = (
    "not_an_ai_system",
    "territorial_scope",
    "military_defence_national_security",
    "third_country_authority",
    "scientific_research",
    "pre_market_research",
)
PROVIDER_HIGH_RISK = (
    "risk_management",
    "data_governance",
    "technical_documentation",
    "logging",
    "transparency_to_deployers",
    "human_oversight",
    "accuracy_robustness",
    "qms",
    "conformity_assessment",
    "eu_declaration",
    "ce_marking",
    "corrective_actions",
    "accessibility",
    "post_market_monitoring",
    "incident_reporting",
)
DEPLOYER_HIGH_RISK = (
    "use_per_instructions",
    "human_oversight_assignment",
    "input_data_quality",
    "monitoring_and_reporting",
    "log_retention",
)
IMPORTER_HIGH_RISK = (
    "importer_checks",
    "importer_identification",
    "importer_record_keeping",
    "cooperate_with_authorities",
)
DISTRIBUTOR_HIGH_RISK = ("distributor_checks", "cooperate_with_authorities")
FRIA_POINTS = frozenset({"5(b)", "5(c)"})
NON_PUBLIC_REGISTRATION_AREAS = frozenset({"6", "7"})


def classify(
    facts: Facts,
    *,
    on: dt.date,
    law: str | None = None,
    rules: RuleSet | None = None,
) -> Classification:
    """Classify on the evaluation date `on`, under `law` ("2024"/"2026") or the version in force."""
    rules = rules or load_rules()
    version = rules.version(law) if law else rules.version_on(on)
    inferred = {}
    for rule in version.rules:
        if rule.effect == "infer_annex_iii_point":
            inferred[rule.id] = evaluate_rule(facts, rule)
            if inferred[rule.id].fired and rule.value not in facts.annex_iii.points:
                points = (*facts.annex_iii.points, str(rule.value))
                facts = replace(facts, annex_iii=replace(facts.annex_iii, points=points))
    ordered = tuple(sorted(set(facts.annex_iii.points), key=ANNEX_III_POINTS.index))
    facts = replace(facts, annex_iii=replace(facts.annex_iii, points=ordered))
    results = {
        rule.id: inferred.get(rule.id) or evaluate_rule(facts, rule) for rule in version.rules
    }
    draft = Draft(facts=facts, law=version, on=on, results=results)
    draft.note(
        "law_version",
        "Art. 113",
        Outcome.FIRED,
        f"applying {version.title}"
        + (" (asked for)" if law else f" (the version in force on {on.isoformat()})"),
    )
    for result in results.values():
        draft.note(result.rule.id, result.rule.article, result.outcome, result.reason)
    version_ids = {rule.id for rule in version.rules}
    for rule in rules.all_rules:
        if rule.id not in version_ids:
            draft.note(
                rule.id,
                rule.article,
                Outcome.NOT_IN_LAW,
                f"this rule exists only in the law version(s) {', '.join(rule.laws)}",
            )
    draft.roles = {role.value for role in facts.actor.roles}
    if not _in_scope(draft):
        return finish(draft)
    _prohibitions(draft)
    route_dates = _high_risk(draft)
    if Category.HIGH_RISK in draft.categories and _prohibition_applies(draft):
        draft.categories.discard(Category.HIGH_RISK)
        route_dates = {}
        draft.annex_iii_points = []
        draft.legal_basis = [
            item
            for item in draft.legal_basis
            if not item.startswith(("Art. 6(", "Annex III point", "Annex I "))
        ]
        draft.note(
            "high_risk_superseded",
            "Art. 5",
            Outcome.SUPERSEDED,
            "a prohibited practice that already applies: the system may not be placed on the "
            "market, put into service or used for it, so no high-risk duties are listed",
        )
    draft.routes = route_dates
    _role_changes(draft, route_dates)
    _transparency(draft)
    _gpai(draft)
    _open_source(draft)
    if not draft.categories and facts.system.kind is Kind.AI_SYSTEM:
        draft.categories.add(Category.MINIMAL)
        draft.note("minimal_risk", "Art. 95", Outcome.FIRED, "no other category applies")
    _literacy(draft)
    _high_risk_obligations(draft, route_dates)
    return finish(draft)


# --- Steps ----------------------------------------------------------------------------------


def _in_scope(draft: Draft) -> bool:
    for rule_id in OUT_OF_SCOPE_RULES:
        if draft.fired(rule_id):
            draft.categories.add(Category.OUT_OF_SCOPE)
            draft.basis(draft.results[rule_id].rule.article)
            return False
    if draft.fired("personal_use"):
        # Art 2(10) relieves the natural person of its deployer duties, nobody else: the system
        # is still classified so that the provider's duties show under the other operators.
        article = draft.results["personal_use"].rule.article
        draft.personal_use = True
        draft.basis(article)
        draft.roles.discard(Role.DEPLOYER.value)
        draft.note(
            "personal_use_roles",
            article,
            Outcome.FIRED,
            "the natural person using the system privately has no deployer duties; the "
            "provider's duties remain",
        )
    return True


def _prohibitions(draft: Draft) -> None:
    for result in draft.results.values():
        rule = result.rule
        if rule.effect != "prohibited":
            continue
        if result.fired:
            draft.categories.add(Category.PROHIBITED)
            draft.basis(rule.article)
            starts = draft.law.date(rule.date or "chapters_i_ii")
            regime(draft, Category.PROHIBITED, starts)
            draft.add(
                "cease_practice",
                role="any",
                applies_from=starts,
                basis=rule.id,
                article=rule.article,
            )
        elif result.outcome is Outcome.EXCEPTED and rule.exception_effect == "rbi_exception":
            # Art 5(2)-(7): an authorised use of real-time RBI is high-risk (Annex III 1(a)) and
            # needs a FRIA, registration, prior authorisation and notification.
            starts = draft.law.date(rule.date or "chapters_i_ii")
            draft.basis("Art. 5(2)-(7)")
            draft.note(
                "art5_2_rbi_authorised_use",
                "Art. 5(2)-(7)",
                Outcome.FIRED,
                "authorised real-time remote biometric identification: high-risk, with prior "
                "authorisation, notification and a FRIA",
            )
            for code, article in (
                ("rbi_prior_authorisation", None),
                ("rbi_notify_authorities", None),
                ("fria", "Art. 5(2), Art. 27"),
            ):
                role = Role.DEPLOYER.value
                if role in draft.roles:
                    draft.add(code, role=role, applies_from=starts, basis=rule.id, article=article)
            draft.fria = draft.fria or Role.DEPLOYER.value in draft.roles
            draft.fria_of_deployer = True


def _prohibition_applies(draft: Draft) -> bool:
    return any(o.code == "cease_practice" and o.applies for o in draft.obligations)


def _high_risk(draft: Draft) -> dict[str, dt.date | None]:
    """Art 6: the high-risk routes that apply, each with the date Chapter III applies to it."""
    facts, law = draft.facts, draft.law
    routes: dict[str, dt.date | None] = {}
    if draft.fired("annex_i_product"):
        assert facts.annex_i.legislation is not None
        section = law.annex_i_section(facts.annex_i.legislation)
        rule = law.rule("annex_i_product")
        if section is None:
            draft.note(rule.id, rule.article, Outcome.NOT_MET, "legislation not in Annex I")
        else:
            letter, label = section
            draft.categories.add(Category.HIGH_RISK)
            draft.basis("Art. 6(1)", f"Annex I {label}")
            if letter == "B":
                draft.note(
                    "annex_i_section_b",
                    "Art. 2(2)",
                    Outcome.FIRED,
                    "Annex I Section B product: only Art. 6(1), the amendments to the sectoral "
                    "acts and the final provisions apply; the AI requirements reach the product "
                    "through the sectoral legislation",
                )
                routes["annex_i_section_b"] = law.date("high_risk_annex_i")
            else:
                routes["annex_i"] = law.date("high_risk_annex_i")
    if draft.fired("annex_iii_point"):
        listed = _annex_iii_points(draft)
        draft.annex_iii_points = listed
        named = ", ".join(listed)
        derogation = draft.results["art6_3_derogation"]
        if listed and derogation.fired:
            draft.note(
                "annex_iii_not_high_risk",
                "Art. 6(3)",
                Outcome.FIRED,
                f"Annex III point {named} but the Art. 6(3) derogation applies: not high-risk",
            )
            draft.basis(*(f"Annex III point {point}" for point in listed), "Art. 6(3)")
            routes["derogation"] = law.date("high_risk_annex_iii")
        elif listed:
            if derogation.outcome is Outcome.EXCEPTED:
                draft.note(
                    "art6_3_profiling_override",
                    "Art. 6(3), third subparagraph",
                    Outcome.FIRED,
                    "the system profiles natural persons: always high-risk",
                )
            draft.categories.add(Category.HIGH_RISK)
            draft.basis("Art. 6(2)", *(f"Annex III point {point}" for point in listed))
            routes["annex_iii"] = law.date("high_risk_annex_iii")
    rbi = draft.results.get("art5_1_h_realtime_rbi")
    if rbi is not None and rbi.outcome is Outcome.EXCEPTED and "annex_iii" not in routes:
        draft.categories.add(Category.HIGH_RISK)
        draft.basis("Art. 6(2)", "Annex III point 1(a)")
        draft.annex_iii_points = sorted(
            {*draft.annex_iii_points, "1(a)"}, key=ANNEX_III_POINTS.index
        )
        routes["annex_iii"] = law.date("high_risk_annex_iii")
    return routes


def _annex_iii_points(draft: Draft) -> list[str]:
    """The Annex III points the system falls under, less those whose own exclusion applies."""
    excluded = {
        EXCLUSION_POINTS[exclusion]: exclusion for exclusion in draft.facts.annex_iii.exclusions
    }
    listed = []
    for point in draft.facts.annex_iii.points:
        if point in excluded:
            draft.note(
                "annex_iii_exclusion",
                f"Annex III point {point}",
                Outcome.EXCEPTED,
                f"point {point} itself leaves this use out ({excluded[point].value})",
            )
            draft.basis(f"Annex III point {point} (excluded)")
        else:
            listed.append(point)
    return listed


def _role_changes(draft: Draft, routes: dict[str, dt.date | None]) -> None:
    high_risk = Category.HIGH_RISK in draft.categories
    for rule_id in (
        "art25_1_a_own_name",
        "art25_1_b_substantial_modification",
        "art25_1_c_changed_purpose",
    ):
        if not draft.fired(rule_id):
            continue
        rule = draft.law.rule(rule_id)
        if not high_risk:
            draft.note(
                rule_id + "_effect",
                rule.article,
                Outcome.NOT_MET,
                "the system is not high-risk, so the actor does not become its provider",
            )
            continue
        draft.roles.add(Role.PROVIDER.value)
        draft.basis(rule.article)
        draft.note(
            rule_id + "_effect",
            rule.article,
            Outcome.FIRED,
            "the actor is considered the provider of the high-risk system (Art. 16 applies)",
        )
        # A distributor is not the provider (Art 3(7)), nor is an importer (Art 3(6)): the
        # converted actor loses those duties for this system. A deployer that uses the system
        # keeps its deployer duties beside the provider's.
        for former, article in (
            (Role.DISTRIBUTOR.value, "Art. 3(7), Art. 25(1)"),
            (Role.IMPORTER.value, "Art. 3(6), Art. 25(1)"),
        ):
            if former in draft.roles:
                draft.roles.discard(former)
                draft.note(
                    f"art25_1_no_longer_{former}",
                    article,
                    Outcome.FIRED,
                    f"as provider, the actor no longer holds the {former} role for this system",
                )
    if Role.PRODUCT_MANUFACTURER.value in draft.roles and "annex_i" in routes:
        draft.roles.add(Role.PROVIDER.value)
        draft.basis("Art. 25(3)")
        draft.note(
            "art25_3_product_manufacturer",
            "Art. 25(3)",
            Outcome.FIRED,
            "the product manufacturer places the high-risk system with its product under its own "
            "name: it is the provider",
        )


def _transparency(draft: Draft) -> None:
    law = draft.law
    if "annex_i_section_b" in draft.routes or _prohibition_applies(draft):
        # Art 2(2) for Section B products; a practice that may not be used has no Art 50 duty.
        return
    found = False
    for result in draft.results.values():
        rule = result.rule
        if rule.effect != "transparency" or not result.fired or rule.obligation is None:
            continue
        found = True
        draft.basis(rule.article)
        starts = transparency_start(draft, rule)
        regime(draft, Category.TRANSPARENCY_ONLY, starts)
        role = law.obligations[rule.obligation].role
        if role in draft.roles:
            draft.add(rule.obligation, role=role, applies_from=starts, basis=rule.id)
    if found and Category.PROHIBITED not in draft.categories:
        # `transparency_only` names the Art 50 regime; it stands beside `high_risk` when both
        # apply (Art 50(6)), since the Art 50 duties often apply earlier than Chapter III.
        draft.categories.add(Category.TRANSPARENCY_ONLY)


def _gpai(draft: Draft) -> None:
    law = draft.law
    if not draft.fired("gpai_model"):
        return
    draft.categories.add(Category.GPAI)
    draft.basis("Art. 53")
    systemic = draft.fired("gpai_systemic_risk")
    if systemic:
        draft.categories.add(Category.GPAI_SYSTEMIC_RISK)
        draft.basis("Art. 51", "Art. 55")
        draft.note(
            "gpai_systemic_risk_duties",
            "Art. 55",
            Outcome.FIRED,
            "a model with systemic risk has the additional Art. 55 duties",
        )
    _model_provider(draft)
    open_release = draft.fired("gpai_open_release")
    if open_release and systemic:
        draft.note(
            "gpai_open_release_effect",
            "Art. 53(2)",
            Outcome.EXCEPTED,
            "the open-source relief does not apply to models with systemic risk",
        )
    relieved = open_release and not systemic
    starts = law.date("gpai")
    modified = draft.fired("gpai_downstream_modifier")  # a new model, placed when modified
    if starts is not None and not modified and in_use_before(draft, starts):
        starts = law.date("gpai_legacy")
        draft.note(
            "art111_3_legacy_gpai",
            "Art. 111(3)",
            Outcome.FIRED,
            f"model placed on the market before {law.date('gpai')}: comply by {starts}",
        )
    provider = Role.PROVIDER.value
    codes = ["copyright_policy", "training_data_summary"]
    if not relieved:
        codes = ["gpai_technical_documentation", "downstream_information", *codes]
        if provider_outside_eu(draft, "Art. 54"):
            codes.append("gpai_authorised_representative")
    if systemic:
        codes += [
            "notify_commission",
            "systemic_risk_evaluation",
            "systemic_risk_mitigation",
            "gpai_incident_reporting",
            "gpai_cybersecurity",
        ]
    rule_id = "gpai_systemic_risk" if systemic else "gpai_model"
    regime(draft, Category.GPAI, starts)
    if systemic:
        regime(draft, Category.GPAI_SYSTEMIC_RISK, starts)
    if provider in draft.roles:
        for code in codes:
            draft.add(code, role=provider, applies_from=starts, basis=rule_id)
    else:
        # The model's provider bears them; the actor (e.g. a downstream deployer) sees them.
        draft.gpai_plan = (codes, starts, rule_id)
    if Role.AUTHORISED_REPRESENTATIVE.value in draft.roles and not relieved:
        draft.add(
            "gpai_representative_tasks",
            role=Role.AUTHORISED_REPRESENTATIVE.value,
            applies_from=starts,
            basis=rule_id,
        )


def _model_provider(draft: Draft) -> None:
    """Who provides the model: a downstream modifier above the one-third threshold (recital 109),
    and whether an open release is a free and open-source one (Art 53(2))."""
    facts = draft.facts
    if draft.fired("gpai_downstream_modifier"):
        rule = draft.law.rule("gpai_downstream_modifier")
        draft.roles.add(Role.PROVIDER.value)
        draft.basis("Art. 3(3)")
        draft.note(
            "gpai_downstream_modifier_effect",
            rule.article,
            Outcome.FIRED,
            "the modifier is the provider of the modified model; its documentation and training "
            "data summary cover the modification",
        )
    elif facts.gpai.downstream_modification is DownstreamModification.BELOW_ONE_THIRD:
        draft.note(
            "gpai_downstream_modifier_effect",
            "Art. 3(3), Art. 53",
            Outcome.NOT_MET,
            "a modification using less than a third of the original training compute: the "
            "original provider keeps the model's duties",
        )
    if facts.gpai.release is GpaiRelease.OPEN_WEIGHTS:
        draft.note(
            "gpai_open_weights",
            "Art. 53(2)",
            Outcome.NOT_MET,
            "the weights are public but the licence is not free and open-source: no relief",
        )


def _open_source(draft: Draft) -> None:
    if not draft.fired("open_source"):
        return
    caught = draft.categories & {
        Category.PROHIBITED,
        Category.HIGH_RISK,
        Category.TRANSPARENCY_ONLY,
    }
    if caught:
        names = ", ".join(sorted(category.value for category in caught))
        draft.note(
            "open_source_effect",
            "Art. 2(12)",
            Outcome.EXCEPTED,
            f"the open-source exclusion does not cover a system that is {names}",
        )
        return
    draft.categories.add(Category.OUT_OF_SCOPE)
    draft.basis("Art. 2(12)")
    draft.note(
        "open_source_effect",
        "Art. 2(12)",
        Outcome.FIRED,
        "free and open-source system, neither prohibited, high-risk nor under Art. 50",
    )


def _literacy(draft: Draft) -> None:
    if draft.facts.system.kind is not Kind.AI_SYSTEM:
        return
    if Category.OUT_OF_SCOPE in draft.categories:
        return
    if "annex_i_section_b" in draft.routes and not {"annex_i", "annex_iii"} & set(draft.routes):
        return
    starts = draft.law.date("chapters_i_ii")
    regime(draft, Category.MINIMAL, starts)
    for role in (Role.PROVIDER.value, Role.DEPLOYER.value):
        if role in draft.roles:
            draft.add("ai_literacy", role=role, applies_from=starts, basis="art4_literacy")
    draft.note(
        "art4_literacy",
        "Art. 4",
        Outcome.FIRED if draft.roles & {"provider", "deployer"} else Outcome.NOT_MET,
        "providers and deployers of every AI system",
    )


def _legacy(draft: Draft, route: str, starts: dt.date | None) -> tuple[dt.date | None, str | None]:
    """Art 111(2): high-risk systems already on the market before Chapter III applies."""
    facts, law = draft.facts, draft.law
    cutoff_key = law.legacy_cutoff["annex_i" if route == "annex_i" else "annex_iii"]
    cutoff = law.date(cutoff_key)
    if cutoff is None:
        return starts, None
    before = in_use_before(draft, cutoff)
    if before is None:
        draft.note(
            "art111_2_legacy",
            "Art. 111(2)",
            Outcome.NOT_MET,
            f"already in use, but the date is not known: whether it was placed on the market or "
            f"put into service before {cutoff} decides",
        )
        return starts, (
            f"Unless it was placed on the market or put into service before {cutoff} and its "
            "design has not changed significantly since (Art. 111(2))."
        )
    if not before:
        return starts, None
    placed = draft.first_use_text()
    if facts.system.significant_design_change:
        draft.note(
            "art111_2_legacy",
            "Art. 111(2)",
            Outcome.FIRED,
            f"{placed}, before {cutoff}, but significantly changed in design since: the "
            "obligations apply",
        )
        return starts, None
    public = facts.system.intended_for_public_authorities or facts.actor.public_body
    if public:
        deadline = law.date("public_authority_legacy")
        draft.note(
            "art111_2_legacy",
            "Art. 111(2)",
            Outcome.FIRED,
            f"{placed}, before {cutoff}; intended for public authorities: comply by {deadline}",
        )
        return deadline, None
    draft.note(
        "art111_2_legacy",
        "Art. 111(2)",
        Outcome.FIRED,
        f"{placed}, before {cutoff}: the high-risk obligations apply only if its design changes "
        "significantly from then on",
    )
    return None, (
        f"Only if the system's design changes significantly after {cutoff} (Art. 111(2))."
    )


def _non_public_section(draft: Draft, area: str) -> bool:
    """Art 49(4): points 1, 6 and 7 in law enforcement, migration, asylum and border control."""
    if area == "1":
        return draft.facts.biometrics.for_law_enforcement or draft.facts.actor.law_enforcement
    return area in NON_PUBLIC_REGISTRATION_AREAS


def _high_risk_obligations(  # noqa: PLR0912 - one branch per condition the articles state
    draft: Draft, routes: dict[str, dt.date | None]
) -> None:
    facts = draft.facts
    points = draft.annex_iii_points
    beyond_point_2 = [point for point in points if point != "2"]
    if "derogation" in routes and "provider" in draft.roles:
        for code in ("document_non_high_risk_assessment", "registration_non_high_risk"):
            draft.add(
                code, role="provider", applies_from=routes["derogation"], basis="art6_3_derogation"
            )
    if "annex_i_section_b" in routes and not {"annex_i", "annex_iii"} & set(routes):
        regime(draft, Category.HIGH_RISK, routes["annex_i_section_b"])
        draft.add(
            "sectoral_regime",
            role="any",
            applies_from=routes["annex_i_section_b"],
            basis="annex_i_product",
        )
        return
    chapter_iii = [(name, routes[name]) for name in ("annex_iii", "annex_i") if name in routes]
    if not chapter_iii:
        return
    route, starts = min(chapter_iii, key=lambda item: item[1] or dt.date.max)
    starts, condition = _legacy(draft, route, starts)
    regime(draft, Category.HIGH_RISK, starts)
    annex_iii = "annex_iii" in routes
    basis = "annex_iii_point" if annex_iii else "annex_i_product"
    # Providers (Art 16).
    provider_codes = list(PROVIDER_HIGH_RISK)
    if annex_iii and "2" in points:
        provider_codes.append("registration_national")
    if annex_iii and (beyond_point_2 or not points):
        provider_codes.append("registration")
    if provider_outside_eu(draft, "Art. 22"):
        provider_codes.append("authorised_representative")
    deployer_codes = list(DEPLOYER_HIGH_RISK)
    if facts.actor.employer_use_on_workers:
        deployer_codes.append("inform_workers")
    areas = {point[0] for point in (beyond_point_2 if points else ["1(a)"])} if annex_iii else set()
    if areas:
        if facts.actor.public_body or facts.actor.law_enforcement:
            deployer_codes.append("deployer_registration")
        deployer_codes += ["inform_affected_persons", "right_to_explanation"]
    if (
        annex_iii
        and ("1(a)" in points or not points)
        and facts.actor.law_enforcement
        and not (facts.biometrics.real_time)
    ):
        deployer_codes.append("post_rbi_authorisation")
    fria = bool(areas) and (deployer_public(draft) or bool(FRIA_POINTS & set(points)))
    draft.fria_of_deployer = bool(fria) or bool(draft.fria_of_deployer)
    if fria:
        deployer_codes.append("fria")
    plan = {
        "provider": provider_codes,
        "deployer": deployer_codes,
        "importer": list(IMPORTER_HIGH_RISK),
        "distributor": list(DISTRIBUTOR_HIGH_RISK),
        "authorised_representative": ["representative_tasks"],
    }
    for role, codes in plan.items():
        if role not in draft.roles:
            continue
        for code in codes:
            article = None
            if code == "registration" and any(_non_public_section(draft, a) for a in areas):
                article = "Art. 49(1), 49(4)"
            draft.add(
                code,
                role=role,
                applies_from=starts,
                basis=basis,
                article=article,
                condition=condition,
            )
    if "deployer" in draft.roles and fria:
        draft.fria = True
    draft.note(
        "art27_fria",
        "Art. 27",
        Outcome.FIRED if fria else Outcome.NOT_MET,
        "the deployer is a public body, a private entity providing public services, or uses an "
        "Annex III 5(b)/5(c) system; not for Annex III point 2 or Annex I systems"
        + (
            ""
            if fria
            else f" (not the case here: route {route}, points {', '.join(points) or '-'})"
        ),
    )
    draft.plan, draft.plan_basis = plan, basis
    draft.plan_starts, draft.plan_condition = starts, condition
