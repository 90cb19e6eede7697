"""Art 50 paragraph by paragraph and who bears it; GPAI models; Art 99 and Art 101 fines."""

from aiact_support import categories, deployer, outcome, provider, run, starts


def test_art50_1_chatbot_provider_discloses_unless_obvious() -> None:
    result = run(provider(transparency={"interacts_with_persons": True}))
    assert categories(result) == ["transparency_only"]
    assert starts(result, "disclose_ai_interaction") == "2026-08-02"
    assert result.obligation("disclose_ai_interaction").applies  # type: ignore[union-attr]
    obvious = run(
        provider(transparency={"interacts_with_persons": True, "interaction_obvious": True})
    )
    assert categories(obvious) == ["minimal"]
    assert outcome(obvious, "art50_1_interaction") == "excepted"


def test_art50_1_law_enforcement_exception_unless_public_can_report_crime() -> None:
    police = {"interacts_with_persons": True, "authorised_by_law_for_crime": True}
    assert categories(run(provider(transparency=police))) == ["minimal"]
    reporting = {**police, "public_crime_reporting": True}
    assert categories(run(provider(transparency=reporting))) == ["transparency_only"]


def test_art50_duties_of_the_provider_fall_on_others_for_a_deployer() -> None:
    result = run(deployer(transparency={"interacts_with_persons": True}))
    assert "disclose_ai_interaction" not in result.codes()
    assert "disclose_ai_interaction" in result.other_codes()
    assert categories(result) == ["transparency_only"]


def test_art50_2_marking_with_the_grace_period_for_systems_already_on_the_market() -> None:
    content = {"generates_synthetic_content": True}
    new = run(provider(transparency=content, system={"placed_on_market": "2026-09-01"}))
    assert starts(new, "mark_synthetic_content") == "2026-08-02"
    old = run(provider(transparency=content, system={"placed_on_market": "2026-03-01"}))
    assert starts(old, "mark_synthetic_content") == "2026-12-02"
    assert not old.obligation("mark_synthetic_content").applies  # type: ignore[union-attr]
    text_2024 = run(
        provider(transparency=content, system={"placed_on_market": "2026-03-01"}), law="2024"
    )
    assert starts(text_2024, "mark_synthetic_content") == "2026-08-02"
    editing = run(provider(transparency={**content, "standard_editing_only": True}))
    assert "mark_synthetic_content" not in editing.codes()


def test_art50_dates_on_both_sides() -> None:
    before = run(provider(transparency={"interacts_with_persons": True}), on="2026-08-01")
    assert not before.obligation("disclose_ai_interaction").applies  # type: ignore[union-attr]


def test_art50_3_deployer_of_emotion_recognition_or_categorisation() -> None:
    result = run(deployer(biometrics={"categorisation": True}))
    assert "inform_emotion_biometric_exposure" in result.codes()
    police = run(
        deployer(
            biometrics={"categorisation": True},
            transparency={"authorised_by_law_for_crime": True},
        )
    )
    assert "inform_emotion_biometric_exposure" not in police.codes()


def test_art50_4_deep_fakes_and_public_interest_text() -> None:
    fake = run(deployer(transparency={"deep_fake": True, "deep_fake_artistic": True}))
    assert "disclose_deepfake" in fake.codes()
    text = run(deployer(transparency={"public_interest_text": True}))
    assert "disclose_ai_generated_text" in text.codes()
    edited = run(
        deployer(transparency={"public_interest_text": True, "human_editorial_control": True})
    )
    assert "disclose_ai_generated_text" not in edited.codes()


def test_art50_applies_on_top_of_high_risk() -> None:
    result = run(
        provider(annex_iii={"point": "4(a)"}, transparency={"interacts_with_persons": True})
    )
    # Art 50(6): both regimes; Art 50 applies from 2 August 2026, Chapter III later.
    assert categories(result) == ["high_risk", "transparency_only"]
    assert "disclose_ai_interaction" in result.codes()
    assert result.regimes_applicable_on == ("transparency_only",)
    later = run(
        provider(annex_iii={"point": "4(a)"}, transparency={"interacts_with_persons": True}),
        on="2027-12-02",
    )
    assert later.regimes_applicable_on == ("high_risk", "transparency_only")


# --- General-purpose AI models ------------------------------------------------------------------

MODEL = {"kind": "gpai_model", "placed_on_market": "2025-09-01"}
GPAI_BASE = {
    "gpai_technical_documentation",
    "downstream_information",
    "copyright_policy",
    "training_data_summary",
}
SYSTEMIC = {
    "notify_commission",
    "systemic_risk_evaluation",
    "systemic_risk_mitigation",
    "gpai_incident_reporting",
    "gpai_cybersecurity",
}


def test_gpai_model_below_the_threshold() -> None:
    result = run(provider(system=MODEL, gpai={"training_compute_flop": 1e24}))
    assert categories(result) == ["gpai"]
    assert result.codes() == GPAI_BASE
    assert starts(result, "copyright_policy") == "2025-08-02"
    assert result.penalty_ceiling is not None
    assert result.penalty_ceiling.article == "Art. 101(1)"


def test_gpai_model_above_10_25_flop_has_systemic_risk() -> None:
    result = run(provider(system=MODEL, gpai={"training_compute_flop": 3e25}))
    assert categories(result) == ["gpai", "gpai_systemic_risk"]
    assert result.codes() == GPAI_BASE | SYSTEMIC
    at_threshold = run(provider(system=MODEL, gpai={"training_compute_flop": 1e25}))
    assert categories(at_threshold) == ["gpai"]  # "greater than" 10^25
    designated = run(provider(system=MODEL, gpai={"designated_systemic_risk": True}))
    assert "gpai_systemic_risk" in categories(designated)


def test_open_release_relief_and_its_limits() -> None:
    open_model = run(provider(system=MODEL, gpai={"open_release": True}))
    assert open_model.codes() == {"copyright_policy", "training_data_summary"}
    foreign = {"roles": ["provider"], "established_in_eu": False}
    open_foreign = run({"actor": foreign, "system": MODEL, "gpai": {"open_release": True}})
    assert "gpai_authorised_representative" not in open_foreign.codes()
    big_open = run(
        provider(system=MODEL, gpai={"open_release": True, "training_compute_flop": 2e25})
    )
    assert big_open.codes() == GPAI_BASE | SYSTEMIC
    closed_foreign = run({"actor": foreign, "system": MODEL})
    assert "gpai_authorised_representative" in closed_foreign.codes()


def test_gpai_models_already_on_the_market_have_until_2_august_2027() -> None:
    legacy = run(provider(system={"kind": "gpai_model", "placed_on_market": "2025-05-01"}))
    assert starts(legacy, "copyright_policy") == "2027-08-02"
    assert not legacy.obligation("copyright_policy").applies  # type: ignore[union-attr]


# --- Penalties (Art 99, Art 101) ----------------------------------------------------------------

SCRAPER = {"prohibited": {"untargeted_facial_scraping": True}}


def test_prohibited_practice_fine_for_large_and_sme() -> None:
    large = run({"actor": {"roles": ["provider"], "annual_turnover_eur": 1e9}, **SCRAPER})
    ceiling = large.penalty_ceiling
    assert ceiling is not None
    assert (ceiling.article, ceiling.rule, ceiling.ceiling_eur) == ("Art. 99(3)", "higher", 7e7)
    sme = run(
        {
            "actor": {"roles": ["provider"], "size_class": "small", "annual_turnover_eur": 1e7},
            **SCRAPER,
        }
    )
    assert sme.penalty_ceiling is not None
    assert (sme.penalty_ceiling.rule, sme.penalty_ceiling.ceiling_eur) == ("lower", 7e5)


def test_small_mid_caps_get_the_lower_amount_only_for_99_4_and_5_in_2026() -> None:
    actor = {"roles": ["provider"], "size_class": "small_mid_cap"}
    prohibited = run({"actor": actor, **SCRAPER})
    assert {p.tier: p.rule for p in prohibited.penalties}["prohibited"] == "higher"
    result = run({"actor": actor, "annex_iii": {"point": "4(a)"}})
    rules = {penalty.tier: penalty.rule for penalty in result.penalties}
    assert rules == {"operator": "lower", "information": "lower"}
    old = run({"actor": actor, "annex_iii": {"point": "4(a)"}}, law="2024")
    assert {penalty.rule for penalty in old.penalties} == {"higher"}


def test_operator_tier_for_high_risk_and_transparency() -> None:
    result = run(provider(transparency={"interacts_with_persons": True}))
    assert result.penalty_ceiling is not None
    assert result.penalty_ceiling.article == "Art. 99(4)"
    minimal = run(provider())
    assert minimal.penalty_ceiling is not None
    assert minimal.penalty_ceiling.article == "Art. 99(5)"
