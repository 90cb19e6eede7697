"""Auditing a file through the `AuditSource` port: the use case of `balise audit` and of the
background job that fills a report kept in Balise.

The source counts the file (DuckDB in production, from the composition root); the domain
(`domain/audits/engine.py`) checks the request and turns the counts into the typed report.
This module imports nothing but the domain, so that the command starts at once.
"""

from __future__ import annotations

import platform
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from balise.domain.audits.engine import (
    CALIBRATION_BINS,
    Origin,
    check_fairness_request,
    check_representativeness_request,
    fairness_report,
    representativeness_report,
)
from balise.domain.audits.fairness import AuditParameters
from balise.domain.audits.references import STATBEL_NAME, reference_from_text, statbel_reference
from balise.domain.audits.reports import FairnessReport, RepresentativenessReport
from balise.domain.audits.representativeness import ReferencePopulation
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

if TYPE_CHECKING:
    from balise.services.ports import AuditSource


def library_versions(source: AuditSource) -> dict[str, str]:
    return {
        "balise": metadata.version("balise"),
        "numpy": np.__version__,
        "python": platform.python_version(),
        **source.versions(),
    }


def origin_of(source: AuditSource, address: str) -> Origin:
    return Origin(source.engine, address or source.name, source.query_fingerprint())


def run_fairness_audit(
    source: AuditSource,
    *,
    file_name: str,
    label: str,
    prediction: str,
    sensitive: Sequence[str],
    score: str | None = None,
    positive: str | None = None,
    parameters: AuditParameters | None = None,
    address: str = "",
) -> FairnessReport:
    """Count the data once where it lives (a file's fingerprint computed meanwhile), then let
    the domain compute every metric, interval and disparity from the counts. `address` is
    where the data lives, without password, for the report."""
    check_fairness_request(
        source.column_types(),
        label=label,
        prediction=prediction,
        sensitive=sensitive,
        score=score,
        is_numeric=source.is_numeric,
    )
    with ThreadPoolExecutor(max_workers=1) as pool:
        fingerprint = pool.submit(source.fingerprint)  # hashing overlaps the counting
        rows = source.fairness_cells(
            sensitive=sensitive,
            label=label,
            prediction=prediction,
            score=score,
            bins=CALIBRATION_BINS,
        )
        digest = fingerprint.result()
    return fairness_report(
        rows,
        file_name=file_name,
        sha256=digest,
        versions=library_versions(source),
        origin=origin_of(source, address),
        label=label,
        prediction=prediction,
        sensitive=sensitive,
        score=score,
        positive=positive,
        parameters=parameters or AuditParameters(),
    )


def load_reference(path: Path | None) -> tuple[ReferencePopulation, str]:
    """The Belgian population, or the one in a CSV file; with its name for the report."""
    if path is None:
        return statbel_reference(), STATBEL_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError.single(
            "reference", N_("The reference file cannot be read: %(reason)s"), reason=str(error)
        ) from error
    return reference_from_text(text), path.name


def run_representativeness(
    source: AuditSource,
    *,
    file_name: str,
    columns: Sequence[str],
    reference: Path | None = None,
    threshold: float = 0.8,
    confidence: float = 0.95,
    reference_name: str | None = None,
    address: str = "",
) -> RepresentativenessReport:
    """Compare the file's distribution over `columns` with a reference population."""
    population, name = load_reference(reference)
    pairs = check_representativeness_request(source.column_types(), columns, population)
    with ThreadPoolExecutor(max_workers=1) as pool:
        fingerprint = pool.submit(source.fingerprint)
        rows = source.category_counts([data_column for data_column, _ in pairs])
        digest = fingerprint.result()
    return representativeness_report(
        rows,
        population,
        pairs,
        file_name=file_name,
        sha256=digest,
        versions=library_versions(source),
        origin=origin_of(source, address),
        reference_name=name if reference_name is None else reference_name,
        threshold=threshold,
        confidence=confidence,
    )
