"""Translatable labels for the domain's enumerations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum

from balise.domain.accounts.model import Role, Scope
from balise.domain.assessments.catalogue import TemplateCode
from balise.domain.assessments.model import (
    AssessmentState,
    Gender,
    MeasureStatus,
    MemberRole,
    OpinionKind,
    TranslationStatus,
)
from balise.domain.jobs.model import JobStatus
from balise.domain.monitoring.incidents import (
    IncidentCategory,
    RegulatorState,
    ReporterRole,
    ReportStage,
)
from balise.domain.monitoring.requests import Outcome, RequestChannel, RequestKind, RequestState
from balise.domain.organisations.model import Level, OrganisationKind, Sector, SizeClass
from balise.domain.shared.i18n import N_
from balise.domain.shared.votes import Choice
from balise.i18n import gettext


class EnumLabels(Mapping[StrEnum, str]):
    """Labels of enumeration members, each under its own enumeration.

    Members of two enumerations that share a value (`Sector.HEALTH` and `IncidentCategory.HEALTH`)
    are equal strings, so a plain dict would keep only one label for both.
    """

    def __init__(self, *pairs: tuple[StrEnum, str]) -> None:
        self._texts = {(type(member), member.value): text for member, text in pairs}
        self._members = [member for member, _ in pairs]
        self._by_value = {member.value: text for member, text in pairs}

    def __getitem__(self, member: StrEnum | str) -> str:
        if isinstance(member, StrEnum):
            return self._texts[(type(member), member.value)]
        return self._by_value[member]

    def __contains__(self, member: object) -> bool:
        if isinstance(member, StrEnum):
            return (type(member), member.value) in self._texts
        return member in self._by_value

    def __iter__(self) -> Iterator[StrEnum]:
        return iter(self._members)

    def __len__(self) -> int:
        return len(self._members)


LABELS = EnumLabels(
    (OrganisationKind.PUBLIC_BODY, N_("Public body")),
    (OrganisationKind.COMPANY, N_("Company")),
    (OrganisationKind.NON_PROFIT, N_("Non-profit organisation")),
    (Level.FEDERAL, N_("Federal")),
    (Level.REGIONAL, N_("Regional")),
    (Level.COMMUNITY, N_("Community")),
    (Level.PROVINCIAL, N_("Provincial")),
    (Level.LOCAL, N_("Local (municipality, CPAS/OCMW, police zone)")),
    (Level.OTHER_PUBLIC, N_("Other public body")),
    (Level.PRIVATE, N_("Private sector")),
    (SizeClass.MICRO, N_("Micro enterprise (fewer than 10 people)")),
    (SizeClass.SMALL, N_("Small enterprise (fewer than 50 people)")),
    (SizeClass.MEDIUM, N_("Medium-sized enterprise (fewer than 250 people)")),
    (SizeClass.SMALL_MID_CAP, N_("Small mid-cap (fewer than 750 people)")),
    (SizeClass.LARGE, N_("Large organisation")),
    (Sector.PUBLIC_ADMINISTRATION, N_("Public administration")),
    (Sector.SOCIAL_SECURITY, N_("Social security")),
    (Sector.HEALTH, N_("Health care")),
    (Sector.EDUCATION, N_("Education")),
    (Sector.EMPLOYMENT, N_("Employment")),
    (Sector.FINANCE, N_("Banking and finance")),
    (Sector.INSURANCE, N_("Insurance")),
    (Sector.JUSTICE, N_("Justice")),
    (Sector.POLICE, N_("Police and security")),
    (Sector.MIGRATION, N_("Migration and asylum")),
    (Sector.MOBILITY, N_("Mobility and transport")),
    (Sector.ENERGY, N_("Energy")),
    (Sector.TELECOM, N_("Telecommunications")),
    (Sector.RETAIL, N_("Retail")),
    (Sector.MANUFACTURING, N_("Manufacturing")),
    (Sector.RESEARCH, N_("Research")),
    (Sector.OTHER, N_("Other")),
    (Role.ADMIN, N_("Platform administrator")),
    (Role.REGULATOR, N_("Regulator")),
    (Role.EDITOR, N_("Organisation editor")),
    (Role.REVIEWER, N_("Organisation reviewer (ethics committee)")),
    (Scope.READ, N_("Read")),
    (Scope.ORGANISATIONS_WRITE, N_("Change organisations")),
    (Scope.SYSTEMS_WRITE, N_("Change AI system records")),
    (Scope.USERS_ADMIN, N_("Administer users")),
    (Scope.ASSESSMENTS_WRITE, N_("Fill in and review impact assessments")),
    (Scope.INCIDENTS_WRITE, N_("Report and follow serious incidents")),
    (Scope.REQUESTS_WRITE, N_("Handle citizens' requests")),
    (Scope.PANELS_WRITE, N_("Run citizens' panels")),
    # --- assessments ---
    (TemplateCode.FRIA, N_("Fundamental rights impact assessment (FRIA)")),
    (TemplateCode.DPIA, N_("Data protection impact assessment (DPIA)")),
    (TemplateCode.ETHICS, N_("Ethics self-assessment")),
    (AssessmentState.DRAFT, N_("Draft")),
    (AssessmentState.SUBMITTED, N_("Submitted")),
    (AssessmentState.UNDER_REVIEW, N_("Under committee review")),
    (AssessmentState.RETURNED, N_("Returned for more information")),
    (AssessmentState.OPINION_ISSUED, N_("Opinion issued")),
    (AssessmentState.SIGNED, N_("Signed")),
    (OpinionKind.FAVOURABLE, N_("Favourable")),
    (OpinionKind.FAVOURABLE_WITH_CONDITIONS, N_("Favourable with conditions")),
    (OpinionKind.UNFAVOURABLE, N_("Unfavourable")),
    (MemberRole.CHAIR, N_("Chair")),
    (MemberRole.RAPPORTEUR, N_("Rapporteur")),
    (MemberRole.MEMBER, N_("Member")),
    (Gender.FEMALE, N_("Woman")),
    (Gender.MALE, N_("Man")),
    (Gender.OTHER, N_("Another gender")),
    (Gender.UNDISCLOSED, N_("Not disclosed")),
    (MeasureStatus.PLANNED, N_("Planned")),
    (MeasureStatus.IN_PROGRESS, N_("In progress")),
    (MeasureStatus.DONE, N_("Done")),
    (TranslationStatus.MISSING, N_("Missing")),
    (TranslationStatus.MACHINE, N_("Machine translation, not reviewed")),
    (TranslationStatus.REVIEWED, N_("Reviewed translation")),
    (TranslationStatus.ORIGINAL, N_("Original")),
    (Choice.FOR, N_("For")),
    (Choice.AGAINST, N_("Against")),
    (Choice.ABSTAIN, N_("Abstain")),
    (JobStatus.QUEUED, N_("Waiting to start")),
    (JobStatus.RUNNING, N_("Running")),
    (JobStatus.SUCCEEDED, N_("Finished")),
    (JobStatus.FAILED, N_("Failed")),
    (IncidentCategory.HEALTH, N_("Death or serious harm to a person's health (Art 3(49)(a))")),
    (
        IncidentCategory.CRITICAL_INFRASTRUCTURE,
        N_("Serious and irreversible disruption of critical infrastructure (Art 3(49)(b))"),
    ),
    (
        IncidentCategory.FUNDAMENTAL_RIGHTS,
        N_("Infringement of obligations protecting fundamental rights (Art 3(49)(c))"),
    ),
    (
        IncidentCategory.PROPERTY_ENVIRONMENT,
        N_("Serious harm to property or the environment (Art 3(49)(d))"),
    ),
    (ReporterRole.PROVIDER, N_("Provider")),
    (ReporterRole.DEPLOYER, N_("Deployer")),
    (ReportStage.INITIAL, N_("Initial report (incomplete)")),
    (ReportStage.COMPLETE, N_("Complete report")),
    (RegulatorState.RECEIVED, N_("Received")),
    (RegulatorState.UNDER_ASSESSMENT, N_("Under assessment")),
    (RegulatorState.MEASURES_REQUESTED, N_("Measures requested")),
    (RegulatorState.CLOSED, N_("Closed")),
    (RequestKind.EXPLANATION, N_("An explanation of a decision about me")),
    (RequestKind.HUMAN_REVIEW, N_("A human review of a decision about me")),
    (RequestKind.INFORMATION, N_("Information about the system")),
    (RequestChannel.ONLINE, N_("Online")),
    (RequestChannel.LETTER, N_("Letter")),
    (RequestChannel.PHONE, N_("Telephone")),
    (RequestChannel.COUNTER, N_("At a counter")),
    (RequestState.RECEIVED, N_("Received")),
    (RequestState.IN_REVIEW, N_("Being reviewed")),
    (RequestState.ANSWERED, N_("Answered")),
    (Outcome.UPHELD, N_("Decision upheld")),
    (Outcome.CHANGED, N_("Decision changed")),
    (Outcome.WITHDRAWN, N_("Decision withdrawn")),
)


def label(value: StrEnum) -> str:
    return gettext(LABELS[value])


def options(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, label(member)) for member in enum]


# Usual names of stratification categories and values, translated when a quotas file uses them.
COMMON_LABELS = (
    N_("gender"),
    N_("sex"),
    N_("female"),
    N_("male"),
    N_("Non-binary or other"),
    N_("age"),
    N_("age_band"),
    N_("age_bracket"),
    N_("region"),
    N_("Flemish Region"),
    N_("Brussels-Capital Region"),
    N_("Walloon Region"),
    N_("education"),
    N_("edu_level"),
    N_("language"),
    # the values of the demo panel's Belgian-shaped pool (domain/panels/synthetic.py)
    N_("flanders"),
    N_("wallonia"),
    N_("brussels"),
    N_("dutch"),
    N_("french"),
    N_("low"),
    N_("middle"),
    N_("high"),
)
# Short codes that read as an abbreviation in any language, written out.
STRATUM_ABBREVIATIONS = {"ses": N_("socio-economic status")}


def stratum_label(text: str) -> str:
    """A panel's category or value (from the organiser's files) in the reader's language when
    the catalogue knows it, in any case; otherwise as written."""
    text = STRATUM_ABBREVIATIONS.get(text.lower(), text)
    for candidate in (text, text.lower(), text.capitalize()):
        translated = gettext(candidate)
        if translated != candidate:
            return translated
    return text
