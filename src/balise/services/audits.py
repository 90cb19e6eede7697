"""Fairness and representativeness audits of a file: the use cases behind `balise audit`.

The file is reached through an `AuditSource` (the DuckDB adapter in production), which returns
count tables; the domain turns them into metrics. Nothing here touches the database.
"""

from __future__ import annotations

import math
import platform
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from balise.domain.audits.fairness import (
    RATE_NAMES,
    AuditParameters,
    CountTable,
    FairnessResult,
    GroupKey,
    GroupResult,
    Value,
    assess,
)
from balise.domain.audits.representativeness import (
    ReferenceError,
    ReferencePopulation,
    Representativeness,
    compare,
)
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

SCHEMA_VERSION = 1
CALIBRATION_BINS = 10
MISSING_BIN = -1
OUT_OF_RANGE_BIN = -2
STATBEL_PACKAGE = "balise.data.statbel"
STATBEL_FILE = "population_2025_region_sex_age.csv"
STATBEL_NAME = "Statbel, legal population of Belgium on 1 January 2025 (region, age_band, sex)"


class AuditSource(Protocol):
    """A table in a file, counted without loading it (see balise.adapters.analytics)."""

    def column_types(self) -> dict[str, str]: ...

    def is_numeric(self, column: str) -> bool: ...

    def fairness_cells(
        self,
        *,
        sensitive: Sequence[str],
        label: str,
        prediction: str,
        score: str | None = None,
        bins: int = 10,
    ) -> list[tuple[Any, ...]]: ...

    def category_counts(self, columns: Sequence[str]) -> list[tuple[Any, ...]]: ...

    def fingerprint(self) -> str: ...

    def versions(self) -> dict[str, str]: ...


def canonical(value: object) -> str | None:
    """A label, prediction or category as text: true/false, 1 for 1.0, None when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def json_value(value: object) -> Value:
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    return str(value)


def require_columns(source: AuditSource, columns: Mapping[str, str]) -> None:
    """`columns` maps each column to the field that named it, for the error message."""
    present = source.column_types()
    for column, field_name in columns.items():
        if column not in present:
            raise ValidationError.single(
                field_name, N_("There is no column %(column)s in the file."), column=column
            )


def positive_value(values: set[str], positive: str | None) -> str:
    """The outcome that counts as positive, checked like Fairlearn checks pos_label."""
    if positive is None:
        for pair, chosen in (({"0", "1"}, "1"), ({"-1", "1"}, "1"), ({"false", "true"}, "true")):
            if values <= pair:
                return chosen
        raise ValidationError.single(
            "positive",
            N_(
                "The labels and predictions are not 0/1, -1/1 or true/false: "
                "name the positive outcome."
            ),
        )
    chosen = positive.lower() if positive.lower() in {"true", "false"} else positive
    if chosen not in values:
        raise ValidationError.single(
            "positive",
            N_("The positive outcome %(value)s is neither a label nor a prediction."),
            value=positive,
        )
    return chosen


def _require_values(field_name: str, column: str, missing: int) -> None:
    if missing:
        raise ValidationError.single(
            field_name,
            N_("The column %(column)s is empty in %(count)s row(s)."),
            column=column,
            count=missing,
        )


def _check_binary(field_name: str, column: str, values: dict[str | None, int]) -> None:
    """Every row has a value, and there are at most two of them."""
    _require_values(field_name, column, values.get(None, 0))
    if len(values) > 2:
        raise ValidationError.single(
            field_name,
            N_("The column %(column)s has more than two values (%(values)s); it must be binary."),
            column=column,
            values=", ".join(sorted(str(v) for v in values)[:5]),
        )


def count_table(
    source: AuditSource,
    *,
    sensitive: Sequence[str],
    label: str,
    prediction: str,
    score: str | None,
    positive: str | None,
) -> tuple[CountTable, str]:
    """One pass over the file: confusion counts (and score bins) per intersectional group."""
    rows = source.fairness_cells(
        sensitive=sensitive,
        label=label,
        prediction=prediction,
        score=score,
        bins=CALIBRATION_BINS,
    )
    width = len(sensitive)
    labels: dict[str | None, int] = {}
    predictions: dict[str | None, int] = {}
    for row in rows:
        count = int(row[-1])
        value = canonical(row[width])
        labels[value] = labels.get(value, 0) + count
        value = canonical(row[width + 1])
        predictions[value] = predictions.get(value, 0) + count
    _check_binary("label", label, labels)
    _check_binary("prediction", prediction, predictions)
    union = {v for v in (*labels, *predictions) if v is not None}
    if len(union) > 2:
        raise ValidationError.single(
            "prediction",
            N_("The columns %(label)s and %(prediction)s use more than two outcomes together."),
            label=label,
            prediction=prediction,
        )
    chosen = positive_value(union, positive)
    cells: dict[GroupKey, list[int]] = {}
    bins: dict[GroupKey, np.ndarray[Any, np.dtype[np.float64]]] = {}
    missing_scores, out_of_range = 0, False
    for row in rows:
        key = tuple(json_value(v) for v in row[:width])
        actual = canonical(row[width]) == chosen
        predicted = canonical(row[width + 1]) == chosen
        count = int(row[-1])
        cell = cells.setdefault(key, [0, 0, 0, 0])
        cell[(0 if predicted else 2) if actual else (1 if predicted else 3)] += count
        if score is not None:
            score_bin, score_sum = int(row[width + 2]), float(row[width + 3] or 0.0)
            if score_bin == MISSING_BIN:
                missing_scores += count
            elif score_bin == OUT_OF_RANGE_BIN:
                out_of_range = True
            else:
                histogram = bins.setdefault(key, np.zeros((CALIBRATION_BINS, 3)))
                histogram[score_bin] += (count, count if actual else 0, score_sum)
    if score is not None:
        _require_values("score", score, missing_scores)
    if score is not None and out_of_range:
        raise ValidationError.single(
            "score", N_("The score column %(column)s has values outside 0 to 1."), column=score
        )
    if not cells:
        raise ValidationError.single("data", N_("The file has no rows."))
    return CountTable.from_cells(sensitive, cells, bins if score is not None else None), chosen


def library_versions(source: AuditSource) -> dict[str, str]:
    return {
        "balise": metadata.version("balise"),
        "numpy": np.__version__,
        "python": platform.python_version(),
        **source.versions(),
    }


@dataclass(frozen=True)
class FairnessReport:
    result: FairnessResult
    by_attribute: dict[str, FairnessResult]
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON document (docs/audits.md describes every key)."""
        document: dict[str, Any] = {
            "kind": "fairness",
            "schema_version": SCHEMA_VERSION,
            **result_dict(self.result),
            "data": self.data,
        }
        document["by_attribute"] = {
            column: result_dict(result) for column, result in self.by_attribute.items()
        }
        return document


def group_dict(columns: Sequence[str], group: GroupResult) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if columns:
        entry["group"] = dict(zip(columns, group.key, strict=True))
    entry["too_small"] = not group.published
    entry["count"] = group.count if group.published else None
    entry["share"] = group.share if group.published else None
    for name in RATE_NAMES:
        estimate = group.rates.get(name)
        entry[name] = estimate.value if estimate else None
    entry["ece"] = group.ece
    entry["undefined"] = [
        name for name in RATE_NAMES if group.published and group.rates[name].value is None
    ]
    entry["ci"] = {
        name: (
            estimate.interval.as_dict()
            if (estimate := group.rates.get(name)) and estimate.interval
            else None
        )
        for name in RATE_NAMES
    }
    return entry


def result_dict(result: FairnessResult) -> dict[str, Any]:
    disparities: dict[str, Any] = {
        name: estimate.value for name, estimate in result.disparities.items()
    }
    disparities["ci"] = {
        name: estimate.interval.as_dict() if estimate.interval else None
        for name, estimate in result.disparities.items()
    }
    columns = result.columns
    four = result.four_fifths
    return {
        "sensitive": list(columns),
        "overall": group_dict((), result.overall),
        "groups": [group_dict(columns, group) for group in result.groups],
        "disparities": disparities,
        "disparities_by_metric": result.by_rate,
        "four_fifths": {
            "threshold": four.threshold,
            "highest_selection_rate": four.highest_selection_rate,
            "groups": [
                {
                    "group": dict(zip(columns, key, strict=True)),
                    "ratio": ratio,
                    "below_threshold": ratio is not None and ratio < four.threshold,
                }
                for key, ratio in four.ratios.items()
            ],
        },
    }


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
) -> FairnessReport:
    """Count the file once, then compute every metric, interval and disparity from the counts."""
    parameters = parameters or AuditParameters()
    if not sensitive:
        raise ValidationError.single("sensitive", N_("Name at least one sensitive column."))
    if len(set(sensitive)) != len(sensitive):
        raise ValidationError.single("sensitive", N_("Name each sensitive column once."))
    wanted = dict.fromkeys(sensitive, "sensitive")
    wanted |= {label: "label", prediction: "prediction"}
    if score is not None:
        wanted[score] = "score"
    require_columns(source, wanted)
    if score is not None and not source.is_numeric(score):
        raise ValidationError.single(
            "score", N_("The score column %(column)s is not numeric."), column=score
        )
    with ThreadPoolExecutor(max_workers=1) as pool:
        fingerprint = pool.submit(source.fingerprint)  # hashing overlaps the counting
        table, chosen = count_table(
            source,
            sensitive=sensitive,
            label=label,
            prediction=prediction,
            score=score,
            positive=positive,
        )
        digest = fingerprint.result()
    result = assess(table, parameters)
    by_attribute = (
        {column: assess(table.marginal([column]), parameters) for column in sensitive}
        if len(sensitive) > 1
        else {}
    )
    data = {
        "file": file_name,
        "sha256": digest,
        "rows": table.rows,
        "parameters": {
            "label": label,
            "prediction": prediction,
            "sensitive": list(sensitive),
            "score": score,
            "positive": chosen,
            "min_group_size": parameters.min_group_size,
            "confidence": parameters.confidence,
            "bootstrap_replicates": parameters.bootstrap,
            "seed": parameters.seed,
            "four_fifths_threshold": parameters.four_fifths_threshold,
            "calibration_bins": CALIBRATION_BINS if score is not None else None,
        },
        "versions": library_versions(source),
    }
    return FairnessReport(result, by_attribute, data)


@dataclass(frozen=True)
class RepresentativenessReport:
    result: Representativeness
    reference: str
    data_columns: tuple[str, ...]
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        result = self.result

        def cell(key: Sequence[str | None]) -> dict[str, str | None]:
            return dict(zip(self.data_columns, key, strict=True))

        chi: dict[str, Any] = {
            "statistic": result.chi_square,
            "degrees_of_freedom": result.degrees_of_freedom,
            "p_value": result.p_value,
        }
        return {
            "kind": "representativeness",
            "schema_version": SCHEMA_VERSION,
            "columns": list(self.data_columns),
            "reference": {"source": self.reference, "columns": list(result.columns)},
            "rows": result.rows,
            "matched_rows": result.matched_rows,
            "unmatched": [
                {"cell": cell(key), "count": count} for key, count in result.unmatched.items()
            ],
            "cells": [
                {
                    "cell": cell(c.key),
                    "observed": c.observed,
                    "observed_share": c.observed_share,
                    "reference_share": c.reference_share,
                    "expected": c.expected,
                    "ratio": c.ratio,
                    "ci": c.interval.as_dict() if c.interval else None,
                    "under_represented": c.under_represented,
                    "significantly_under": c.significantly_under,
                }
                for c in result.cells
            ],
            "total_variation_distance": result.total_variation_distance,
            "chi_square": chi,
            "threshold": result.threshold,
            "data": self.data,
        }


def statbel_reference() -> ReferencePopulation:
    """The Belgian population of 1 January 2025, shipped with Balise (see its README)."""
    text = resources.files(STATBEL_PACKAGE).joinpath(STATBEL_FILE).read_text(encoding="utf-8")
    return ReferencePopulation.from_csv(text)


def load_reference(path: Path | None) -> tuple[ReferencePopulation, str]:
    if path is None:
        return statbel_reference(), STATBEL_NAME
    try:
        return ReferencePopulation.from_csv(path.read_text(encoding="utf-8-sig")), path.name
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError.single(
            "reference", N_("The reference file cannot be read: %(reason)s"), reason=str(error)
        ) from error
    except ReferenceError as error:
        raise ValidationError.single(
            "reference", N_("The reference file cannot be used: %(reason)s"), reason=str(error)
        ) from error


def parse_column_pairs(columns: Sequence[str]) -> list[tuple[str, str]]:
    """`DATA_COLUMN` or `DATA_COLUMN:REFERENCE_COLUMN` → (data column, reference column)."""
    pairs = []
    for item in columns:
        data_column, _, reference_column = item.partition(":")
        pairs.append((data_column.strip(), (reference_column or data_column).strip()))
    return pairs


def run_representativeness(
    source: AuditSource,
    *,
    file_name: str,
    columns: Sequence[str],
    reference: Path | None = None,
    threshold: float = 0.8,
    confidence: float = 0.95,
) -> RepresentativenessReport:
    """Compare the file's distribution over `columns` with a reference population."""
    pairs = parse_column_pairs(columns)
    if not pairs:
        raise ValidationError.single("columns", N_("Name at least one column."))
    population, reference_name = load_reference(reference)
    for _, reference_column in pairs:
        if reference_column not in population.columns:
            raise ValidationError.single(
                "columns",
                N_("The reference population has no column %(column)s."),
                column=reference_column,
            )
    data_columns = [data_column for data_column, _ in pairs]
    require_columns(source, dict.fromkeys(data_columns, "columns"))
    population = population.marginal([reference_column for _, reference_column in pairs])
    with ThreadPoolExecutor(max_workers=1) as pool:
        fingerprint = pool.submit(source.fingerprint)
        rows = source.category_counts(data_columns)
        digest = fingerprint.result()
    observed = {tuple(row[:-1]): int(row[-1]) for row in rows}
    result = compare(observed, population, threshold=threshold, confidence=confidence)
    data = {
        "file": file_name,
        "sha256": digest,
        "rows": result.rows,
        "parameters": {
            "columns": [f"{d}:{r}" if d != r else d for d, r in pairs],
            "threshold": threshold,
            "confidence": confidence,
        },
        "versions": library_versions(source),
    }
    return RepresentativenessReport(result, reference_name, tuple(data_columns), data)
