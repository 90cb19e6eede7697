"""Volunteers registering for a panel with the code of their invitation letter.

A registration keeps a pseudonymous id, the answers to the panel's stratification questions (its
quota categories), the exclusion criterion that applies if any, the version of the consent text
the person accepted, and how it came in (the web form, or staff typing a phone call or a letter).
Contact details for the sessions are kept apart. The exclusion criteria are versioned data
(`exclusions.yaml`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as dt_time
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from balise.domain.panels.members import is_well_formed, normalise_code
from balise.domain.panels.model import Quotas
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message

EXCLUSIONS_FILE = Path(__file__).with_name("exclusions.yaml")
CONSENT_VERSION = "2026-12"
BRUSSELS = ZoneInfo("Europe/Brussels")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ./()-]{6,25}$")


class Channel(StrEnum):
    WEB = "web"
    PHONE = "phone"
    LETTER = "letter"


@dataclass(frozen=True)
class ExclusionCriterion:
    """One reason a volunteer may not sit on the panel; `question` is asked as a yes/no."""

    id: str
    question: str
    label: str


@dataclass(frozen=True)
class ExclusionCatalogue:
    version: str
    source: str
    criteria: tuple[ExclusionCriterion, ...]

    def get(self, criterion_id: str) -> ExclusionCriterion | None:
        return next((each for each in self.criteria if each.id == criterion_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(each.id for each in self.criteria)


@cache
def exclusion_catalogue() -> ExclusionCatalogue:
    data: dict[str, Any] = yaml.safe_load(EXCLUSIONS_FILE.read_text(encoding="utf-8"))
    return ExclusionCatalogue(
        version=str(data["version"]),
        source=str(data["source"]).strip(),
        criteria=tuple(
            ExclusionCriterion(str(c["id"]), str(c["question"]).strip(), str(c["label"]).strip())
            for c in data["criteria"]
        ),
    )


@dataclass(frozen=True)
class RegistrationSettings:
    """How a panel takes registrations: open or not, its questions, the criteria switched on."""

    open: bool
    categories: str
    exclusions: tuple[str, ...]
    updated_at: datetime | None = None


@dataclass(frozen=True)
class RegistrationContact:
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Registration:
    panel_id: int
    person_id: str
    code_sha256: str
    hint: str
    channel: Channel
    answers: Mapping[str, str]
    excluded_by: str | None
    consent_version: str
    registered_at: datetime
    erased_at: datetime | None = None

    @property
    def excluded(self) -> bool:
        return self.excluded_by is not None


@dataclass(frozen=True)
class Meeting:
    """One date of the panel's programme."""

    starts_at: datetime
    place: str
    title: str
    id: int | None = None


def check_meeting(day: str, time: str, place: str, title: str) -> Meeting:
    """A date of the programme from the organisers' form (Brussels time), every error at once."""
    errors: dict[str, Message] = {}
    starts_at: datetime | None = None
    try:
        parsed_day = date.fromisoformat(day.strip())
    except ValueError:
        errors["date"] = Message(N_("Give the date as YYYY-MM-DD."))
    try:
        parsed_time = dt_time.fromisoformat(time.strip() or "00:00")
    except ValueError:
        errors["time"] = Message(N_("Give the time as HH:MM."))
    if not errors:
        local = datetime.combine(parsed_day, parsed_time, tzinfo=BRUSSELS)
        starts_at = local.astimezone(UTC)
    if not title.strip() or len(title.strip()) > 200:
        errors["title"] = Message(N_("Give a title of 1 to 200 characters."))
    if not place.strip() or len(place.strip()) > 300:
        errors["place"] = Message(N_("Give a place of 1 to 300 characters."))
    if errors or starts_at is None:
        raise ValidationError(errors)
    return Meeting(starts_at=starts_at, place=place.strip(), title=title.strip())


@dataclass(frozen=True)
class RegistrationForm:
    """What a volunteer (or staff for them) typed, before it is checked."""

    code: str
    answers: Mapping[str, str]
    exclusions: Mapping[str, str]
    consent: bool
    email: str = ""
    phone: str = ""
    channel: Channel = Channel.WEB


@dataclass(frozen=True)
class CheckedRegistration:
    code: str
    answers: dict[str, str]
    excluded_by: str | None
    contact: RegistrationContact
    channel: Channel = Channel.WEB
    extra: dict[str, str] = field(default_factory=dict)


def answer_field(category: str) -> str:
    return f"answer:{category}"


def exclusion_field(criterion_id: str) -> str:
    return f"exclusion:{criterion_id}"


def code_problem(code: str) -> Message | None:
    """What is wrong with a normalised code's shape, if anything."""
    if not code:
        return Message(N_("Type the code printed on your invitation letter."))
    if not is_well_formed(code):
        return Message(
            N_("A code has ten letters and digits, like ABCDE-FGHJK; check what you typed.")
        )
    return None


def contact_problems(email: str, phone: str) -> dict[str, Message]:
    errors: dict[str, Message] = {}
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        errors["email"] = Message(N_("This e-mail address is not valid."))
    if phone and not _PHONE.match(phone):
        errors["phone"] = Message(N_("This phone number is not valid."))
    return errors


def check_registration(
    form: RegistrationForm, *, quotas: Quotas, exclusions: Sequence[ExclusionCriterion]
) -> CheckedRegistration:
    """Every problem at once, each on its field; the first exclusion answered "yes" excludes."""
    errors: dict[str, Message] = {}
    code = normalise_code(form.code)
    problem = code_problem(code)
    if problem is not None:
        errors["code"] = problem
    answers: dict[str, str] = {}
    for category in quotas.categories:
        allowed = {quota.value for quota in quotas.in_category(category)}
        given = form.answers.get(category, "").strip()
        if not given:
            errors[answer_field(category)] = Message(N_("Choose an answer."))
        elif given not in allowed:
            errors[answer_field(category)] = Message(N_("Choose one of the answers offered."))
        else:
            answers[category] = given
    excluded_by: str | None = None
    for criterion in exclusions:
        given = form.exclusions.get(criterion.id, "").strip()
        if given not in {"yes", "no"}:
            errors[exclusion_field(criterion.id)] = Message(N_("Answer yes or no."))
        elif given == "yes" and excluded_by is None:
            excluded_by = criterion.id
    if not form.consent:
        errors["consent"] = Message(N_("Registration needs your consent."))
    email, phone = form.email.strip(), form.phone.strip()
    errors.update(contact_problems(email, phone))
    if errors:
        raise ValidationError(errors)
    return CheckedRegistration(
        code=code,
        answers=answers,
        excluded_by=excluded_by,
        contact=RegistrationContact(email=email, phone=phone),
        channel=form.channel,
    )


def respondents_csv(categories: Sequence[str], registrations: Sequence[Registration]) -> str:
    """The pool file the existing pool upload reads: `id` and one column per category.

    Only registrations that are not excluded and still hold their answers enter the pool.
    """
    lines = [",".join(["id", *(_cell(c) for c in categories)])]
    for registration in registrations:
        if registration.excluded or not registration.answers:
            continue
        if not all(c in registration.answers for c in categories):
            continue
        cells = [registration.person_id, *(registration.answers[c] for c in categories)]
        lines.append(",".join(_cell(cell) for cell in cells))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    if any(ch in text for ch in ',"\n\r') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text
