"""Languages, translatable messages and text given per language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Language(StrEnum):
    FR = "fr"
    NL = "nl"
    DE = "de"
    EN = "en"


LANGUAGES: tuple[Language, ...] = tuple(Language)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for marked strings
    """Mark a string for extraction; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Message:
    """A user-facing message: a gettext msgid with named parameters, translated at the edge."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Localized:
    """The text to show in one language, and the language it really is in when it fell back."""

    text: str
    language: Language
    fallback: bool


@dataclass(frozen=True)
class LocalizedText:
    """Text that users type, given in up to four languages."""

    fr: str = ""
    nl: str = ""
    de: str = ""
    en: str = ""

    def __post_init__(self) -> None:
        for language in LANGUAGES:
            object.__setattr__(self, language.value, getattr(self, language.value).strip())

    @classmethod
    def from_mapping(cls, values: Mapping[str, str | None]) -> LocalizedText:
        return cls(**{lang.value: values.get(lang.value) or "" for lang in LANGUAGES})

    def as_dict(self) -> dict[str, str]:
        return {
            lang.value: getattr(self, lang.value) for lang in LANGUAGES if getattr(self, lang.value)
        }

    def languages(self) -> tuple[Language, ...]:
        return tuple(lang for lang in LANGUAGES if getattr(self, lang.value))

    def is_empty(self) -> bool:
        return not self.languages()

    def in_language(self, language: str | Language) -> Localized | None:
        """The text in `language`, else the first language that has one (fr, nl, de, en)."""
        wanted = Language(language)
        if text := getattr(self, wanted.value):
            return Localized(text, wanted, fallback=False)
        for other in LANGUAGES:
            if text := getattr(self, other.value):
                return Localized(text, other, fallback=True)
        return None


def localized_errors(
    errors: dict[str, Message], name: str, value: LocalizedText, limit: int, missing: str
) -> None:
    """Add to `errors` what is wrong with a text given in up to four languages: `missing` when
    it has none, else each language longer than `limit` characters (as `<name>_<language>`)."""
    if value.is_empty():
        errors[name] = Message(missing)
        return
    for language in value.languages():
        if len(getattr(value, language.value)) > limit:
            errors[f"{name}_{language.value}"] = Message(
                N_("Write at most %(count)s characters."), {"count": limit}
            )
