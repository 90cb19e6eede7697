"""Pydantic documents of the eco API."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

PhaseName = Literal["training", "fine_tuning", "inference"]


class FootprintRead(BaseModel):
    system: str
    can_edit: bool
    footprint: dict[str, Any] = Field(
        description="The footprint document (schema_version 1): parts, per_thousand, label."
    )


class StatementUpdate(BaseModel):
    why_ai: str = ""
    alternative: str = ""
    language: Literal["fr", "nl", "de", "en"] = "fr"
    expected_decisions: int | None = Field(default=None, gt=0)


class EstimateCreate(BaseModel):
    phase: PhaseName
    hours: float
    decisions: int | None = Field(default=None, description="Inference only.")
    cpu_model: str = ""
    cpu_cores: int = 0
    cpu_watts_per_core: float | None = None
    cpu_usage: float | None = None
    gpu_model: str = ""
    gpu_count: int = 0
    gpu_watts: float | None = None
    gpu_usage: float | None = None
    memory_gb: float = 0.0
    pue: float | None = None
    country: str = ""
    carbon_intensity: float | None = None
    wue_l_per_kwh: float | None = None


class ImportCreate(BaseModel):
    phase: PhaseName
    decisions: int | None = Field(default=None, description="Inference only.")
    csv: str = Field(description="The content of the emissions.csv file CodeCarbon wrote.")


class EstimateSpec(BaseModel):
    """A footprint to estimate without storing it, as in `balise footprint estimate`."""

    parts: dict[PhaseName, dict[str, Any]]
    expected_decisions: int | None = Field(default=None, gt=0)


class LabelRuleRead(BaseModel):
    version: str
    date: str
    unit: str
    basis: str
    classes: list[dict[str, Any]]
    rationale: dict[str, str]
    method: dict[str, Any]
    reference: dict[str, Any]
