"""Article citations of the AI Act in the reader's language ("Annex III point 4(a)" becomes
"bijlage III, punt 4(a)" in Dutch); the result documents keep the English form."""

from __future__ import annotations

import re

# (English, French, Dutch, German), applied in order.
WORDS: tuple[tuple[str, str, str, str], ...] = (
    (", first subparagraph", ", premier alinéa", ", eerste alinea", " Unterabsatz 1"),
    (", second subparagraph", ", deuxième alinéa", ", tweede alinea", " Unterabsatz 2"),
    (", third subparagraph", ", troisième alinéa", ", derde alinea", " Unterabsatz 3"),
    (" as amended", " tel que modifié", " zoals gewijzigd", " in geänderter Fassung"),
    (" (excluded)", " (exclue)", " (uitgesloten)", " (ausgenommen)"),
    ("Annex ", "annexe ", "bijlage ", "Anhang "),
    (" point ", ", point ", ", punt ", " Nummer "),
    ("Section ", "section ", "afdeling ", "Abschnitt "),
    ("Regulation (EU)", "règlement (UE)", "Verordening (EU)", "Verordnung (EU)"),
    ("Regulation (EC) No", "règlement (CE) n°", "Verordening (EG) nr.", "Verordnung (EG) Nr."),
    ("Directive (EU)", "directive (UE)", "Richtlijn (EU)", "Richtlinie (EU)"),
    ("Directive", "directive", "Richtlijn", "Richtlinie"),
    ("Art. ", "art. ", "art. ", "Art. "),
)
COLUMN = {"fr": 1, "nl": 2, "de": 3}
# The English names of Annex I products that follow a citation, e.g. "(medical devices)".
PRODUCT_NAME = re.compile(r" \((?![A-Z]{2}\))[a-zA-Z][a-zA-Z ,\-]*\)$")


def cite(text: str, lang: str) -> str:
    """A citation in `lang` (English citations are returned as they are)."""
    column = COLUMN.get(lang)
    if column is None:
        return text
    if ": " in text:  # an Annex I product: "… 2017/745 (medical devices)"
        text = PRODUCT_NAME.sub("", text)
    for words in WORDS:
        text = text.replace(words[0], words[column])
    return text
