"""Request bodies and forms whose texts a database could not store are refused by name.

A JSON body is decoded before any route sees it, and a lone surrogate (`"\\ud800"`) or a NUL
character (`"\\u0000"`) in it would only fail deep in the database driver or the audit log's hash,
as a server error. `StorableBody` checks the whole decoded body first and answers 422 with each
text's field (`domain/shared/text.py` says why these two); `check_form` refuses such a form
field with 400 (a browser never sends them: only a forged request does).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, model_validator

from balise.domain.shared.errors import DomainError, ValidationError
from balise.domain.shared.text import unstorable_texts


class StorableBody(BaseModel):
    """The base of an API body: every text in it, at any depth, can be stored."""

    @model_validator(mode="before")
    @classmethod
    def _texts_are_storable(cls, data: Any) -> Any:
        found = unstorable_texts(data)
        if found:
            # Not a ValueError: pydantic lets it through to the app's handler, which answers
            # 422 naming each field with this message rather than "This value is not valid."
            raise ValidationError(found)
        return data


def check_form(values: Mapping[str, str]) -> None:
    """Refuse a form with a text that cannot be stored (a 400 page naming the problem)."""
    found = unstorable_texts(dict(values))
    if found:
        raise DomainError(next(iter(found.values())))
