"""The one JSON reader of the imports: a document, or one translated error saying what is wrong.

Python's JSON decoder gives up on a document nested a few hundred levels deep with a
RecursionError, not a decoding error; and even a document it can decode, if deeply nested, would
exhaust the stack of whatever walks it next. An inventory is at most a few levels deep (a list of
systems, each an object of fields, a text per language), so a document deeper than
`MAX_JSON_DEPTH` is refused by name, before anything walks it.
"""

from __future__ import annotations

import json
from typing import Any

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

MAX_JSON_DEPTH = 32


def nesting_depth(document: Any, *, limit: int = MAX_JSON_DEPTH) -> int:
    """How many lists and objects are nested in each other (0 for a plain value), counted
    without recursion; stops counting once past `limit`."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(document, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            items = value.values() if isinstance(value, dict) else value
            pending.extend((item, depth) for item in items)
    return deepest


def too_deep(field: str) -> ValidationError:
    return ValidationError.single(
        field,
        N_(
            "This JSON file is nested too deeply: more than %(limit)s levels of lists and "
            "objects inside each other. An inventory needs only a few."
        ),
        limit=MAX_JSON_DEPTH,
    )


def read_json_document(text: str, *, field: str = "file") -> Any:
    """A decoded JSON document no deeper than MAX_JSON_DEPTH, or a translated error."""
    try:
        document = json.loads(text)
    except RecursionError:
        raise too_deep(field) from None
    except ValueError:
        raise ValidationError.single(field, N_("This file is not valid JSON.")) from None
    if nesting_depth(document) > MAX_JSON_DEPTH:
        raise too_deep(field)
    return document
