"""The record form in sections: the order editors meet them in, and how far along each one is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from balise.domain.register.model import missing_for_review, review_problems
from balise.domain.register.standard import FIELDS_BY_NAME, I18N_FIELDS, Section, in_section
from balise.domain.shared.i18n import LANGUAGES, Language, Message

FORM_ORDER: tuple[Section, ...] = (
    Section.PURPOSE,
    Section.OVERSIGHT,
    Section.ACCOUNTABILITY,
    Section.LIFECYCLE,
    Section.AI_ACT,
    Section.DATA,
    Section.TECHNICAL,
    Section.RISKS,
    Section.RECORD,
)

_TEXT_KEYS = {f"{name}_{lang.value}": name for name in I18N_FIELDS for lang in LANGUAGES}


class Progress(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    HAS_ERRORS = "has_errors"


def field_name(key: str) -> str | None:
    """The field behind a form key: `name_fr` and `visibility_name` are both `name`."""
    name = _TEXT_KEYS.get(key, key.removeprefix("visibility_"))
    return name if name in FIELDS_BY_NAME else None


def section_of(key: str) -> Section:
    """The section whose page holds a form key; the record's settings are in its own section."""
    name = field_name(key)
    return FIELDS_BY_NAME[name].section if name else Section.RECORD


def parse_section(raw: str) -> Section | None:
    return next((section for section in FORM_ORDER if section.value == raw), None)


def next_section(section: Section) -> Section | None:
    index = FORM_ORDER.index(section) + 1
    return FORM_ORDER[index] if index < len(FORM_ORDER) else None


@dataclass(frozen=True)
class SectionState:
    section: Section
    progress: Progress
    optional: bool  # nothing in it is needed for review
    problems: Mapping[str, Message]


def section_states(
    values: Mapping[str, Any], default_language: Language, checked: Sequence[Language] = ()
) -> list[SectionState]:
    """Each section: not started (nothing filled in), has errors (a value breaks a rule), in
    progress (something needed for review is missing) or complete. Ticking the languages a
    person checked counts as filling in the record's own section."""
    problems = review_problems(values, default_language)
    missing = missing_for_review(values, default_language)
    states = []
    for section in FORM_ORDER:
        fields = in_section(section)
        found = {key: message for key, message in problems.items() if section_of(key) is section}
        if any(key not in missing for key in found):
            progress = Progress.HAS_ERRORS
        elif not (
            any(values.get(spec.name) not in (None, "", [], {}) for spec in fields)
            or (section is Section.RECORD and checked)
        ):
            progress = Progress.NOT_STARTED
        elif found:
            progress = Progress.IN_PROGRESS
        else:
            progress = Progress.COMPLETE
        optional = not any(spec.required for spec in fields)
        states.append(SectionState(section, progress, optional, found))
    return states
