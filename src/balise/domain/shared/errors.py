"""Errors the domain raises; each carries translatable messages, per field where one is to blame."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from balise.domain.shared.i18n import Message


class DomainError(Exception):
    """Base class: something a user asked for cannot be done."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.key)
        self.message = message


class ValidationError(DomainError):
    """Input that breaks a rule; `errors` maps each field name to what is wrong with it."""

    def __init__(self, errors: Mapping[str, Message]) -> None:
        super().__init__(next(iter(errors.values())))
        self.errors = dict(errors)

    @classmethod
    def single(cls, field: str, key: str, **params: Any) -> ValidationError:
        return cls({field: Message(key, params)})


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class Conflict(DomainError):
    pass


class Throttled(DomainError):
    pass


class OperationFailed(DomainError):
    """The request was valid but the work could not be done (a copy that could not be made, a
    database that is not up to date): the command line exits with 1, not with 2."""
