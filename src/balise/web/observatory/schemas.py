"""Pydantic models of the observatory's API."""

from __future__ import annotations

from pydantic import BaseModel

from balise.domain.observatory.catalogue import Direction, Unit


class SnapshotPoint(BaseModel):
    as_of: str
    value: float | None
    breakdown: dict[str, float]
    reason: str | None
    version: int


class IndicatorRead(BaseModel):
    code: str
    name: dict[str, str]
    definition: dict[str, str]
    unit: Unit
    direction: Direction
    target: float | None
    source: str
    basis: str
    function: str
    version: str
    url: str
    value: float | None
    breakdown: dict[str, float]
    reason: str | None
    history: list[SnapshotPoint]


class IndicatorList(BaseModel):
    as_of: str
    indicators: list[IndicatorRead]


class SnapshotCreate(BaseModel):
    as_of: str | None = None


class SnapshotJobRead(BaseModel):
    job: str
    kind: str
    url: str
