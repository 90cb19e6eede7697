"""The audit engine on plain inputs: the checks on the columns a request names, and the rows a
data source counted, turned into a count table and then into the typed report.

Reading the file is the data source's job (the `AuditSource` port, DuckDB in production); this
module only sees what it returns: column types, and rows of (values..., count).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from balise.domain.audits.fairness import (
    AuditParameters,
    CountTable,
    GroupKey,
    Value,
    assess,
    sort_key,
)
from balise.domain.audits.reports import (
    AuditData,
    FairnessFigures,
    FairnessReport,
    RepresentativenessReport,
)
from balise.domain.audits.representativeness import ReferencePopulation, compare
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

CALIBRATION_BINS = 10


@dataclass(frozen=True)
class Origin:
    """Where the count query ran: the engine, the source's address without its password, and
    the SHA-256 of the query's SQL."""

    engine: str = ""
    source: str = ""
    query_sha256: str = ""

    def fields(self, count_rows: int) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "source": self.source,
            "query_sha256": self.query_sha256,
            "count_rows": count_rows,
        }


MISSING_BIN = -1
OUT_OF_RANGE_BIN = -2


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


def require_columns(present: Mapping[str, str], columns: Mapping[str, str]) -> None:
    """`columns` maps each column to the field that named it, for the error message."""
    for column, field_name in columns.items():
        if column not in present:
            raise ValidationError.single(
                field_name, N_("There is no column %(column)s in the file."), column=column
            )


def check_fairness_request(
    column_types: Mapping[str, str],
    *,
    label: str,
    prediction: str,
    sensitive: Sequence[str],
    score: str | None,
    is_numeric: Callable[[str], bool],
) -> None:
    """The named columns exist, each sensitive column once, and the score is a number."""
    if not sensitive:
        raise ValidationError.single("sensitive", N_("Name at least one sensitive column."))
    if len(set(sensitive)) != len(sensitive):
        raise ValidationError.single("sensitive", N_("Name each sensitive column once."))
    wanted = dict.fromkeys(sensitive, "sensitive")
    wanted |= {label: "label", prediction: "prediction"}
    if score is not None:
        wanted[score] = "score"
    require_columns(column_types, wanted)
    if score is not None and not is_numeric(score):
        raise ValidationError.single(
            "score", N_("The score column %(column)s is not numeric."), column=score
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
    rows: Sequence[tuple[Any, ...]],
    *,
    sensitive: Sequence[str],
    label: str,
    prediction: str,
    score: str | None,
    positive: str | None,
) -> tuple[CountTable, str]:
    """Confusion counts (and score bins) per intersectional group, from the counted rows
    (sensitive values..., label, prediction[, score bin, score sum], count); and the outcome
    taken as positive."""
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


def parse_column_pairs(columns: Sequence[str]) -> list[tuple[str, str]]:
    """`DATA_COLUMN` or `DATA_COLUMN:REFERENCE_COLUMN` → (data column, reference column)."""
    pairs = []
    for item in columns:
        data_column, _, reference_column = item.partition(":")
        pairs.append((data_column.strip(), (reference_column or data_column).strip()))
    return pairs


def check_representativeness_request(
    column_types: Mapping[str, str], columns: Sequence[str], population: ReferencePopulation
) -> list[tuple[str, str]]:
    """The (data column, reference column) pairs `columns` names, each present on its side."""
    pairs = parse_column_pairs(columns)
    if not pairs:
        raise ValidationError.single("columns", N_("Name at least one column."))
    for _, reference_column in pairs:
        if reference_column not in population.columns:
            raise ValidationError.single(
                "columns",
                N_("The reference population has no column %(column)s."),
                column=reference_column,
            )
    require_columns(column_types, {data_column: "columns" for data_column, _ in pairs})
    return pairs


def fairness_report(
    rows: Sequence[tuple[Any, ...]],
    *,
    file_name: str,
    sha256: str,
    versions: Mapping[str, str],
    origin: Origin | None = None,
    label: str,
    prediction: str,
    sensitive: Sequence[str],
    score: str | None,
    positive: str | None,
    parameters: AuditParameters,
) -> FairnessReport:
    """The fairness report of the counted rows (see `count_table`): every metric, interval and
    disparity over the intersections of the sensitive columns, and over each one alone."""
    table, chosen = count_table(
        rows,
        sensitive=sensitive,
        label=label,
        prediction=prediction,
        score=score,
        positive=positive,
    )
    data = AuditData(
        file=file_name,
        sha256=sha256,
        rows=table.rows,
        **(origin or Origin()).fields(len(rows)),
        parameters={
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
        versions=dict(versions),
    )
    by_attribute = (
        {
            column: FairnessFigures.of(assess(table.marginal([column]), parameters))
            for column in sensitive
        }
        if len(sensitive) > 1
        else {}
    )
    return FairnessReport(
        **FairnessFigures.fields_of(assess(table, parameters)),
        data=data,
        by_attribute=by_attribute,
    )


def representativeness_report(
    rows: Sequence[tuple[Any, ...]],
    population: ReferencePopulation,
    pairs: Sequence[tuple[str, str]],
    *,
    file_name: str,
    sha256: str,
    versions: Mapping[str, str],
    origin: Origin | None = None,
    reference_name: str,
    threshold: float,
    confidence: float,
) -> RepresentativenessReport:
    """The representativeness report of the counted rows (values..., count) against the
    population, over the (data column, reference column) pairs."""
    marginal = population.marginal([reference_column for _, reference_column in pairs])
    observed = {  # in a fixed order, whatever order the engine returned the counts in
        tuple(row[:-1]): int(row[-1]) for row in sorted(rows, key=lambda row: sort_key(row[:-1]))
    }
    result = compare(observed, marginal, threshold=threshold, confidence=confidence)
    data = AuditData(
        file=file_name,
        sha256=sha256,
        rows=result.rows,
        **(origin or Origin()).fields(len(rows)),
        parameters={
            "columns": [f"{d}:{r}" if d != r else d for d, r in pairs],
            "threshold": threshold,
            "confidence": confidence,
        },
        versions=dict(versions),
    )
    return RepresentativenessReport.of(
        result,
        reference=reference_name,
        data_columns=[data_column for data_column, _ in pairs],
        data=data,
    )
