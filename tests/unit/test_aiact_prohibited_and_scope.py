"""Art 2 scope exclusions and Art 5 prohibitions, point by point, with and without exceptions."""

from __future__ import annotations

from typing import Any

import pytest
from aiact_support import categories, deployer, outcome, provider, run, starts

# --- Art 5(1)(a)-(h) -------------------------------------------------------------------------

HARM = {"used": True, "materially_distorts_behaviour": True, "significant_harm": True}


@pytest.mark.parametrize("point", ["manipulation", "exploitation_of_vulnerabilities"])
def test_art5_a_b_need_distortion_and_significant_harm(point: str) -> None:
    result = run(provider(prohibited={point: HARM}))
    assert categories(result) == ["prohibited"]
    assert starts(result, "cease_practice") == "2025-02-02"
    assert result.obligation("cease_practice").applies  # type: ignore[union-attr]
    without_harm = run(provider(prohibited={point: {**HARM, "significant_harm": False}}))
    assert categories(without_harm) == ["minimal"]


def test_art5_c_social_scoring_needs_unrelated_or_disproportionate_treatment() -> None:
    scored = {"used": True, "detrimental_unrelated_context": True}
    assert categories(run(deployer(prohibited={"social_scoring": scored}))) == ["prohibited"]
    proportionate = {"used": True}
    assert categories(run(deployer(prohibited={"social_scoring": proportionate}))) == ["minimal"]
    other = {"used": True, "unjustified_or_disproportionate": True}
    assert categories(run(deployer(prohibited={"social_scoring": other}))) == ["prohibited"]


def test_art5_d_crime_prediction_solely_on_profiling_versus_fact_based_support() -> None:
    solely = {"used": True, "solely_profiling_or_traits": True}
    result = run(deployer({"law_enforcement": True}, prohibited={"crime_prediction": solely}))
    assert categories(result) == ["prohibited"]
    supported = {**solely, "supports_human_assessment_on_facts": True}
    result = run(
        deployer(
            {"law_enforcement": True, "public_body": True},
            prohibited={"crime_prediction": supported},
            annex_iii={"point": "6(d)"},
        )
    )
    assert outcome(result, "art5_1_d_crime_prediction") == "excepted"
    assert categories(result) == ["high_risk"]


def test_art5_e_untargeted_scraping_has_no_exception() -> None:
    result = run(provider(prohibited={"untargeted_facial_scraping": True}))
    assert categories(result) == ["prohibited"]
    assert "Art. 5(1)(e)" in result.legal_basis


def test_art5_f_emotion_recognition_at_work_unless_medical_or_safety() -> None:
    at_work = {"emotion_recognition": True, "emotion_in_workplace_or_education": True}
    assert categories(run(deployer(biometrics=at_work))) == ["prohibited"]
    # Also when the facts name the Annex III point: the prohibition leaves no high-risk duties.
    named = run(deployer(biometrics=at_work, annex_iii={"point": "1(c)"}))
    assert categories(named) == ["prohibited"]
    assert "use_per_instructions" not in named.codes()
    assert outcome(named, "high_risk_superseded") == "superseded"
    safety = run(
        deployer(
            biometrics={**at_work, "emotion_medical_or_safety": True},
            annex_iii={"point": "1(c)"},
        )
    )
    assert outcome(safety, "art5_1_f_emotion_workplace_education") == "excepted"
    assert categories(safety) == ["high_risk", "transparency_only"]
    assert "inform_emotion_biometric_exposure" in safety.codes()
    # Customers, not workers: not prohibited, but high-risk (Annex III 1(c)) and Art 50(3).
    shop = run(deployer(biometrics={"emotion_recognition": True}, annex_iii={"point": "1(c)"}))
    assert categories(shop) == ["high_risk", "transparency_only"]


def test_emotion_recognition_and_remote_identification_are_annex_iii_point_1() -> None:
    emotions = run(provider(biometrics={"emotion_recognition": True}))
    # Art 50(3) (informing the persons exposed) stands beside the high-risk regime.
    assert categories(emotions) == ["high_risk", "transparency_only"]
    assert "Annex III point 1(c)" in emotions.legal_basis
    assert outcome(emotions, "annex_iii_1c_inferred") == "fired"
    shop = run(deployer(biometrics={"remote_identification": True}))
    assert "Annex III point 1(a)" in shop.legal_basis
    verification = run(
        provider(
            biometrics={"remote_identification": True},
            annex_iii={"point": "1(a)", "exclusion": "biometric_verification"},
        )
    )
    assert categories(verification) == ["minimal"]


def test_art5_g_biometric_categorisation_unless_lawful_labelling() -> None:
    sensitive = {"categorisation": True, "categorisation_art5_attributes": True}
    assert categories(run(provider(biometrics=sensitive))) == ["prohibited"]
    labelling = run(
        provider(biometrics={**sensitive, "categorisation_lawful_dataset_labelling": True})
    )
    assert outcome(labelling, "art5_1_g_biometric_categorisation") == "excepted"
    assert "prohibited" not in categories(labelling)


RBI = {
    "remote_identification": True,
    "real_time": True,
    "publicly_accessible_space": True,
    "for_law_enforcement": True,
}
POLICE = {"law_enforcement": True, "public_body": True}


def test_art5_h_real_time_rbi_is_prohibited_without_an_authorised_exception() -> None:
    assert categories(run(deployer(POLICE, biometrics=RBI))) == ["prohibited"]
    # An objective of point (h) without the national law of Art 5(5): still prohibited.
    victims = {**RBI, "rbi_exception": "victims"}
    assert categories(run(deployer(POLICE, biometrics=victims))) == ["prohibited"]


def test_art5_h_exception_with_national_law_is_high_risk_with_safeguards() -> None:
    allowed = {**RBI, "rbi_exception": "suspect", "national_law_authorises": True}
    result = run(deployer(POLICE, biometrics=allowed))
    assert outcome(result, "art5_1_h_realtime_rbi") == "excepted"
    assert categories(result) == ["high_risk"]
    assert {"rbi_prior_authorisation", "rbi_notify_authorities", "fria"} <= result.codes()
    assert result.fria_required
    assert "Annex III point 1(a)" in result.legal_basis


def test_post_rbi_is_not_prohibited_but_high_risk() -> None:
    post = {**RBI, "real_time": False}
    result = run(deployer(POLICE, biometrics=post, annex_iii={"point": "1(a)"}))
    assert categories(result) == ["high_risk"]
    assert "post_rbi_authorisation" in result.codes()


def test_prohibitions_apply_from_2_february_2025() -> None:
    before = run(provider(prohibited={"untargeted_facial_scraping": True}), on="2025-02-01")
    assert categories(before) == ["prohibited"]
    assert not before.obligation("cease_practice").applies  # type: ignore[union-attr]


SEXUAL = {"intended_purpose": True}


@pytest.mark.parametrize("point", ["intimate_imagery", "child_sexual_abuse_material"])
def test_new_prohibitions_apply_from_2_december_2026_and_only_in_the_2026_text(point: str) -> None:
    before = run(provider(prohibited={point: SEXUAL}), on="2026-12-01")
    assert categories(before) == ["prohibited"]
    assert starts(before, "cease_practice") == "2026-12-02"
    assert not before.obligation("cease_practice").applies  # type: ignore[union-attr]
    after = run(provider(prohibited={point: SEXUAL}), on="2026-12-02")
    assert after.obligation("cease_practice").applies  # type: ignore[union-attr]
    old = run(provider(prohibited={point: SEXUAL}), on="2026-12-02", law="2024")
    assert "prohibited" not in categories(old)
    rule = "art5_1_ba_intimate_imagery" if point == "intimate_imagery" else "art5_1_bb_csam"
    assert outcome(old, rule) == "not_in_law"


def test_new_prohibitions_reach_foreseeable_outcomes_without_safeguards() -> None:
    foreseeable = {"foreseeable_without_safeguards": True}
    result = run(provider(prohibited={"intimate_imagery": foreseeable}), on="2027-01-01")
    assert categories(result) == ["prohibited"]
    safeguarded = run(provider(prohibited={"intimate_imagery": {}}), on="2027-01-01")
    assert categories(safeguarded) == ["minimal"]


# --- Art 2 and Art 3(1): scope ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "article"),
    [
        (provider(system={"kind": "not_ai_system"}), "Art. 3(1)"),
        (provider(scope={"military_defence_national_security_only": True}), "Art. 2(3)"),
        (provider(scope={"third_country_authority_cooperation": True}), "Art. 2(4)"),
        (provider(scope={"scientific_research_sole_purpose": True}), "Art. 2(6)"),
        (provider(scope={"pre_market_research_testing": True}), "Art. 2(8)"),
        ({"actor": {"roles": ["provider"], "output_used_in_eu": False}}, "Art. 2(1)"),
        (deployer({"personal_non_professional_use": True}), "Art. 2(10)"),
    ],
)
def test_scope_exclusions(document: dict[str, Any], article: str) -> None:
    document = {**document, "annex_iii": {"point": "4(a)"}}
    result = run(document)
    assert categories(result) == ["out_of_scope"]
    assert article in result.legal_basis
    assert result.obligations == ()
    assert result.penalties == ()


def test_personal_use_drops_only_deployer_duties() -> None:
    document = {
        "actor": {"roles": ["provider", "deployer"], "personal_non_professional_use": True},
        "transparency": {"generates_synthetic_content": True, "deep_fake": True},
    }
    result = run(document)
    assert "mark_synthetic_content" in result.codes()
    assert "disclose_deepfake" not in result.codes()


def test_open_source_is_excluded_unless_high_risk_prohibited_or_article_50() -> None:
    assert categories(run(provider(system={"free_open_source": True}))) == ["out_of_scope"]
    high = run(provider(system={"free_open_source": True}, annex_iii={"point": "4(a)"}))
    assert categories(high) == ["high_risk"]
    chat = run(
        provider(system={"free_open_source": True}, transparency={"interacts_with_persons": True})
    )
    assert categories(chat) == ["transparency_only"]
    assert outcome(chat, "open_source_effect") == "excepted"


def test_a_plain_ai_system_is_minimal_risk_with_ai_literacy() -> None:
    result = run({"actor": {"roles": ["provider", "deployer"]}})
    assert categories(result) == ["minimal"]
    assert {o.role for o in result.obligations if o.code == "ai_literacy"} == {
        "provider",
        "deployer",
    }
    assert starts(result, "ai_literacy") == "2025-02-02"
