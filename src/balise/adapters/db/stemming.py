"""Snowball stems for SQLite's full-text index, which has no stemmer for French, Dutch or German."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

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


@lru_cache(maxsize=100_000)
def _stem(word: str, language: Language) -> str:
    # The pure-Python stemmer takes a tenth of a millisecond a word; a register repeats its words.
    return _plain(_stemmer(language).stemWord(word))


def stems(text: str, language: Language) -> list[str]:
    """The stem of every word, lower case and without accents, in the order they come."""
    found = (_stem(word.lower(), language) for word in _WORD.findall(text))
    return [stem for stem in found if stem]


def stemmed(text: str, language: Language) -> str:
    return " ".join(stems(text, language))
