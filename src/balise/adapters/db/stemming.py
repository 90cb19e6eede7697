"""Snowball stems for SQLite's full-text index, which has no stemmer for French, Dutch or German."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

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


class _Stemmers(threading.local):
    """Each thread's own stemmers: a Snowball stemmer keeps the word it works on in itself, so
    two searches stemming at once with one stemmer mix their words up (or fail)."""

    def __init__(self) -> None:
        self.by_language: dict[Language, snowballstemmer.stemmer] = {}


_STEMMERS = _Stemmers()


def _stemmer(language: Language) -> snowballstemmer.stemmer:
    found = _STEMMERS.by_language.get(language)
    if found is None:
        found = _STEMMERS.by_language[language] = snowballstemmer.stemmer(_ALGORITHM[language])
    return found


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
