"""Texts a database cannot store: found by name before they reach it.

Two characters can be written in a JSON document or a form and still be no text at all:

- a *lone surrogate* (`"\\ud800"` in JSON): half of a UTF-16 pair, which has no UTF-8 encoding,
  so neither SQLite nor PostgreSQL nor the audit log's hash can take it;
- the *NUL character* (`"\\u0000"`, `%00`): PostgreSQL refuses it in every text, and it means
  nothing in a name or an address.

`unstorable_texts` walks a decoded JSON value and names each text (by its dotted path, as the API
names fields) holding one, with a message saying which character and what to do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from balise.domain.shared.i18n import N_, Message

SURROGATES = range(0xD800, 0xE000)


def text_problem(text: str) -> Message | None:
    """What makes this text unstorable, if anything."""
    if "\x00" in text:
        return Message(
            N_(
                "This text contains a NUL character (U+0000), which cannot be stored. "
                "Remove it and try again."
            )
        )
    for character in text:
        if ord(character) in SURROGATES:
            return Message(
                N_(
                    "This text contains U+%(code)s, half of a UTF-16 surrogate pair on its own, "
                    "which is not a character. Send the text as valid UTF-8."
                ),
                {"code": f"{ord(character):04X}"},
            )
    return None


def unstorable_texts(value: Any, path: str = "") -> dict[str, Message]:
    """Every text in a decoded JSON value (keys included) that cannot be stored, by path.

    Walked without recursion, so that a deeply nested body cannot exhaust the stack here."""
    found: dict[str, Message] = {}
    pending: list[tuple[Any, str]] = [(value, path)]
    while pending:
        item, where = pending.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem is not None:
                found[where or "body"] = problem
        elif isinstance(item, Mapping):
            for key, child in item.items():
                if isinstance(key, str) and (problem := text_problem(key)) is not None:
                    found[where or "body"] = problem  # never echo the key itself
                    continue
                pending.append((child, f"{where}.{key}" if where else str(key)))
        elif isinstance(item, Sequence) and not isinstance(item, bytes | bytearray):
            pending.extend(
                (child, f"{where}.{index}" if where else str(index))
                for index, child in enumerate(item)
            )
    return dict(sorted(found.items()))
