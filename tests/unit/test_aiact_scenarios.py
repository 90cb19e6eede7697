"""The scenario suite: facts documents with their expected categories and article trail.

Hand-written scenarios are in `aiact_scenarios.yaml`; the families below add one case per Annex III
point, Art 5 practice, scope exclusion, role conversion, establishment of the provider and Art 50
situation, each with the articles it must cite, reasoned from the Regulation (Reg. 2024/1689 as
amended by Reg. 2026/1744), not from the engine's output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiact_support import run

from balise.domain.aiact.facts import ANNEX_III_POINTS

UNSET: Any = object()


@dataclass(frozen=True)
class Case:
    id: str
    facts: dict[str, Any]
    categories: list[str]
    basis: list[str]
    on: str = "2026-11-22"
    law: str | None = None
    roles: list[str] | None = None
    own: list[str] = field(default_factory=list)
    not_own: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    not_others: list[str] = field(default_factory=list)
    fria: bool | None = None
    fria_of_deployer: Any = UNSET
    regimes: list[str] | None = None
    # Facts schema 2 gaps (issue 17): the Annex III points found, the date each obligation
    # applies from (null: only under a condition), the obligations given with a condition, and
    # the outcome of trace steps.
    points: list[str] | None = None
    starts: dict[str, str | None] = field(default_factory=dict)
    conditional: list[str] = field(default_factory=list)
    steps: dict[str, str] = field(default_factory=dict)


def _hand_written() -> list[Case]:
    data = yaml.safe_load((Path(__file__).with_name("aiact_scenarios.yaml")).read_text("utf-8"))
    return [Case(**{"on" if k == "date" else k: v for k, v in item.items()}) for item in data]


def _annex_iii() -> list[Case]:
    cases = []
    for point in ANNEX_III_POINTS:
        basis = ["Art. 6(2)", f"Annex III point {point}"]
        registration = "registration_national" if point == "2" else "registration"
        cases.append(
            Case(
                f"annex-iii-{point}-provider",
                {"actor": {"roles": ["provider"]}, "annex_iii": {"point": point}},
                ["high_risk"],
                basis,
                own=["risk_management", registration],
                others=["deployer:use_per_instructions"],
                fria_of_deployer=point in {"5(b)", "5(c)"},
                regimes=[],
            )
        )
        public = point != "2"  # Art 27(1): no FRIA for critical infrastructure (point 2)
        cases.append(
            Case(
                f"annex-iii-{point}-public-deployer",
                {
                    "actor": {"roles": ["deployer"], "public_body": True},
                    "annex_iii": {"point": point},
                },
                ["high_risk"],
                basis,
                on="2027-12-02",
                own=[
                    "use_per_instructions",
                    *(["fria", "deployer_registration"] if public else []),
                ],
                not_own=[] if public else ["fria"],
                fria=public,
                fria_of_deployer=public,
                regimes=["high_risk"],
            )
        )
    return cases


def _exclusions() -> list[Case]:
    pairs = [
        ("1(a)", "biometric_verification"),
        ("5(b)", "financial_fraud_detection"),
        ("7(d)", "travel_document_verification"),
        ("8(a)", "ancillary_administrative"),
        ("8(b)", "campaign_logistics"),
    ]
    return [
        Case(
            f"annex-iii-{point}-excluded",
            {"actor": {"roles": ["provider"]}, "annex_iii": {"point": point, "exclusion": why}},
            ["minimal"],
            [f"Annex III point {point} (excluded)"],
            fria_of_deployer=None,
            regimes=["minimal"],
        )
        for point, why in pairs
    ]


def _prohibitions() -> list[Case]:
    harm = {"used": True, "materially_distorts_behaviour": True, "significant_harm": True}
    practices: list[tuple[str, dict[str, Any], str]] = [
        ("a", {"prohibited": {"manipulation": harm}}, "Art. 5(1)(a)"),
        ("b", {"prohibited": {"exploitation_of_vulnerabilities": harm}}, "Art. 5(1)(b)"),
        (
            "c",
            {
                "prohibited": {
                    "social_scoring": {"used": True, "unjustified_or_disproportionate": True}
                }
            },
            "Art. 5(1)(c)",
        ),
        (
            "d",
            {
                "prohibited": {
                    "crime_prediction": {"used": True, "solely_profiling_or_traits": True}
                }
            },
            "Art. 5(1)(d)",
        ),
        ("e", {"prohibited": {"untargeted_facial_scraping": True}}, "Art. 5(1)(e)"),
        (
            "g",
            {"biometrics": {"categorisation": True, "categorisation_art5_attributes": True}},
            "Art. 5(1)(g)",
        ),
        (
            "h",
            {
                "biometrics": {
                    "remote_identification": True,
                    "real_time": True,
                    "publicly_accessible_space": True,
                    "for_law_enforcement": True,
                }
            },
            "Art. 5(1)(h), 5(2)-(7)",
        ),
    ]
    cases = []
    for letter, facts, article in practices:
        for role in ("provider", "deployer"):
            basis = [article]
            cases.append(
                Case(
                    f"art5-{letter}-{role}",
                    {"actor": {"roles": [role]}, **facts},
                    ["prohibited"],
                    basis,
                    own=["cease_practice"],
                    regimes=["prohibited"],
                )
            )
    return cases


def _scope() -> list[Case]:
    exclusions = [
        ({"system": {"kind": "not_ai_system"}}, "Art. 3(1)"),
        ({"scope": {"military_defence_national_security_only": True}}, "Art. 2(3)"),
        ({"scope": {"third_country_authority_cooperation": True}}, "Art. 2(4)"),
        ({"scope": {"scientific_research_sole_purpose": True}}, "Art. 2(6)"),
        ({"scope": {"pre_market_research_testing": True}}, "Art. 2(8)"),
    ]
    return [
        Case(
            f"scope-{article}-{role}",
            {"actor": {"roles": [role]}, "annex_iii": {"point": "4(a)"}, **facts},
            ["out_of_scope"],
            [article],
            fria_of_deployer=None,
            regimes=[],
        )
        for facts, article in exclusions
        for role in ("provider", "deployer")
    ]


def _conversions() -> list[Case]:
    letters = {
        "own_name_or_trademark": "a",
        "substantial_modification": "b",
        "changed_purpose": "c",
    }
    dropped = {
        "distributor": ["distributor_checks"],
        "importer": ["importer_checks", "importer_record_keeping"],
        "deployer": [],
    }
    cases = []
    for role, lost in dropped.items():
        for change, letter in letters.items():
            kept = ["deployer", "provider"] if role == "deployer" else ["provider"]
            cases.append(
                Case(
                    f"art25-{letter}-{role}",
                    {
                        "actor": {"roles": [role]},
                        "annex_iii": {"point": "4(b)"},
                        "role_changes": {change: True},
                    },
                    ["high_risk"],
                    ["Art. 6(2)", "Annex III point 4(b)", f"Art. 25(1)({letter})"],
                    roles=kept,
                    own=["qms", *(["use_per_instructions"] if role == "deployer" else [])],
                    not_own=lost,
                    others=["initial_provider:initial_provider_cooperation"],
                    not_others=["provider:qms"],
                )
            )
    return cases


def _representatives() -> list[Case]:
    cases = []
    for role in ("importer", "deployer", "distributor"):
        for seat in ("in_eu", "outside_eu", None):
            for actor_in_eu in (True, False):
                # Art 22: it turns on the provider; an importer's provider is outside the Union.
                needed = seat == "outside_eu" or (seat is None and role == "importer")
                facts: dict[str, Any] = {
                    "actor": {"roles": [role], "established_in_eu": actor_in_eu},
                    "annex_iii": {"point": "6(a)"},
                }
                if seat:
                    facts["operators"] = {"provider_established": seat}
                entry = "provider:authorised_representative"
                cases.append(
                    Case(
                        f"art22-{role}-provider-{seat}-actor-eu-{actor_in_eu}",
                        facts,
                        ["high_risk"],
                        ["Art. 6(2)", "Annex III point 6(a)"],
                        not_own=["authorised_representative"],
                        others=[entry] if needed else [],
                        not_others=[] if needed else [entry],
                    )
                )
    return cases


def _transparency() -> list[Case]:
    situations: list[tuple[str, dict[str, Any], str, str, str]] = [
        ("interaction", {"interacts_with_persons": True}, "Art. 50(1)", "provider",
         "disclose_ai_interaction"),
        ("synthetic", {"generates_synthetic_content": True}, "Art. 50(2)", "provider",
         "mark_synthetic_content"),
        ("deep-fake", {"deep_fake": True}, "Art. 50(4), first subparagraph", "deployer",
         "disclose_deepfake"),
        (
            "public-text",
            {"public_interest_text": True},
            "Art. 50(4), second subparagraph",
            "deployer",
            "disclose_ai_generated_text",
        ),
    ]  # fmt: skip
    cases = []
    for name, facts, article, bearer, code in situations:
        for actor in ("provider", "deployer"):
            mine = actor == bearer
            cases.append(
                Case(
                    f"art50-{name}-beside-5a-{actor}",
                    {
                        "actor": {"roles": [actor]},
                        "annex_iii": {"point": "5(a)"},
                        "transparency": facts,
                    },
                    ["high_risk", "transparency_only"],
                    ["Art. 6(2)", "Annex III point 5(a)", article],
                    own=[code] if mine else [],
                    not_own=[] if mine else [code],
                    others=[] if mine else [f"{bearer}:{code}"],
                    regimes=["transparency_only"],
                )
            )
            cases.append(
                Case(
                    f"art50-{name}-alone-{actor}",
                    {"actor": {"roles": [actor]}, "transparency": facts},
                    ["transparency_only"],
                    [article],
                    on="2026-07-30",
                    law="2026",
                    regimes=[],
                )
            )
    return cases


CASES = [
    *_hand_written(),
    *_annex_iii(),
    *_exclusions(),
    *_prohibitions(),
    *_scope(),
    *_conversions(),
    *_representatives(),
    *_transparency(),
]


def test_the_suite_keeps_at_least_150_cases_with_unique_names() -> None:
    assert len(CASES) >= 150
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_scenario(case: Case) -> None:
    result = run(case.facts, on=case.on, law=case.law)
    assert [c.value for c in result.categories] == case.categories
    assert list(result.legal_basis) == case.basis, "article trail"
    if case.roles is not None:
        assert sorted(result.roles) == sorted(case.roles)
    assert set(case.own) <= result.codes()
    assert not set(case.not_own) & result.codes()
    others = {f"{o.role}:{o.code}" for o in result.other_party_obligations}
    assert set(case.others) <= others
    assert not set(case.not_others) & others
    if case.fria is not None:
        assert result.fria_required is case.fria
    if case.fria_of_deployer is not UNSET:
        assert result.fria_required_of_deployer is case.fria_of_deployer
    if case.regimes is not None:
        assert list(result.regimes_applicable_on) == case.regimes
    if case.points is not None:
        assert list(result.annex_iii_points) == case.points
    for code, day in case.starts.items():
        obligation = result.obligation(code)
        assert obligation is not None, code
        assert (obligation.applies_from.isoformat() if obligation.applies_from else None) == day
    for code in case.conditional:
        obligation = result.obligation(code)
        assert obligation is not None, code
        assert obligation.condition, code
    outcomes = {entry.rule: entry.outcome.value for entry in result.trace}
    for rule, expected in case.steps.items():
        assert outcomes.get(rule) == expected, rule
    decided = {e.article for e in result.trace if e.outcome.value in {"fired", "excepted"}}
    for article in case.basis:
        assert any(article in a or a in article for a in decided) or (
            article.startswith(("Annex", "Art. 6(2)"))
        ), f"{article} has no decisive step in the trace"
