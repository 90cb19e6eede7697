"""Sorting names as a reader expects, without a collation library.

French, Dutch, German and English all sort letters with accents among the same letters without
them ("École" between "Ecole" and "Economie", "Ärzte" among the A's), ignoring case, and compare
accents only to break a tie. Python's own order puts every capital before every small letter and
every accented letter after "z"; this key fixes both for the Latin script these languages use.
"""

from __future__ import annotations

import unicodedata

# Letters that do not decompose into a base letter and an accent.
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l"})


def sort_key(text: str) -> tuple[str, str]:
    """Compare by letters first (no case, no accents, no leading punctuation), then exactly."""
    folded = text.casefold().translate(_SPECIAL)
    bare = "".join(
        character
        for character in unicodedata.normalize("NFKD", folded)
        if not unicodedata.combining(character)
    )
    return bare.lstrip(" '\"«»“”‘’-–—(").strip(), folded
