"""The documents the eco pages, their JSON twins, the portal block and the API share."""

from __future__ import annotations

from math import floor, log10
from typing import Any

from balise.domain.eco.estimate import DEFAULT_PUE, MEMORY_W_PER_GB, UNCERTAINTY
from balise.domain.eco.footprint import Footprint, Method, Phase
from balise.domain.eco.label import Label, LabelRule
from balise.domain.eco.reference import load_reference
from balise.domain.jobs.model import Job
from balise.domain.shared.i18n import N_
from balise.i18n import gettext
from balise.services import eco
from balise.services.eco import FootprintPage
from balise.services.ports import UnitOfWork

PHASE_LABELS = {
    Phase.TRAINING: N_("Training"),
    Phase.FINE_TUNING: N_("Fine-tuning"),
    Phase.INFERENCE: N_("Inference (use)"),
}
METHOD_LABELS = {Method.MEASURED: N_("Measured"), Method.ESTIMATED: N_("Estimated")}


def significant(value: float | None, digits: int = 3) -> float | None:
    """A figure rounded to a few significant digits: an estimate is not more precise."""
    if value is None or value == 0:
        return value
    return round(value, digits - 1 - floor(log10(abs(value))))


def phase_options() -> list[tuple[str, str]]:
    return [(p.value, gettext(PHASE_LABELS[p])) for p in Phase]


def footprint_view(footprint: Footprint) -> dict[str, Any]:
    """The footprint as a document: the stored figures, unrounded, and the label."""
    return footprint.to_json()


def public_footprint_view(footprint: Footprint | None) -> dict[str, Any] | None:
    """The footprint as a published system's JSON document gives it: the figures, the label
    with its rule, the statement; each run's machine details stay with the organisation."""
    if footprint is None:
        return None
    document = footprint.to_json()
    document["parts"] = [
        {key: value for key, value in part.items() if key != "details"}
        for part in document["parts"]
    ]
    return document


def footprint_page_view(page: FootprintPage) -> dict[str, Any]:
    return {
        "system": page.record.slug,
        "can_edit": page.can_edit,
        "footprint": footprint_view(page.footprint),
    }


def rows_of(footprint: Footprint) -> list[dict[str, Any]]:
    """One row per phase for the tables of the record's page and the portal, rounded."""
    rows = []
    for phase in Phase:
        part = footprint.parts.get(phase)
        if part is None:
            continue
        rows.append(
            {
                "phase": phase.value,
                "phase_label": gettext(PHASE_LABELS[phase]),
                "method_label": gettext(METHOD_LABELS[part.method]),
                "method": part.method.value,
                "energy": significant(part.energy_kwh.value),
                "energy_low": significant(part.energy_kwh.low),
                "energy_high": significant(part.energy_kwh.high),
                "carbon": significant(part.carbon_kg.value),
                "carbon_low": significant(part.carbon_kg.low),
                "carbon_high": significant(part.carbon_kg.high),
                "water": significant(part.water_l),
                "decisions": part.decisions,
                "country": part.grid.country,
                "intensity": significant(part.grid.g_per_kwh),
                "year": part.grid.year,
                "recorded_on": part.recorded_on,
                "runs": len(part.details.get("runs", [])),
            }
        )
    return rows


def summary_of(footprint: Footprint) -> dict[str, Any] | None:
    """The figures per 1,000 decisions, rounded, or None when they cannot be computed yet."""
    normalised = footprint.per_thousand()
    if normalised is None:
        return None
    return {
        "carbon": significant(normalised.carbon_g.value),
        "carbon_low": significant(normalised.carbon_g.low),
        "carbon_high": significant(normalised.carbon_g.high),
        "energy": significant(normalised.energy_wh.value),
        "energy_low": significant(normalised.energy_wh.low),
        "energy_high": significant(normalised.energy_wh.high),
    }


def label_rule_view(rule: LabelRule) -> dict[str, Any]:
    """The grading rule, as the guide page and the API publish it."""
    reference = load_reference()
    lower: float = 0.0
    classes = []
    for item in rule.classes:
        classes.append({"label": item.label, "above": lower, "up_to": item.up_to})
        lower = item.up_to if item.up_to is not None else lower
    return {
        "version": rule.version,
        "date": rule.date.isoformat(),
        "unit": rule.unit,
        "basis": rule.basis,
        "classes": classes,
        "rationale": dict(rule.rationale),
        "method": {
            "memory_w_per_gb": MEMORY_W_PER_GB,
            "default_pue": DEFAULT_PUE,
            "uncertainty": dict(UNCERTAINTY),
        },
        "reference": {
            "version": reference.version,
            "grid_source": reference.grid_source,
            "hardware_source": reference.hardware_source,
            "default_country": reference.default_country,
            "grids": [
                {
                    "country": g.code,
                    "name": g.name,
                    "g_per_kwh": g.g_per_kwh,
                    "year": g.year,
                }
                for g in sorted(reference.grids.values(), key=lambda g: g.name)
            ],
        },
    }


def portal_context(uow: UnitOfWork, system_id: int) -> dict[str, Any]:
    """What the portal's system page needs for its eco block (`eco/_portal.html`)."""
    found = eco.public_footprint_for_system(uow, system_id)
    if found is None:
        return {"eco_footprint": None}
    return {"eco_footprint": found, "eco_rows": rows_of(found), "eco_summary": summary_of(found)}


def job_outcome(job: Job) -> dict[str, Any]:
    """What an emissions import job's page shows once it has finished: its label, or each
    problem of the file (every faulty line and column)."""
    label = (job.result or {}).get("label")
    fields = (job.error or {}).get("fields") or {}
    return {
        "label": Label.from_json(label) if label else None,
        "problems": list(fields.values()),
    }
