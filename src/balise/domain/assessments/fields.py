"""Field helpers shared by the assessment modules: text limits and dates."""

from __future__ import annotations

from datetime import date

from balise.domain.shared.i18n import N_, Message

SCHEMA_VERSION = 1
MAX_TEXT = 5000


def text_field(value: str, field_name: str, errors: dict[str, Message], *, required: bool) -> str:
    text = value.strip()
    if required and not text:
        errors[field_name] = Message(N_("Fill this in."))
    elif len(text) > MAX_TEXT:
        errors[field_name] = Message(N_("At most %(limit)s characters."), {"limit": MAX_TEXT})
    return text


def parse_date(raw: str | date | None) -> date | None:
    if raw is None or raw == "":
        return None
    return raw if isinstance(raw, date) else date.fromisoformat(raw)
