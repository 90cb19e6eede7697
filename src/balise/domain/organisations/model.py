"""Organisations that deploy or provide AI systems."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, LocalizedText, Message


class OrganisationKind(StrEnum):
    PUBLIC_BODY = "public_body"
    COMPANY = "company"
    NON_PROFIT = "non_profit"


class Level(StrEnum):
    """Level of government, or the private sector: how citizens find who is answerable."""

    FEDERAL = "federal"
    REGIONAL = "regional"
    COMMUNITY = "community"
    PROVINCIAL = "provincial"
    LOCAL = "local"
    OTHER_PUBLIC = "other_public"
    PRIVATE = "private"

    @classmethod
    def default_for(cls, kind: OrganisationKind) -> Level:
        return cls.OTHER_PUBLIC if kind is OrganisationKind.PUBLIC_BODY else cls.PRIVATE


class SizeClass(StrEnum):
    """Recommendation 2003/361 size classes, plus the small mid-cap that the AI Act relieves too."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    SMALL_MID_CAP = "small_mid_cap"
    LARGE = "large"

    @property
    def is_sme(self) -> bool:
        return self in {SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM}


class Sector(StrEnum):
    PUBLIC_ADMINISTRATION = "public_administration"
    SOCIAL_SECURITY = "social_security"
    HEALTH = "health"
    EDUCATION = "education"
    EMPLOYMENT = "employment"
    FINANCE = "finance"
    INSURANCE = "insurance"
    JUSTICE = "justice"
    POLICE = "police"
    MIGRATION = "migration"
    MOBILITY = "mobility"
    ENERGY = "energy"
    TELECOM = "telecom"
    RETAIL = "retail"
    MANUFACTURING = "manufacturing"
    RESEARCH = "research"
    OTHER = "other"


_NON_DIGITS = re.compile(r"[\s.\-/]")


def parse_enterprise_number(raw: str) -> str:
    """Normalise a KBO/BCE enterprise number to its ten digits, checking the mod-97 check digits.

    The number has ten digits, starts with 0 or 1, and its last two digits equal 97 minus the
    remainder of the first eight divided by 97.
    """
    digits = _NON_DIGITS.sub("", raw.strip().upper()).removeprefix("BE")
    if len(digits) == 9 and digits.isdigit():
        digits = "0" + digits
    if len(digits) != 10 or not digits.isdigit() or digits[0] not in "01":
        raise ValidationError.single(
            "enterprise_number", N_("An enterprise number has ten digits and starts with 0 or 1.")
        )
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError.single(
            "enterprise_number", N_("This enterprise number's check digits are wrong.")
        )
    return digits


def format_enterprise_number(digits: str) -> str:
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


CONTACT_MAX_LENGTHS = {"email": 254, "phone": 40, "website": 300, "address": 300}
"""The longest contact details the database keeps (adapters/db/tables.py)."""


@dataclass(frozen=True)
class Contact:
    email: str = ""
    phone: str = ""
    website: str = ""
    address: str = ""


@dataclass(frozen=True)
class Organisation:
    slug: str
    name: LocalizedText
    kind: OrganisationKind
    size_class: SizeClass
    sector: Sector
    enterprise_number: str | None = None
    contact: Contact = field(default_factory=Contact)
    level: Level | None = None
    id: int | None = None

    @property
    def government_level(self) -> Level:
        return self.level or Level.default_for(self.kind)

    def __post_init__(self) -> None:
        if self.level is None:
            object.__setattr__(self, "level", Level.default_for(self.kind))
        errors: dict[str, Message] = {}
        if not _SLUG.match(self.slug) or len(self.slug) > 80:
            errors["slug"] = Message(
                N_("Use lower-case letters, digits and single hyphens (at most 80 characters).")
            )
        if self.name.is_empty():
            errors["name"] = Message(N_("Give the name in at least one language."))
        elif any(len(text) > 200 for text in self.name.as_dict().values()):
            errors["name"] = Message(N_("A name has at most 200 characters."))
        if self.contact.email and not _EMAIL.match(self.contact.email):
            errors["contact_email"] = Message(N_("This is not an e-mail address."))
        if self.contact.website and not self.contact.website.startswith(("https://", "http://")):
            errors["contact_website"] = Message(
                N_("A web address starts with https:// or http://.")
            )
        for name, limit in CONTACT_MAX_LENGTHS.items():
            if len(getattr(self.contact, name)) > limit:
                errors.setdefault(f"contact_{name}", Message(N_("This value is not valid.")))
        if self.enterprise_number is not None:
            try:
                object.__setattr__(
                    self, "enterprise_number", parse_enterprise_number(self.enterprise_number)
                )
            except ValidationError as error:
                errors.update(error.errors)
        if errors:
            raise ValidationError(errors)
