# ruff: noqa: RUF009 - `doc()` wraps dataclasses.field to attach the schema description
"""The facts document: what a system or model is, and who the actor is.

The dataclasses below are the single source of truth, a table of documented fields.
`facts_schema.py` derives the published JSON Schema from them (types, enumerations and the `doc` of
each field) and parses documents into them (ADR 0011).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import StrEnum
from typing import Any

from balise.domain.organisations.model import SizeClass


def doc(text: str, default: Any = False) -> Any:
    """A field with its documentation, shown in the JSON Schema."""
    if isinstance(default, list | dict):
        raise TypeError("use factories for mutable defaults")
    return dataclasses.field(default=default, metadata={"doc": text})


def group(cls: type[Any], text: str) -> Any:
    return dataclasses.field(default_factory=cls, metadata={"doc": text})


class Role(StrEnum):
    PROVIDER = "provider"
    DEPLOYER = "deployer"
    IMPORTER = "importer"
    DISTRIBUTOR = "distributor"
    AUTHORISED_REPRESENTATIVE = "authorised_representative"
    PRODUCT_MANUFACTURER = "product_manufacturer"


class Kind(StrEnum):
    AI_SYSTEM = "ai_system"
    GPAI_MODEL = "gpai_model"
    NOT_AI_SYSTEM = "not_ai_system"


class RbiObjective(StrEnum):
    VICTIMS = "victims"  # Art 5(1)(h)(i)
    THREAT = "threat"  # Art 5(1)(h)(ii)
    SUSPECT = "suspect"  # Art 5(1)(h)(iii)


class MarketStatus(StrEnum):
    NOT_YET = "not_yet"
    IN_USE = "in_use"


class GpaiRelease(StrEnum):
    CLOSED = "closed"
    OPEN_WEIGHTS = "open_weights"  # weights public, licence not free and open-source
    OPEN_SOURCE = "open_source"  # Art 53(2): free and open-source licence and public weights


class DownstreamModification(StrEnum):
    NONE = "none"
    BELOW_ONE_THIRD = "below_one_third"
    ABOVE_ONE_THIRD = "above_one_third"


class Establishment(StrEnum):
    IN_EU = "in_eu"
    OUTSIDE_EU = "outside_eu"


class AnnexIIIExclusion(StrEnum):
    BIOMETRIC_VERIFICATION = "biometric_verification"  # 1(a)
    FINANCIAL_FRAUD_DETECTION = "financial_fraud_detection"  # 5(b)
    TRAVEL_DOCUMENT_VERIFICATION = "travel_document_verification"  # 7(d)
    ANCILLARY_ADMINISTRATIVE = "ancillary_administrative"  # 8(a), recital 61
    CAMPAIGN_LOGISTICS = "campaign_logistics"  # 8(b)


EXCLUSION_POINTS = {
    AnnexIIIExclusion.BIOMETRIC_VERIFICATION: "1(a)",
    AnnexIIIExclusion.FINANCIAL_FRAUD_DETECTION: "5(b)",
    AnnexIIIExclusion.TRAVEL_DOCUMENT_VERIFICATION: "7(d)",
    AnnexIIIExclusion.ANCILLARY_ADMINISTRATIVE: "8(a)",
    AnnexIIIExclusion.CAMPAIGN_LOGISTICS: "8(b)",
}


ANNEX_III_POINTS = (
    "1(a)", "1(b)", "1(c)", "2", "3(a)", "3(b)", "3(c)", "3(d)", "4(a)", "4(b)",
    "5(a)", "5(b)", "5(c)", "5(d)", "6(a)", "6(b)", "6(c)", "6(d)", "6(e)",
    "7(a)", "7(b)", "7(c)", "7(d)", "8(a)", "8(b)",
)  # fmt: skip

ANNEX_I_LEGISLATION = (
    "machinery", "toys", "recreational_craft", "lifts", "atex", "radio_equipment",
    "pressure_equipment", "cableways", "personal_protective_equipment", "gas_appliances",
    "medical_devices", "in_vitro_diagnostic_medical_devices", "civil_aviation_security",
    "two_three_wheel_vehicles", "agricultural_forestry_vehicles", "marine_equipment",
    "rail_interoperability", "motor_vehicles", "vehicle_general_safety", "civil_aviation_uas",
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Actor:
    roles: tuple[Role, ...] = doc(
        "The actor's roles for this system or model (Art 3(3)-(7), Art 2(1)(e)).", ()
    )
    size_class: SizeClass = doc(
        "Size of the actor's organisation: SME classes (Art 3(14a)), small mid-cap (Art 3(14b)) "
        "or large. Decides the Art 99(6)/(6a) 'lower of the two' rule.",
        SizeClass.LARGE,
    )
    established_in_eu: bool = doc("The actor is established in the Union.", True)
    annual_turnover_eur: float | None = doc(
        "Total worldwide annual turnover of the preceding financial year, to compute fines.", None
    )
    public_body: bool = doc("The deployer is a body governed by public law (Art 27(1)).")
    private_public_services: bool = doc(
        "The deployer is a private entity providing public services (Art 27(1)), e.g. a "
        "subsidised school, hospital or social-housing company."
    )
    law_enforcement: bool = doc("The actor is a law-enforcement authority (Art 3(45)).")
    employer_use_on_workers: bool = doc(
        "The deployer is an employer that uses the system at the workplace on its workers "
        "(Art 26(7)): they and their representatives must be informed first. Whether the system "
        "takes employment decisions is annex_iii.employment_decisions."
    )
    personal_non_professional_use: bool = doc(
        "The deployer is a natural person using the system in a purely personal, "
        "non-professional activity (Art 2(10), Art 3(4))."
    )
    output_used_in_eu: bool = doc(
        "The system's output is used in the Union (Art 2(1)(c)) or it is placed on the market, "
        "put into service or used in the Union.",
        True,
    )


@dataclasses.dataclass(frozen=True)
class System:
    name: str = doc("A name for the system or model.", "")
    kind: Kind = doc(
        "ai_system (Art 3(1): infers how to generate outputs), gpai_model (Art 3(63)), or "
        "not_ai_system (rules defined solely by people; no inference).",
        Kind.AI_SYSTEM,
    )
    market_status: MarketStatus | None = doc(
        "not_yet: neither placed on the market nor put into service; in_use: already placed on "
        "the market or put into service, the dates below if known. Null: as the dates say (a "
        "date given means in use, none means not yet).",
        None,
    )
    placed_on_market: dt.date | None = doc(
        "Date the provider placed the system or model on the Union market (Art 3(9)); null if "
        "not yet or unknown.",
        None,
    )
    put_into_service: dt.date | None = doc(
        "Date the system was first put into service, by a deployer or by the provider for its "
        "own use (Art 3(11)); null if not yet or unknown. Art 111(2) looks at the earlier of "
        "the two dates.",
        None,
    )
    significant_design_change: bool = doc(
        "After the Chapter III date of application the system underwent significant changes in "
        "its design (Art 111(2)).",
    )
    intended_for_public_authorities: bool = doc(
        "The high-risk system is intended to be used by public authorities (Art 111(2))."
    )
    free_open_source: bool = doc(
        "Released under a free and open-source licence (Art 2(12), Art 53(2))."
    )


@dataclasses.dataclass(frozen=True)
class Scope:
    military_defence_national_security_only: bool = doc(
        "Placed on the market, put into service or used exclusively for military, defence or "
        "national-security purposes (Art 2(3)). Dual use is not exclusive."
    )
    third_country_authority_cooperation: bool = doc(
        "A third-country public authority or international organisation using the system in "
        "international law-enforcement or judicial cooperation with adequate safeguards (Art 2(4))."
    )
    scientific_research_sole_purpose: bool = doc(
        "Specifically developed and put into service for the sole purpose of scientific research "
        "and development (Art 2(6))."
    )
    pre_market_research_testing: bool = doc(
        "Research, testing or development before placing on the market or putting into service, "
        "not testing in real-world conditions (Art 2(8))."
    )


@dataclasses.dataclass(frozen=True)
class Harmful:
    """Art 5(1)(a)/(b): a technique, its effect on behaviour and the harm."""

    used: bool = doc("The system deploys the technique described by the point.")
    materially_distorts_behaviour: bool = doc(
        "With the objective or effect of materially distorting behaviour (impairing informed "
        "decisions, causing a decision not otherwise taken)."
    )
    significant_harm: bool = doc("Causes or is reasonably likely to cause significant harm.")


@dataclasses.dataclass(frozen=True)
class SexualContent:
    """Art 5(1)(ba)/(bb) with the Art 5(1a) scoping (2026 text)."""

    intended_purpose: bool = doc("Generating such material is the intended purpose.")
    foreseeable_without_safeguards: bool = doc(
        "Generating it is a reasonably foreseeable and reproducible outcome without significant "
        "technical modification, and the system lacks reasonable and adequate safeguards."
    )
    used_for_that_purpose: bool = doc("The deployer uses the system to generate such material.")


@dataclasses.dataclass(frozen=True)
class SocialScoring:
    used: bool = doc(
        "Evaluates or classifies persons over time on social behaviour or personal "
        "characteristics (Art 5(1)(c))."
    )
    detrimental_unrelated_context: bool = doc(
        "The score leads to detrimental treatment in social contexts unrelated to those where "
        "the data was generated (Art 5(1)(c)(i))."
    )
    unjustified_or_disproportionate: bool = doc(
        "The score leads to treatment unjustified or disproportionate to the behaviour or its "
        "gravity (Art 5(1)(c)(ii))."
    )


@dataclasses.dataclass(frozen=True)
class CrimePrediction:
    used: bool = doc(
        "Assesses or predicts the risk that a natural person commits a criminal offence."
    )
    solely_profiling_or_traits: bool = doc(
        "Based solely on profiling or on assessing personality traits and characteristics."
    )
    supports_human_assessment_on_facts: bool = doc(
        "Supports a human assessment already based on objective and verifiable facts directly "
        "linked to a criminal activity (the Art 5(1)(d) exception)."
    )


@dataclasses.dataclass(frozen=True)
class Prohibitions:
    manipulation: Harmful = group(
        Harmful, "Art 5(1)(a): subliminal, purposefully manipulative or deceptive techniques."
    )
    exploitation_of_vulnerabilities: Harmful = group(
        Harmful,
        "Art 5(1)(b): exploiting vulnerabilities due to age, disability or a specific "
        "social or economic situation.",
    )
    intimate_imagery: SexualContent = group(
        SexualContent,
        "Art 5(1)(ba) (2026): realistic intimate or sexually explicit material "
        "of an identifiable person without explicit consent.",
    )
    child_sexual_abuse_material: SexualContent = group(
        SexualContent, "Art 5(1)(bb) (2026): child sexual abuse material."
    )
    social_scoring: SocialScoring = group(SocialScoring, "Art 5(1)(c).")
    crime_prediction: CrimePrediction = group(CrimePrediction, "Art 5(1)(d).")
    untargeted_facial_scraping: bool = doc(
        "Creates or expands facial-recognition databases by untargeted scraping of facial images "
        "from the internet or CCTV footage (Art 5(1)(e))."
    )


@dataclasses.dataclass(frozen=True)
class Biometrics:
    emotion_recognition: bool = doc(
        "Infers emotions or intentions of natural persons from biometric data (Art 3(39)); not "
        "physical states such as pain or fatigue."
    )
    emotion_in_workplace_or_education: bool = doc(
        "The emotions inferred are those of persons at the workplace or in an education "
        "institution (Art 5(1)(f))."
    )
    emotion_medical_or_safety: bool = doc(
        "Intended for medical or safety reasons (the Art 5(1)(f) exception)."
    )
    categorisation: bool = doc(
        "Assigns natural persons to categories on the basis of their biometric data (Art 3(40))."
    )
    categorisation_ancillary: bool = doc(
        "That categorisation is ancillary to another commercial service and strictly necessary "
        "for objective technical reasons, e.g. a virtual try-on filter: then it is not a "
        "biometric categorisation system (Art 3(40))."
    )
    categorisation_art5_attributes: bool = doc(
        "Deduces or infers race, political opinions, trade-union membership, religious or "
        "philosophical beliefs, sex life or sexual orientation (Art 5(1)(g))."
    )
    categorisation_lawful_dataset_labelling: bool = doc(
        "Only labels or filters lawfully acquired biometric datasets, or categorises biometric "
        "data in law enforcement (the Art 5(1)(g) exception)."
    )
    remote_identification: bool = doc("Remote biometric identification (Art 3(41)).")
    real_time: bool = doc("Real-time remote biometric identification (Art 3(42)).")
    publicly_accessible_space: bool = doc("Used in publicly accessible spaces (Art 3(44)).")
    for_law_enforcement: bool = doc("Used for the purpose of law enforcement (Art 3(46)).")
    rbi_objectives: tuple[RbiObjective, ...] = doc(
        "The Art 5(1)(h) objectives the use is strictly necessary for, if any: victims (i), "
        "threat (ii), suspect (iii).",
        (),
    )
    national_law_authorises: bool = doc(
        "National law authorises real-time RBI for those objectives (Art 5(5)). Belgium: no such "
        "law is known to us."
    )


@dataclasses.dataclass(frozen=True)
class AnnexI:
    legislation: str | None = doc(
        "The Annex I Union harmonisation legislation covering the product, or null.", None
    )
    safety_component_or_product: bool = doc(
        "The AI system is a safety component of the product (Art 3(14)), or is itself the product "
        "(Art 6(1)(a))."
    )
    non_safety_aspects_only: bool = doc(
        "Used solely for non-safety aspects: user assistance, performance optimisation, "
        "efficiency, automation, convenience or quality control (Art 6(1a), 2026 text)."
    )
    failure_endangers_health_safety: bool = doc(
        "Its failure or malfunctioning would endanger health and safety (Art 6(1b), 2026 text)."
    )
    third_party_conformity_assessment: bool = doc(
        "The product must undergo a third-party conformity assessment under that legislation "
        "(Art 6(1)(b))."
    )
    third_party_only_non_safety_risks: bool = doc(
        "That third-party assessment is required solely for risks other than health and safety, "
        "e.g. radio spectrum (Art 6(1c), 2026 text)."
    )


@dataclasses.dataclass(frozen=True)
class Derogation:
    no_significant_risk: bool = doc(
        "No significant risk of harm to health, safety or fundamental rights, including by not "
        "materially influencing the outcome of decision making (Art 6(3), first subparagraph)."
    )
    narrow_procedural_task: bool = doc("Art 6(3)(a).")
    improves_completed_human_activity: bool = doc("Art 6(3)(b).")
    detects_patterns_without_replacing_review: bool = doc("Art 6(3)(c).")
    preparatory_task: bool = doc("Art 6(3)(d).")


@dataclasses.dataclass(frozen=True)
class AnnexIII:
    points: tuple[str, ...] = doc(
        "Every Annex III point the intended purpose falls under, e.g. [1(a), 4(b)].", ()
    )
    exclusions: tuple[AnnexIIIExclusion, ...] = doc(
        "The exclusions stated in those points that apply: biometric_verification (1(a)), "
        "financial_fraud_detection (5(b)), travel_document_verification (7(d)), "
        "ancillary_administrative (8(a), recital 61), campaign_logistics (8(b)).",
        (),
    )
    employment_decisions: bool = doc(
        "Used to take or support decisions on workers: terms of work, promotion, termination, "
        "allocating tasks, monitoring or evaluating them (Annex III point 4(b)); recruitment "
        "is point 4(a)."
    )
    profiling: bool = doc(
        "The system performs profiling of natural persons (GDPR Art 4(4)); Art 6(3) third "
        "subparagraph."
    )
    derogation: Derogation = group(Derogation, "The Art 6(3) conditions.")


@dataclasses.dataclass(frozen=True)
class Transparency:
    interacts_with_persons: bool = doc(
        "Intended to interact directly with natural persons (Art 50(1))."
    )
    interaction_obvious: bool = doc(
        "Obvious to a reasonably well-informed, observant and circumspect person (Art 50(1))."
    )
    generates_synthetic_content: bool = doc(
        "Generates synthetic audio, image, video or text content (Art 50(2))."
    )
    standard_editing_only: bool = doc(
        "Performs an assistive function for standard editing, or does not substantially alter "
        "the input data or its semantics (Art 50(2) exception)."
    )
    deep_fake: bool = doc(
        "The deployer generates or manipulates image, audio or video content that is a deep "
        "fake (Art 3(60), Art 50(4))."
    )
    users_generate_deep_fakes: bool = doc(
        "The system lets its users (the deployers) generate deep fakes: the provider marks the "
        "output (Art 50(2)) and the deployers disclose them (Art 50(4))."
    )
    deep_fake_artistic: bool = doc(
        "The deep fake is part of an evidently artistic, creative, satirical, fictional or "
        "analogous work (Art 50(4))."
    )
    public_interest_text: bool = doc(
        "The deployer publishes AI-generated or manipulated text to inform the public on "
        "matters of public interest (Art 50(4), second subparagraph)."
    )
    human_editorial_control: bool = doc(
        "That text underwent human review or editorial control and a person holds editorial "
        "responsibility (Art 50(4))."
    )
    authorised_by_law_for_crime: bool = doc(
        "Authorised by law to detect, prevent, investigate or prosecute criminal offences "
        "(Art 50(1)-(4) exceptions)."
    )
    public_crime_reporting: bool = doc(
        "Available to the public to report a criminal offence (limits the Art 50(1) exception)."
    )


@dataclasses.dataclass(frozen=True)
class Gpai:
    training_compute_flop: float | None = doc(
        "Cumulative training compute in floating-point operations (Art 51(2)).", None
    )
    high_impact_capabilities: bool = doc(
        "The model has high-impact capabilities assessed with appropriate tools (Art 51(1)(a))."
    )
    designated_systemic_risk: bool = doc(
        "Designated by the Commission as a model with systemic risk (Art 51(1)(b))."
    )
    release: GpaiRelease = doc(
        "closed; open_weights: the weights are public but the licence is not free and "
        "open-source; open_source: a free and open-source licence allowing access, use, "
        "modification and distribution, with weights, architecture and usage information public "
        "(Art 53(2), 54(6)).",
        GpaiRelease.CLOSED,
    )
    downstream_modification: DownstreamModification = doc(
        "The actor modifies (e.g. fine-tunes) a model provided by someone else: none; "
        "below_one_third or above_one_third of the compute used to train the original model. "
        "Above, the modifier is the provider of the modified model (recital 109; the Commission's "
        "guidelines on general-purpose AI models).",
        DownstreamModification.NONE,
    )


@dataclasses.dataclass(frozen=True)
class RoleChanges:
    own_name_or_trademark: bool = doc(
        "Puts its name or trademark on a high-risk system already placed on the market "
        "(Art 25(1)(a))."
    )
    substantial_modification: bool = doc(
        "Makes a substantial modification to a high-risk system that remains high-risk "
        "(Art 25(1)(b), Art 3(23))."
    )
    changed_purpose: bool = doc(
        "Changes the intended purpose of a system not classified as high-risk, including a "
        "general-purpose AI system, so that it becomes high-risk (Art 25(1)(c)); describe the new "
        "purpose in annex_iii or annex_i."
    )


@dataclasses.dataclass(frozen=True)
class OtherOperators:
    """Facts about the other operators of the same system, when the actor is not that operator."""

    provider_established: Establishment | None = doc(
        "Where the provider of the system or model is established, when the actor is not its "
        "provider: in_eu or outside_eu (Art 22, Art 54); null if unknown (an importer's provider "
        "is outside the Union by definition, Art 3(6)).",
        None,
    )
    deployers_public: bool = doc(
        "The system is meant for deployers that are bodies governed by public law or private "
        "entities providing public services (Art 27(1)), when the actor is not the deployer."
    )


@dataclasses.dataclass(frozen=True)
class Facts:
    actor: Actor = group(Actor, "The organisation or person whose duties are evaluated.")
    system: System = group(System, "The AI system or general-purpose AI model.")
    scope: Scope = group(Scope, "Art 2 exclusions.")
    prohibited: Prohibitions = group(Prohibitions, "Art 5 practices and their conditions.")
    biometrics: Biometrics = group(
        Biometrics, "Biometric functions (Art 5(1)(f)-(h), Annex III point 1, Art 50(3))."
    )
    annex_i: AnnexI = group(AnnexI, "Art 6(1): Annex I products.")
    annex_iii: AnnexIII = group(AnnexIII, "Art 6(2)-(3): Annex III areas.")
    transparency: Transparency = group(Transparency, "Art 50 situations.")
    gpai: Gpai = group(Gpai, "General-purpose AI models (Art 51-55).")
    role_changes: RoleChanges = group(RoleChanges, "Art 25 role changes.")
    operators: OtherOperators = group(
        OtherOperators, "The other operators of the system: its provider and its deployers."
    )
    evaluation_date: dt.date | None = doc(
        "The date on which the law is applied; default today. --date overrides it.", None
    )
