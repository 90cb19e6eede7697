"""Form fields and JSON bodies of the eco area turned into inputs; every error at once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.datastructures import FormData, UploadFile

from balise.domain.eco.footprint import Statement, statement
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

ESTIMATE_FIELDS = (
    "hours",
    "decisions",
    "cpu_model",
    "cpu_cores",
    "cpu_watts_per_core",
    "cpu_usage",
    "gpu_model",
    "gpu_count",
    "gpu_watts",
    "gpu_usage",
    "memory_gb",
    "pue",
    "country",
    "carbon_intensity",
    "wue_l_per_kwh",
)
STATEMENT_FIELDS = ("why_ai", "alternative", "language", "expected_decisions")


def text_fields(form: FormData) -> dict[str, str]:
    return {key: value for key, value in form.items() if isinstance(value, str)}


def statement_input(values: Mapping[str, Any]) -> tuple[Statement, int | None]:
    return statement(
        str(values.get("why_ai") or ""),
        str(values.get("alternative") or ""),
        str(values.get("language") or ""),
        values.get("expected_decisions"),
    )


def estimate_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the estimate's own fields, so that a form's other fields never reach it."""
    return {name: values[name] for name in ESTIMATE_FIELDS if name in values}


def import_file(form: FormData) -> UploadFile:
    """The emissions file of the import form: present, and named like a CSV file."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ValidationError.single("file", N_("Choose the emissions.csv file CodeCarbon wrote."))
    if not upload.filename.lower().endswith(".csv"):
        raise ValidationError.single(
            "file", N_("Choose a file ending in %(suffix)s."), suffix=".csv"
        )
    return upload
