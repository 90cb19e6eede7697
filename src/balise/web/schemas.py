"""Schemas the API's rooms share; each room keeps its own in `web/<area>/schemas.py`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

# Moved to its room; kept here for the rooms that still import it from this module.
from balise.web.jobs.schemas import JobRead

__all__ = ["JobRead", "LocalizedTextModel", "Problem"]


class LocalizedTextModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fr: str | None = None
    nl: str | None = None
    de: str | None = None
    en: str | None = None


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    instance: str
    errors: list[dict[str, str]] | None = None
