"""Pydantic models of the panels API."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ReplacementCreate(BaseModel):
    """A member who leaves a drawn panel, by their pseudonymous id."""

    dropped: str = Field(min_length=1, max_length=120, description="The leaving member's id.")
