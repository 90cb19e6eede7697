"""Translations for fr/nl/de/en, read from the gettext catalogues beside this module.

Catalogues are kept as .po files only and compiled in memory on first use, so no build step
stands between a checkout and a translated application. English is the source language. A
language's folder holds `messages.po` and one `<area>.po` per area that keeps its own strings
(assessments, monitoring...); they are read as one catalogue.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from balise.domain.shared.i18n import Language, Message

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "messages"

current_language: ContextVar[Language] = ContextVar("current_language", default=Language.EN)


def catalogue_path(language: Language) -> Path:
    return LOCALES / language.value / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_paths(language: Language) -> list[Path]:
    """The language's main catalogue and its area catalogues."""
    return sorted(catalogue_path(language).parent.glob("*.po"))


@cache
def translations(language: Language) -> NullTranslations:
    paths = catalogue_paths(language)
    if language is Language.EN or not paths:
        return NullTranslations()
    catalogue = Catalog(locale=language.value)
    for path in paths:
        with path.open("rb") as source:
            part = read_po(source, locale=language.value)
        if path.name == f"{DOMAIN}.po":
            catalogue.mime_headers = part.mime_headers
        for message in part:
            if message.id:
                catalogue[message.id] = message
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(message: str) -> str:
    return translations(current_language.get()).ugettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language.get()).ungettext(singular, plural, n)


def translate(message: Message, language: Language | None = None) -> str:
    language = language or current_language.get()
    text = translations(language).ugettext(message.key)
    return text % dict(message.params) if message.params else text


@contextmanager
def using(language: Language) -> Iterator[None]:
    token = current_language.set(language)
    try:
        yield
    finally:
        current_language.reset(token)


_ = gettext
