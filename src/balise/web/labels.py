"""Translatable labels for the domain's enumerations."""

from __future__ import annotations

from enum import StrEnum

from balise.domain.accounts.model import Role, Scope
from balise.domain.jobs.model import JobStatus
from balise.domain.organisations.model import Level, OrganisationKind, Sector, SizeClass
from balise.domain.shared.i18n import N_
from balise.i18n import gettext

LABELS: dict[StrEnum, str] = {
    OrganisationKind.PUBLIC_BODY: N_("Public body"),
    OrganisationKind.COMPANY: N_("Company"),
    OrganisationKind.NON_PROFIT: N_("Non-profit organisation"),
    Level.FEDERAL: N_("Federal"),
    Level.REGIONAL: N_("Regional"),
    Level.COMMUNITY: N_("Community"),
    Level.PROVINCIAL: N_("Provincial"),
    Level.LOCAL: N_("Local (municipality, CPAS/OCMW, police zone)"),
    Level.OTHER_PUBLIC: N_("Other public body"),
    Level.PRIVATE: N_("Private sector"),
    SizeClass.MICRO: N_("Micro enterprise (fewer than 10 people)"),
    SizeClass.SMALL: N_("Small enterprise (fewer than 50 people)"),
    SizeClass.MEDIUM: N_("Medium-sized enterprise (fewer than 250 people)"),
    SizeClass.SMALL_MID_CAP: N_("Small mid-cap (fewer than 750 people)"),
    SizeClass.LARGE: N_("Large organisation"),
    Sector.PUBLIC_ADMINISTRATION: N_("Public administration"),
    Sector.SOCIAL_SECURITY: N_("Social security"),
    Sector.HEALTH: N_("Health care"),
    Sector.EDUCATION: N_("Education"),
    Sector.EMPLOYMENT: N_("Employment"),
    Sector.FINANCE: N_("Banking and finance"),
    Sector.INSURANCE: N_("Insurance"),
    Sector.JUSTICE: N_("Justice"),
    Sector.POLICE: N_("Police and security"),
    Sector.MIGRATION: N_("Migration and asylum"),
    Sector.MOBILITY: N_("Mobility and transport"),
    Sector.ENERGY: N_("Energy"),
    Sector.TELECOM: N_("Telecommunications"),
    Sector.RETAIL: N_("Retail"),
    Sector.MANUFACTURING: N_("Manufacturing"),
    Sector.RESEARCH: N_("Research"),
    Sector.OTHER: N_("Other"),
    Role.ADMIN: N_("Platform administrator"),
    Role.REGULATOR: N_("Regulator"),
    Role.EDITOR: N_("Organisation editor"),
    Role.REVIEWER: N_("Organisation reviewer (ethics committee)"),
    Scope.READ: N_("Read"),
    Scope.ORGANISATIONS_WRITE: N_("Change organisations"),
    Scope.SYSTEMS_WRITE: N_("Change AI system records"),
    Scope.USERS_ADMIN: N_("Administer users"),
    JobStatus.QUEUED: N_("Waiting to start"),
    JobStatus.RUNNING: N_("Running"),
    JobStatus.SUCCEEDED: N_("Finished"),
    JobStatus.FAILED: N_("Failed"),
}


def label(value: StrEnum) -> str:
    return gettext(LABELS[value])


def options(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, label(member)) for member in enum]
