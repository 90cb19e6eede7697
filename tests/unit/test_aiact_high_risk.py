"""Art 6 and Annexes I and III, the Art 6(3) derogation, Art 25, the FRIA and Art 111 dates."""

import pytest
from aiact_support import categories, deployer, outcome, provider, run, starts

from balise.domain.aiact.facts import ANNEX_III_POINTS
from balise.domain.shared.errors import ValidationError

PROVIDER_CORE = {
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
    "post_market_monitoring",
    "incident_reporting",
    "corrective_actions",
}
DEPLOYER_CORE = {
    "use_per_instructions",
    "human_oversight_assignment",
    "input_data_quality",
    "monitoring_and_reporting",
    "log_retention",
}


@pytest.mark.parametrize("point", ANNEX_III_POINTS)
def test_every_annex_iii_point_is_high_risk_from_2_december_2027(point: str) -> None:
    result = run(provider(annex_iii={"point": point}))
    assert categories(result) == ["high_risk"]
    assert f"Annex III point {point}" in result.legal_basis
    assert result.codes() >= PROVIDER_CORE
    registration = "registration_national" if point == "2" else "registration"
    assert registration in result.codes()
    assert starts(result, "risk_management") == "2027-12-02"
    assert not result.obligation("risk_management").applies  # type: ignore[union-attr]
    assert "use_per_instructions" in result.other_codes()


@pytest.mark.parametrize("point", ["1(a)", "4(b)", "8(a)"])
def test_annex_iii_dates_on_both_sides_and_in_the_2024_text(point: str) -> None:
    before = run(provider(annex_iii={"point": point}), on="2027-12-01")
    after = run(provider(annex_iii={"point": point}), on="2027-12-02")
    assert not before.obligation("qms").applies  # type: ignore[union-attr]
    assert after.obligation("qms").applies  # type: ignore[union-attr]
    old = run(provider(annex_iii={"point": point}), on="2026-08-02", law="2024")
    assert starts(old, "qms") == "2026-08-02"
    assert old.obligation("qms").applies  # type: ignore[union-attr]


def test_the_law_version_is_chosen_by_the_evaluation_date() -> None:
    assert run(provider(annex_iii={"point": "4(a)"}), on="2026-07-26").law == "2024"
    assert run(provider(annex_iii={"point": "4(a)"}), on="2026-07-27").law == "2026"


@pytest.mark.parametrize(
    ("point", "exclusion"),
    [
        ("1(a)", "biometric_verification"),
        ("5(b)", "financial_fraud_detection"),
        ("7(d)", "travel_document_verification"),
        ("8(a)", "ancillary_administrative"),
        ("8(b)", "campaign_logistics"),
    ],
)
def test_exclusions_stated_in_annex_iii(point: str, exclusion: str) -> None:
    result = run(provider(annex_iii={"point": point, "exclusion": exclusion}))
    assert categories(result) == ["minimal"]
    assert outcome(result, "annex_iii_exclusion") == "excepted"
    assert result.annex_iii_points == ()


def test_an_exclusion_must_belong_to_its_point() -> None:
    with pytest.raises(ValidationError) as caught:
        run(provider(annex_iii={"point": "4(a)", "exclusion": "financial_fraud_detection"}))
    assert "annex_iii.exclusion" in caught.value.errors  # a version 1 document: its own name
    with pytest.raises(ValidationError) as caught:
        run(
            provider(
                annex_iii={"points": ["4(a)"], "exclusions": ["financial_fraud_detection"]},
                schema_version=2,
            )
        )
    assert "annex_iii.exclusions" in caught.value.errors


DEROGATION = {"no_significant_risk": True, "preparatory_task": True}


@pytest.mark.parametrize(
    "condition",
    [
        "narrow_procedural_task",
        "improves_completed_human_activity",
        "detects_patterns_without_replacing_review",
        "preparatory_task",
    ],
)
def test_art6_3_derogation_without_profiling(condition: str) -> None:
    derogation = {"no_significant_risk": True, condition: True}
    result = run(provider(annex_iii={"point": "4(a)", "derogation": derogation}))
    assert "high_risk" not in categories(result)
    assert {"document_non_high_risk_assessment", "registration_non_high_risk"} <= result.codes()
    assert "qms" not in result.codes()
    assert "Art. 6(3)" in result.legal_basis


def test_art6_3_needs_the_no_significant_risk_chapeau() -> None:
    result = run(provider(annex_iii={"point": "3(b)", "derogation": {"preparatory_task": True}}))
    assert categories(result) == ["high_risk"]


def test_profiling_always_makes_an_annex_iii_system_high_risk() -> None:
    annex = {"point": "4(a)", "profiling": True, "derogation": DEROGATION}
    result = run(provider(annex_iii=annex))
    assert categories(result) == ["high_risk"]
    assert outcome(result, "art6_3_derogation") == "excepted"
    assert outcome(result, "art6_3_profiling_override") == "fired"


# --- Annex I ----------------------------------------------------------------------------------

MEDICAL = {
    "legislation": "medical_devices",
    "safety_component_or_product": True,
    "third_party_conformity_assessment": True,
}


def test_annex_i_section_a_product_with_third_party_assessment() -> None:
    result = run(provider(annex_i=MEDICAL))
    assert categories(result) == ["high_risk"]
    assert starts(result, "conformity_assessment") == "2028-08-02"
    assert "registration" not in result.codes()  # Art 49 registers Annex III systems only
    assert not result.fria_required
    old = run(provider(annex_i=MEDICAL), on="2026-01-01")
    assert old.law == "2024"
    assert starts(old, "conformity_assessment") == "2027-08-02"


def test_annex_i_without_third_party_assessment_is_not_high_risk() -> None:
    result = run(provider(annex_i={**MEDICAL, "third_party_conformity_assessment": False}))
    assert categories(result) == ["minimal"]


def test_annex_i_section_b_product_only_gets_the_sectoral_regime() -> None:
    car = {**MEDICAL, "legislation": "motor_vehicles"}
    result = run(provider(annex_i=car, transparency={"interacts_with_persons": True}))
    assert categories(result) == ["high_risk"]
    assert result.codes() == {"sectoral_regime"}
    assert any("Section B point 18" in basis for basis in result.legal_basis)


def test_machinery_moved_from_section_a_to_section_b() -> None:
    machine = {**MEDICAL, "legislation": "machinery"}
    old = run(provider(annex_i=machine), law="2024")
    assert any("Section A point 1" in basis for basis in old.legal_basis)
    assert "qms" in old.codes()
    new = run(provider(annex_i=machine))
    assert any("Section B point 21" in basis for basis in new.legal_basis)
    assert new.codes() == {"sectoral_regime"}


def test_art6_1a_and_1c_narrow_the_safety_component_in_2026_only() -> None:
    convenience = {**MEDICAL, "non_safety_aspects_only": True}
    assert categories(run(provider(annex_i=convenience))) == ["minimal"]
    assert categories(run(provider(annex_i=convenience), law="2024")) == ["high_risk"]
    endangering = {**convenience, "failure_endangers_health_safety": True}
    assert categories(run(provider(annex_i=endangering))) == ["high_risk"]
    radio = {**MEDICAL, "legislation": "radio_equipment", "third_party_only_non_safety_risks": True}
    assert categories(run(provider(annex_i=radio))) == ["minimal"]


def test_product_manufacturer_is_the_provider_of_a_section_a_safety_component() -> None:
    toy = {**MEDICAL, "legislation": "toys"}
    result = run({"actor": {"roles": ["product_manufacturer"]}, "annex_i": toy})
    assert "provider" in result.roles
    assert result.codes() >= PROVIDER_CORE


# --- Deployers and the FRIA -----------------------------------------------------------------


def test_public_body_deployer_needs_a_fria_and_registration() -> None:
    result = run(deployer({"public_body": True}, annex_iii={"point": "5(a)"}))
    assert result.fria_required
    wanted = DEPLOYER_CORE | {"fria", "deployer_registration", "inform_affected_persons"}
    assert result.codes() >= wanted
    assert "right_to_explanation" in result.codes()
    assert "risk_management" in result.other_codes()


@pytest.mark.parametrize("point", ["5(b)", "5(c)"])
def test_private_credit_and_insurance_deployers_need_a_fria(point: str) -> None:
    result = run(deployer(annex_iii={"point": point}))
    assert result.fria_required
    assert "deployer_registration" not in result.codes()


def test_private_employer_needs_no_fria_but_informs_workers() -> None:
    result = run(deployer({"employer_workplace_use": True}, annex_iii={"point": "4(a)"}))
    assert not result.fria_required
    assert "inform_workers" in result.codes()
    assert "fria" in result.other_codes() or "fria" not in result.codes()


def test_no_fria_for_critical_infrastructure_even_for_a_public_body() -> None:
    result = run(deployer({"public_body": True}, annex_iii={"point": "2"}))
    assert not result.fria_required
    assert "deployer_registration" not in result.codes()
    assert "right_to_explanation" not in result.codes()


def test_private_entity_providing_public_services_needs_a_fria() -> None:
    result = run(deployer({"private_public_services": True}, annex_iii={"point": "3(a)"}))
    assert result.fria_required


# --- Art 111(2): systems already on the market ------------------------------------------------


def test_legacy_annex_iii_system_is_caught_only_after_significant_changes() -> None:
    placed = {"placed_on_market": "2026-01-15"}
    result = run(provider(system=placed, annex_iii={"point": "4(a)"}))
    assert categories(result) == ["high_risk"]
    qms = result.obligation("qms")
    assert qms is not None
    assert qms.applies_from is None
    assert not qms.applies
    assert qms.condition is not None
    assert "2027-12-02" in qms.condition
    changed = run(
        provider(system={**placed, "significant_design_change": True}, annex_iii={"point": "4(a)"})
    )
    assert starts(changed, "qms") == "2027-12-02"
    public = run(
        provider(
            system={**placed, "intended_for_public_authorities": True},
            annex_iii={"point": "5(a)"},
        )
    )
    assert starts(public, "qms") == "2030-08-02"


def test_a_system_placed_after_the_date_is_not_legacy() -> None:
    result = run(provider(system={"placed_on_market": "2027-12-02"}, annex_iii={"point": "4(a)"}))
    assert starts(result, "qms") == "2027-12-02"


# --- Art 25 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("change", ["own_name_or_trademark", "substantial_modification"])
def test_distributor_becomes_provider_of_a_high_risk_system(change: str) -> None:
    result = run(
        {
            "actor": {"roles": ["distributor"]},
            "annex_iii": {"point": "4(a)"},
            "role_changes": {change: True},
        }
    )
    assert "provider" in result.roles
    assert "distributor" not in result.roles  # Art 3(7): a distributor is not the provider
    assert result.codes() >= PROVIDER_CORE
    assert "distributor_checks" not in result.codes()
    assert "initial_provider_cooperation" in result.other_codes()


def test_changing_the_purpose_of_a_general_purpose_system_into_annex_iii() -> None:
    result = run(
        {
            "actor": {"roles": ["deployer"]},
            "annex_iii": {"point": "4(a)"},
            "role_changes": {"changed_purpose": True},
        }
    )
    assert {"provider", "deployer"} <= set(result.roles)
    assert "conformity_assessment" in result.codes()


def test_role_change_on_a_system_that_is_not_high_risk_changes_nothing() -> None:
    result = run(
        {"actor": {"roles": ["deployer"]}, "role_changes": {"substantial_modification": True}}
    )
    assert result.roles == ("deployer",)
    assert outcome(result, "art25_1_b_substantial_modification_effect") == "not_met"


def test_importer_and_non_eu_provider_duties() -> None:
    importer = run({"actor": {"roles": ["importer"]}, "annex_iii": {"point": "4(a)"}})
    wanted = {"importer_checks", "importer_identification", "importer_record_keeping"}
    assert importer.codes() >= wanted
    foreign = run(
        {
            "actor": {"roles": ["provider"], "established_in_eu": False},
            "annex_iii": {"point": "6(c)"},
        }
    )
    assert "authorised_representative" in foreign.codes()
    registration = foreign.obligation("registration")
    assert registration is not None
    assert registration.article == "Art. 49(1), 49(4)"
