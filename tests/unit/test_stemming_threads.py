"""Stemming from several threads at once, as the server's searches do."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from balise.adapters.db import stemming
from balise.domain.shared.i18n import Language

WORDS = {
    Language.FR: ["allocations", "familiales", "demandeurs", "contrôleraient", "reconnaissance"],
    Language.NL: ["kinderbijslag", "werkzoekenden", "toelagen", "gecontroleerd", "vervoer"],
    Language.DE: ["Kindergeld", "Arbeitssuchenden", "Zulagen", "kontrolliert", "Erkennung"],
    Language.EN: ["allowances", "jobseekers", "recognition", "controlled", "hospitalisation"],
}


@pytest.fixture
def switching_often() -> Iterator[None]:
    """Threads handed the interpreter over every microsecond: a shared stemmer's state is then
    overwritten in the middle of a word within a few hundred words."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_threads_stemming_at_once_each_get_their_own_words_stems(switching_often: None) -> None:
    expected = {
        (word, language): stemming._stem(word.lower(), language)
        for language, words in WORDS.items()
        for word in words
    }
    pairs = list(expected) * 60

    def stem_uncached(pair: tuple[str, Language]) -> tuple[tuple[str, Language], str]:
        word, language = pair
        # past the cache of stems, straight to the stemmer, as a word never seen before goes
        plain = stemming._plain(stemming._stemmer(language).stemWord(word.lower()))
        return pair, plain

    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(stem_uncached, pairs))
    wrong = [(pair, stem) for pair, stem in found if stem != expected[pair]]
    assert wrong == []
