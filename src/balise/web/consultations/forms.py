"""Parsing of the consultations' form fields and JSON bodies into domain inputs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from balise.domain.consultations.model import (
    AnswerStatus,
    ConsultationInput,
    ContributionInput,
    Section,
)
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, Language, LocalizedText, Message

FORM_SECTIONS = 4  # section fieldsets on the creation form; empty ones are left out
TRUE = (True, "1", "on", "yes", "true")


def localized(values: Mapping[str, Any], name: str) -> LocalizedText:
    return LocalizedText.from_mapping(
        {lang.value: str(values.get(f"{name}_{lang.value}", "")) for lang in LANGUAGES}
    )


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def consultation_input(values: Mapping[str, Any]) -> ConsultationInput:
    sections = []
    for number in range(1, FORM_SECTIONS + 1):
        title = localized(values, f"section{number}_title")
        text = localized(values, f"section{number}_text")
        if title.is_empty() and text.is_empty():
            continue
        sections.append(Section(title=title, text=text))
    # Numbering follows the sections kept, so an error names the fieldset the person filled in.
    given_numbers = [
        n
        for n in range(1, FORM_SECTIONS + 1)
        if not (
            localized(values, f"section{n}_title").is_empty()
            and localized(values, f"section{n}_text").is_empty()
        )
    ]
    try:
        return ConsultationInput(
            slug=str(values.get("slug", "")),
            title=localized(values, "title"),
            summary=localized(values, "summary"),
            organiser=str(values.get("organiser", "")),
            opens_on=_date(str(values.get("opens_on", ""))),
            closes_on=_date(str(values.get("closes_on", ""))),
            sections=tuple(sections),
        )
    except ValidationError as error:
        renamed: dict[str, Message] = {}
        for key, message in error.errors.items():
            name = key
            if key.startswith("section") and key[7:8].isdigit():
                kept, _, rest = key[7:].partition("_")
                name = f"section{given_numbers[int(kept) - 1]}_{rest}"
            renamed[name] = message
        raise ValidationError(renamed) from None


def contribution_input(
    values: Mapping[str, Any], *, default_language: Language
) -> ContributionInput:
    errors: dict[str, Message] = {}
    language = default_language
    if values.get("language"):
        try:
            language = Language(str(values["language"]))
        except ValueError:
            errors["language"] = Message(N_("Choose a language."))
    try:
        given = ContributionInput(
            text=str(values.get("text", "")),
            language=language,
            display_name=str(values.get("display_name", "")),
            email=str(values.get("email", "")),
            consent=values.get("consent") in TRUE,
        )
    except ValidationError as error:
        raise ValidationError({**errors, **error.errors}) from None
    if errors:
        raise ValidationError(errors)
    return given


def answer_status(raw: str) -> AnswerStatus | None:
    try:
        return AnswerStatus(raw)
    except ValueError:
        return None


def answer_language(raw: str) -> Language | None:
    """The answer's language from the form; None, an error in the domain, when missing or
    unknown."""
    try:
        return Language(raw.strip())
    except ValueError:
        return None
