"""Snowball stems for SQLite's full-text index, which has no stemmer for French, Dutch or German."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import snowballstemmer

from balise.domain.shared.i18n import Language

_ALGORITHM = {
    Language.FR: "french",
    # Snowball 3's new Dutch stemmer splits singular and plural ("toelage" gives "toelaag",
    # "toelagen" gives "toelag"); the Porter-based one conflates them, as PostgreSQL's does.
    Language.NL: "dutch_porter",
    Language.DE: "german",
    Language.EN: "english",
}
_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def _stemmer(language: Language) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_ALGORITHM[language])


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def stems(text: str, language: Language) -> list[str]:
    """The stem of every word, lower case and without accents, in the order they come."""
    words = [word.lower() for word in _WORD.findall(text)]
    return [_plain(stem) for stem in _stemmer(language).stemWords(words) if stem]


def stemmed(text: str, language: Language) -> str:
    return " ".join(stems(text, language))
