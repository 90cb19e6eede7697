"""Balise's publication standard for AI system records: every field, its type and its audience.

The fields follow the register design (Annex VIII of the AI Act, sections A to C, plus the Dutch,
Eurocities and UK transparency standards). Forms, validation, imports, exports and the portal are
all driven by this one table, so a new field is added here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from balise.domain.shared.i18n import N_

STANDARD_VERSION = "1.0"


class Kind(StrEnum):
    TEXT = "text"  # one line, not translated (names of things, codes)
    I18N = "i18n"  # text per language
    CHOICE = "choice"
    CHOICES = "choices"
    DATE = "date"
    URL = "url"
    EMAIL = "email"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    WORDS = "words"  # a list of short strings


class Visibility(StrEnum):
    """Who may read a field: everyone, every signed-in user, or the organisation and regulator."""

    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"

    @property
    def rank(self) -> int:
        return list(Visibility).index(self)


class Section(StrEnum):
    RECORD = "record"
    ACCOUNTABILITY = "accountability"
    PURPOSE = "purpose"
    LIFECYCLE = "lifecycle"
    AI_ACT = "ai_act"
    DATA = "data"
    TECHNICAL = "technical"
    OVERSIGHT = "oversight"
    RISKS = "risks"


SECTION_TITLES = {
    Section.RECORD: N_("About this record"),
    Section.ACCOUNTABILITY: N_("Who is responsible"),
    Section.PURPOSE: N_("What the system is for"),
    Section.LIFECYCLE: N_("Life cycle"),
    Section.AI_ACT: N_("AI Act profile"),
    Section.DATA: N_("Data"),
    Section.TECHNICAL: N_("How it works"),
    Section.OVERSIGHT: N_("Human oversight and your rights"),
    Section.RISKS: N_("Risks and assessments"),
}

CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "decision_type": (
        ("fully_automated", N_("Fully automated decision")),
        ("decision_support", N_("Supports a person who decides")),
        ("information_only", N_("Information only, no decision")),
    ),
    "lifecycle_status": (
        ("planned", N_("Planned")),
        ("development", N_("In development")),
        ("pilot", N_("Pilot")),
        ("in_use", N_("In use")),
        ("retired", N_("Retired")),
    ),
    "market_status": (
        ("on_market", N_("On the market or in service")),
        ("withdrawn_from_market", N_("No longer on the market or in service")),
        ("recalled", N_("Recalled")),
    ),
    "risk_category": (
        ("not_assessed", N_("Not assessed yet")),
        ("prohibited", N_("Prohibited practice")),
        ("high_risk", N_("High risk")),
        ("transparency_only", N_("Transparency duties")),
        ("minimal", N_("Minimal risk")),
        ("gpai", N_("General-purpose AI")),
        ("out_of_scope", N_("Outside the AI Act")),
    ),
    "system_type": (
        ("ai_system", N_("AI system")),
        ("gpai_system", N_("General-purpose AI system")),
        ("gpai_model", N_("General-purpose AI model")),
        ("non_ai_algorithm", N_("Algorithm that is not AI")),
    ),
    "operator_roles": (
        ("provider", N_("Provider")),
        ("deployer", N_("Deployer")),
        ("importer", N_("Importer")),
        ("distributor", N_("Distributor")),
        ("authorised_representative", N_("Authorised representative")),
        ("product_manufacturer", N_("Product manufacturer")),
    ),
    "themes": (
        ("social_security", N_("Social security and benefits")),
        ("taxes", N_("Taxes")),
        ("health", N_("Health and care")),
        ("education", N_("Education")),
        ("employment", N_("Work and employment")),
        ("mobility", N_("Mobility and transport")),
        ("environment", N_("Environment and energy")),
        ("housing", N_("Housing and planning")),
        ("safety", N_("Public safety and policing")),
        ("justice", N_("Justice")),
        ("migration", N_("Migration and asylum")),
        ("finance", N_("Finance and insurance")),
        ("public_services", N_("Public services and administration")),
        ("culture", N_("Culture, sport and leisure")),
    ),
    "oversight_mode": (
        ("in_the_loop", N_("A person checks every output before it counts")),
        ("on_the_loop", N_("A person monitors and can step in")),
        ("in_command", N_("A person decides when and how the system is used")),
        ("none", N_("No human oversight")),
    ),
    "algorithm_type": (
        ("rule_based", N_("Rule-based")),
        ("self_learning", N_("Self-learning (machine learning)")),
        ("hybrid", N_("Both rules and learning")),
    ),
}


@dataclass(frozen=True)
class Field:
    """One item of a record, with who may read it unless the organisation decides otherwise."""

    name: str
    section: Section
    kind: Kind
    label: str
    help: str = ""
    max_length: int = 0
    required: bool = False  # to submit for review and publish
    visibility: Visibility = Visibility.PUBLIC
    annex_viii: tuple[str, ...] = ()  # Annex VIII points this field answers
    public_when_sensitive: bool = False  # stays public for Annex III points 1, 6 and 7
    multiline: bool = False
    max_items: int = 0

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        return CHOICES.get(self.name, ())


INTERNAL, RESTRICTED = Visibility.INTERNAL, Visibility.RESTRICTED

FIELDS: tuple[Field, ...] = (
    # What the system is for
    Field(
        "name",
        Section.PURPOSE,
        Kind.I18N,
        N_("Name"),
        max_length=100,
        required=True,
        help=N_(
            "The everyday name, ideally with a verb: “Checking applications for study grants”."
        ),
        annex_viii=("A.4", "B.4"),
        public_when_sensitive=True,
    ),
    Field(
        "description_short",
        Section.PURPOSE,
        Kind.I18N,
        N_("Summary"),
        max_length=350,
        required=True,
        multiline=True,
        public_when_sensitive=True,
        help=N_("Two or three plain sentences a citizen understands."),
    ),
    Field(
        "intended_purpose",
        Section.PURPOSE,
        Kind.I18N,
        N_("Intended purpose"),
        max_length=5000,
        required=True,
        multiline=True,
        annex_viii=("A.5", "B.5"),
        help=N_("What the system is meant to do, and the tasks it supports."),
    ),
    Field("goal", Section.PURPOSE, Kind.I18N, N_("Policy goal"), max_length=2000, multiline=True),
    Field(
        "impact",
        Section.PURPOSE,
        Kind.I18N,
        N_("Effect on people"),
        max_length=2000,
        multiline=True,
        help=N_("How people meet the system and what it changes for them."),
    ),
    Field(
        "affected_groups",
        Section.PURPOSE,
        Kind.I18N,
        N_("Who is affected"),
        max_length=1000,
        required=True,
        multiline=True,
        help=N_("Including vulnerable groups, such as children or people in debt."),
    ),
    Field(
        "decision_type",
        Section.PURPOSE,
        Kind.CHOICE,
        N_("Degree of automation"),
        required=True,
        public_when_sensitive=True,
    ),
    Field(
        "decision_making_process",
        Section.PURPOSE,
        Kind.I18N,
        N_("Decision process"),
        max_length=2000,
        multiline=True,
        help=N_("The formal process its output feeds, and its weight there."),
    ),
    Field(
        "scope_not_designed_for",
        Section.PURPOSE,
        Kind.I18N,
        N_("Not designed for"),
        max_length=1000,
        multiline=True,
    ),
    Field(
        "proportionality",
        Section.PURPOSE,
        Kind.I18N,
        N_("Why its use is justified"),
        max_length=2000,
        multiline=True,
    ),
    Field(
        "alternatives_considered",
        Section.PURPOSE,
        Kind.I18N,
        N_("Alternatives considered"),
        max_length=2000,
        multiline=True,
    ),
    Field("themes", Section.PURPOSE, Kind.CHOICES, N_("Themes"), max_items=3),
    Field(
        "geographic_area", Section.PURPOSE, Kind.TEXT, N_("Area where it is used"), max_length=200
    ),
    Field(
        "frequency_of_use", Section.PURPOSE, Kind.TEXT, N_("How often it is used"), max_length=200
    ),
    Field(
        "lawful_basis",
        Section.PURPOSE,
        Kind.I18N,
        N_("Legal basis"),
        max_length=2000,
        multiline=True,
    ),
    Field(
        "lawful_basis_url", Section.PURPOSE, Kind.URL, N_("Link to the legal text"), max_length=300
    ),
    Field(
        "process_register_url",
        Section.PURPOSE,
        Kind.URL,
        N_("Entry in the register of processing activities"),
        max_length=300,
    ),
    # Who is responsible
    Field(
        "department", Section.ACCOUNTABILITY, Kind.I18N, N_("Department or team"), max_length=200
    ),
    Field(
        "senior_responsible_owner",
        Section.ACCOUNTABILITY,
        Kind.TEXT,
        N_("Accountable owner (role)"),
        max_length=200,
    ),
    Field(
        "contact_email",
        Section.ACCOUNTABILITY,
        Kind.EMAIL,
        N_("Contact e-mail"),
        max_length=254,
        required=True,
        public_when_sensitive=True,
        annex_viii=("A.1", "C.1"),
        help=N_("A shared mailbox rather than a person's address."),
    ),
    Field(
        "contact_phone", Section.ACCOUNTABILITY, Kind.TEXT, N_("Contact telephone"), max_length=40
    ),
    Field(
        "contact_name",
        Section.ACCOUNTABILITY,
        Kind.TEXT,
        N_("Contact person"),
        max_length=200,
        visibility=INTERNAL,
    ),
    Field(
        "website",
        Section.ACCOUNTABILITY,
        Kind.URL,
        N_("Public page about the service"),
        max_length=300,
    ),
    Field(
        "provider_name",
        Section.ACCOUNTABILITY,
        Kind.TEXT,
        N_("Provider"),
        max_length=200,
        annex_viii=("A.1", "B.1"),
        help=N_("Who developed the system; your own organisation if built in house."),
    ),
    Field("provider_in_house", Section.ACCOUNTABILITY, Kind.BOOLEAN, N_("Developed in house")),
    Field(
        "provider_enterprise_number",
        Section.ACCOUNTABILITY,
        Kind.TEXT,
        N_("Provider's enterprise or VAT number"),
        max_length=20,
    ),
    Field(
        "provider_address",
        Section.ACCOUNTABILITY,
        Kind.TEXT,
        N_("Provider's address and contact"),
        max_length=300,
        annex_viii=("A.1",),
    ),
    Field(
        "authorised_representative",
        Section.ACCOUNTABILITY,
        Kind.TEXT,
        N_("Authorised representative in the EU"),
        max_length=300,
        annex_viii=("A.3", "B.3"),
    ),
    Field(
        "external_suppliers",
        Section.ACCOUNTABILITY,
        Kind.TEXT,
        N_("Other suppliers and their role"),
        max_length=500,
    ),
    # Life cycle
    Field(
        "lifecycle_status",
        Section.LIFECYCLE,
        Kind.CHOICE,
        N_("Life-cycle stage"),
        required=True,
        public_when_sensitive=True,
    ),
    Field(
        "market_status",
        Section.LIFECYCLE,
        Kind.CHOICE,
        N_("Market status"),
        annex_viii=("A.7", "B.8"),
    ),
    Field("begin_date", Section.LIFECYCLE, Kind.DATE, N_("In use since")),
    Field("end_date", Section.LIFECYCLE, Kind.DATE, N_("In use until")),
    Field(
        "end_reason",
        Section.LIFECYCLE,
        Kind.I18N,
        N_("Why it was stopped"),
        max_length=1000,
        multiline=True,
    ),
    Field(
        "member_states",
        Section.LIFECYCLE,
        Kind.WORDS,
        N_("Member states where it is used"),
        max_items=27,
        annex_viii=("A.10", "B.9"),
        help=N_("Two-letter codes separated by commas, e.g. BE, NL."),
    ),
    # AI Act profile
    Field("system_type", Section.AI_ACT, Kind.CHOICE, N_("Type of system")),
    Field("operator_roles", Section.AI_ACT, Kind.CHOICES, N_("Your roles under the AI Act")),
    Field(
        "risk_category",
        Section.AI_ACT,
        Kind.CHOICE,
        N_("Risk category"),
        public_when_sensitive=True,
        help=N_("Storing a classification from the AI Act questionnaire fills this in."),
    ),
    Field(
        "annex_iii_point",
        Section.AI_ACT,
        Kind.TEXT,
        N_("Annex III point"),
        max_length=10,
        public_when_sensitive=True,
        help=N_(
            "A point of Annex III, for example 5(b). Points 1, 6 and 7 keep most of the record "
            "non-public."
        ),
    ),
    Field(
        "trade_name",
        Section.AI_ACT,
        Kind.TEXT,
        N_("Trade name"),
        max_length=200,
        annex_viii=("A.4", "B.4"),
    ),
    Field(
        "system_reference",
        Section.AI_ACT,
        Kind.TEXT,
        N_("Model and version reference"),
        max_length=200,
        annex_viii=("A.4", "B.4"),
    ),
    Field(
        "non_high_risk_justification",
        Section.AI_ACT,
        Kind.I18N,
        N_("Why an Annex III system is not high-risk (Art. 6(3))"),
        max_length=3000,
        multiline=True,
        annex_viii=("B.6", "B.7"),
    ),
    Field(
        "conformity",
        Section.AI_ACT,
        Kind.TEXT,
        N_("Conformity assessment and certificate"),
        max_length=500,
        annex_viii=("A.8", "A.9", "A.11"),
    ),
    Field(
        "instructions_for_use_url",
        Section.AI_ACT,
        Kind.URL,
        N_("Instructions for use"),
        max_length=300,
        annex_viii=("A.12",),
    ),
    Field(
        "eu_database_url",
        Section.AI_ACT,
        Kind.URL,
        N_("Entry in the EU database"),
        max_length=300,
        annex_viii=("C.3",),
    ),
    # Data
    Field(
        "data_summary",
        Section.DATA,
        Kind.I18N,
        N_("Data and logic in short"),
        max_length=3000,
        multiline=True,
        annex_viii=("A.6",),
    ),
    Field(
        "data_sources", Section.DATA, Kind.I18N, N_("Data sources"), max_length=3000, multiline=True
    ),
    Field("personal_data", Section.DATA, Kind.BOOLEAN, N_("Uses personal data")),
    Field(
        "connected_registries",
        Section.DATA,
        Kind.TEXT,
        N_("Authentic sources consulted"),
        max_length=500,
        help=N_("For example the National Register or the Crossroads Bank for Social Security."),
    ),
    Field(
        "known_biases", Section.DATA, Kind.I18N, N_("Known biases"), max_length=2000, multiline=True
    ),
    Field(
        "bias_mitigation",
        Section.DATA,
        Kind.I18N,
        N_("How biases are addressed"),
        max_length=2000,
        multiline=True,
    ),
    # How it works
    Field("algorithm_type", Section.TECHNICAL, Kind.CHOICE, N_("Kind of algorithm")),
    Field(
        "technical_description",
        Section.TECHNICAL,
        Kind.I18N,
        N_("How it works"),
        max_length=5000,
        multiline=True,
    ),
    Field("models", Section.TECHNICAL, Kind.TEXT, N_("Models used"), max_length=500),
    Field(
        "performance",
        Section.TECHNICAL,
        Kind.I18N,
        N_("Expected performance"),
        max_length=2000,
        multiline=True,
    ),
    Field(
        "monitoring_plan",
        Section.TECHNICAL,
        Kind.I18N,
        N_("How performance is monitored"),
        max_length=2000,
        multiline=True,
    ),
    Field("source_code_url", Section.TECHNICAL, Kind.URL, N_("Source code"), max_length=300),
    Field(
        "energy_kwh_per_month", Section.TECHNICAL, Kind.INTEGER, N_("Energy use (kWh per month)")
    ),
    # Human oversight and rights
    Field(
        "human_intervention",
        Section.OVERSIGHT,
        Kind.I18N,
        N_("How a person oversees it"),
        max_length=2000,
        required=True,
        multiline=True,
        help=N_("Who checks the outputs, how, and when they can override them."),
    ),
    Field(
        "oversight_mode",
        Section.OVERSIGHT,
        Kind.CHOICE,
        N_("Kind of human oversight"),
        required=True,
    ),
    Field(
        "required_training",
        Section.OVERSIGHT,
        Kind.I18N,
        N_("Training of staff"),
        max_length=1000,
        multiline=True,
    ),
    Field(
        "objection_procedure",
        Section.OVERSIGHT,
        Kind.I18N,
        N_("How to contest an outcome"),
        max_length=2000,
        required=True,
        multiline=True,
        public_when_sensitive=True,
        help=N_("The objection, appeal or review procedure, step by step."),
    ),
    Field(
        "explanation_channel",
        Section.OVERSIGHT,
        Kind.TEXT,
        N_("Where to ask for an explanation or human review"),
        max_length=300,
        required=True,
        public_when_sensitive=True,
        help=N_("An e-mail address or a web page."),
    ),
    Field("explanation_days", Section.OVERSIGHT, Kind.INTEGER, N_("Answer within (days)")),
    Field(
        "decision_notice",
        Section.OVERSIGHT,
        Kind.I18N,
        N_("Notice on individual decisions"),
        max_length=1000,
        multiline=True,
    ),
    Field(
        "rollback",
        Section.OVERSIGHT,
        Kind.I18N,
        N_("Can its effects be undone?"),
        max_length=1000,
        multiline=True,
    ),
    Field(
        "log_retention_months",
        Section.OVERSIGHT,
        Kind.INTEGER,
        N_("Logs kept (months)"),
        help=N_("Deployers of high-risk systems keep logs at least six months (Art. 26(6))."),
    ),
    # Risks and assessments
    Field(
        "risks_summary",
        Section.RISKS,
        Kind.I18N,
        N_("Main risks and measures"),
        max_length=3000,
        multiline=True,
    ),
    Field(
        "assessments_summary",
        Section.RISKS,
        Kind.I18N,
        N_("Impact assessments done"),
        max_length=3000,
        multiline=True,
        annex_viii=("C.4", "C.5"),
    ),
    Field(
        "assessments_not_done_reason",
        Section.RISKS,
        Kind.I18N,
        N_("Why no assessment was needed"),
        max_length=2000,
        multiline=True,
    ),
    # About this record
    Field(
        "source_id",
        Section.RECORD,
        Kind.TEXT,
        N_("Your own identifier"),
        max_length=100,
        visibility=INTERNAL,
        help=N_("The identifier in your own inventory; imports use it to update the record."),
    ),
    Field(
        "source_register_url",
        Section.RECORD,
        Kind.URL,
        N_("Entry in your own register"),
        max_length=300,
    ),
    Field("tags", Section.RECORD, Kind.WORDS, N_("Search keywords"), max_items=20),
    Field(
        "revision_date",
        Section.RECORD,
        Kind.DATE,
        N_("Review by"),
        visibility=Visibility.PUBLIC,
        public_when_sensitive=True,
        help=N_("After this date the record is shown as out of date."),
    ),
    Field(
        "revision_note",
        Section.RECORD,
        Kind.I18N,
        N_("What the review will look at"),
        max_length=500,
        multiline=True,
    ),
)

FIELDS_BY_NAME: dict[str, Field] = {field.name: field for field in FIELDS}
I18N_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind is Kind.I18N)
SENSITIVE_ANNEX_III_POINTS = ("1", "6", "7")


def field_named(name: str) -> Field:
    return FIELDS_BY_NAME[name]


def in_section(section: Section) -> tuple[Field, ...]:
    return tuple(field for field in FIELDS if field.section is section)
