"""Schemas the API's rooms share; each room keeps its own in `web/<area>/schemas.py`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# Moved to its room; kept here for the rooms that still import it from this module.
from balise.web.jobs.schemas import JobRead

__all__ = ["FieldError", "JobRead", "LocalizedTextModel", "Problem", "closed_set"]


def closed_set(values: Iterable[str]) -> dict[str, Any]:
    """`json_schema_extra` that shows the values a text may take, where the domain checks it.

    Typing such a field as an enumeration would refuse a wrong value before the domain looks at
    the rest, and the caller would learn of its other mistakes only on the next try.
    """
    return {"enum": [str(value) for value in values]}


class LocalizedTextModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fr: str | None = None
    nl: str | None = None
    de: str | None = None
    en: str | None = None


class FieldError(BaseModel):
    field: str = Field(description="The field to blame: a body property, a parameter or `body`.")
    detail: str = Field(description="What is wrong with it, in the reader's language.")


class Problem(BaseModel):
    """An error answer (RFC 9457), its texts in the reader's language."""

    type: str = "about:blank"
    title: str
    status: int
    instance: str = Field(description="The path that was asked for.")
    errors: list[FieldError] | None = Field(default=None, description="On 422, field by field.")
