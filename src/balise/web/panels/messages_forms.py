"""Parsing the forms of the panels' messages, votes and follow-up into domain inputs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, LocalizedText, Message
from balise.domain.shared.votes import AdoptionThreshold


def localized(form: Mapping[str, str], prefix: str) -> LocalizedText:
    return LocalizedText.from_mapping(
        {lang.value: form.get(f"{prefix}_{lang.value}", "") for lang in LANGUAGES}
    )


def whole_number(
    form: Mapping[str, str], name: str, errors: dict[str, Message], default: int | None = None
) -> int | None:
    raw = form.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        errors[name] = Message(N_("Give a whole number."))
        return default


@dataclass(frozen=True)
class MessageInput:
    text: LocalizedText
    theme: str
    position: int | None


def parse_message(form: Mapping[str, str]) -> MessageInput:
    """The four texts, the theme and the position; a bad position is reported with the texts'
    errors by the domain."""
    errors: dict[str, Message] = {}
    position = whole_number(form, "position", errors)
    if errors:
        raise ValidationError(errors)
    return MessageInput(localized(form, "text"), form.get("theme", ""), position)


def parse_threshold(form: Mapping[str, str]) -> AdoptionThreshold:
    errors: dict[str, Message] = {}
    percent = whole_number(form, "threshold", errors, default=50)
    if errors or percent is None:
        raise ValidationError(errors)
    return AdoptionThreshold(percent, form.get("abstentions_count", "") in {"1", "on", "true"})


def parse_answered_on(form: Mapping[str, str]) -> date | None:
    raw = form.get("answered_on", "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError.single("answered_on", N_("Give a date as YYYY-MM-DD.")) from None


def parse_message_id(raw: str) -> int | None:
    """The message a button names, or None for all of them."""
    try:
        return int(raw) if raw.strip() else None
    except ValueError:
        raise ValidationError.single("message", N_("There is no such message.")) from None
