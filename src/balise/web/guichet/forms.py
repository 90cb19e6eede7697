"""Parsing of the guichet's form fields and JSON bodies into domain inputs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from balise.domain.guichet.questions import AskerKind, QuestionInput
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Language, Message

_SEPARATORS = re.compile(r"[\s,;]+")


def obligation_list(raw: str) -> tuple[str, ...]:
    """Obligation codes typed with commas or spaces between them."""
    return tuple(code for code in _SEPARATORS.split(raw.strip().lower()) if code)


def question_input(
    values: Mapping[str, Any], *, default_language: Language, signed_in: bool
) -> QuestionInput:
    errors: dict[str, Message] = {}
    kind = None
    try:
        kind = AskerKind(str(values.get("asker_kind", "")))
    except ValueError:
        errors["asker_kind"] = Message(N_("Say who is asking."))
    language = default_language
    if values.get("language"):
        try:
            language = Language(str(values["language"]))
        except ValueError:
            errors["language"] = Message(N_("Choose a language."))
    consent = values.get("publish_consent")
    try:
        given = QuestionInput(
            asker_kind=kind or AskerKind.CITIZEN,
            subject=str(values.get("subject", "")),
            text=str(values.get("text", "")),
            language=language,
            email=str(values.get("email", "")),
            signed_in=signed_in,
            publish_consent=consent in (True, "1", "on", "yes", "true"),
            obligations=obligation_list(str(values.get("obligations", ""))),
        )
    except ValidationError as error:
        raise ValidationError({**errors, **error.errors}) from None
    if errors:
        raise ValidationError(errors)
    return given
