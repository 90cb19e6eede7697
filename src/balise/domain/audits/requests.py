"""What an audit kept in Balise is asked to compute, checked against the uploaded file's
columns: every wrong field named at once. The checked parameters are stored with the report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from balise.domain.audits.engine import parse_column_pairs
from balise.domain.audits.references import reference_columns
from balise.domain.audits.representativeness import ReferencePopulation
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message

MAX_SENSITIVE = 5
DEFAULT_MIN_GROUP_SIZE = 10
DEFAULT_THRESHOLD = 0.8
WHOLE_NUMBER = Message(N_("Give a whole number of at least 1."))
SHARE = Message(N_("Give a number above 0 and at most 1."))


def _column(columns: Mapping[str, str], field_name: str, value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if value not in columns:
        raise ValidationError.single(
            field_name, N_("There is no column %(column)s in the file."), column=value
        )
    return value


def fairness_parameters(
    columns: Mapping[str, str],
    *,
    label: str | None,
    prediction: str | None,
    sensitive: Sequence[str],
    score: str | None = None,
    positive: str | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    four_fifths_threshold: float = DEFAULT_THRESHOLD,
) -> dict[str, Any]:
    """Check a fairness request against the file's columns; every wrong field at once."""
    errors: dict[str, Message] = {}

    def take(field_name: str, value: str | None, required: bool) -> str | None:
        try:
            found = _column(columns, field_name, value)
        except ValidationError as error:
            errors.update(error.errors)
            return None
        if found is None and required:
            errors[field_name] = Message(N_("Choose a column."))
        return found

    label_column = take("label", label, True)
    prediction_column = take("prediction", prediction, True)
    score_column = take("score", score, False)
    chosen = [c.strip() for c in sensitive if c and c.strip()]
    if not chosen:
        errors["sensitive"] = Message(N_("Name at least one sensitive column."))
    elif len(chosen) > MAX_SENSITIVE:
        errors["sensitive"] = Message(
            N_("Choose at most %(count)s sensitive columns."), {"count": MAX_SENSITIVE}
        )
    elif missing := [c for c in chosen if c not in columns]:
        errors["sensitive"] = Message(
            N_("There is no column %(column)s in the file."), {"column": missing[0]}
        )
    elif {label_column, prediction_column, score_column} & set(chosen):
        errors["sensitive"] = Message(
            N_("A sensitive column cannot also be the label, the prediction or the score.")
        )
    if label_column and label_column == prediction_column:
        errors["prediction"] = Message(N_("The prediction must be another column than the label."))
    if min_group_size < 1:
        errors["min_group_size"] = WHOLE_NUMBER
    if not 0 < four_fifths_threshold <= 1:
        errors["four_fifths_threshold"] = SHARE
    if errors:
        raise ValidationError(errors)
    return {
        "label": label_column,
        "prediction": prediction_column,
        "sensitive": chosen,
        "score": score_column,
        "positive": (positive or "").strip() or None,
        "min_group_size": min_group_size,
        "four_fifths_threshold": four_fifths_threshold,
    }


def representativeness_parameters(
    columns: Mapping[str, str],
    *,
    mapping: Mapping[str, str | None] | None = None,
    pairs: str | Sequence[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    reference: ReferencePopulation | None = None,
) -> dict[str, Any]:
    """The columns to compare and the threshold, checked against the file's columns.

    Against the Belgian population, `mapping` gives for each of its columns (region, age_band,
    sex) the file's column compared with it, or none. Against another `reference`, `pairs`
    names the file's columns as `DATA_COLUMN` or `DATA_COLUMN:REFERENCE_COLUMN`, as on the
    command line.
    """
    errors: dict[str, Message] = {}
    chosen: list[str] = []
    if reference is None:
        for reference_column in reference_columns():
            try:
                data_column = _column(
                    columns, f"column_{reference_column}", (mapping or {}).get(reference_column)
                )
            except ValidationError as error:
                errors.update(error.errors)
                continue
            if data_column is not None:
                chosen.append(
                    data_column
                    if data_column == reference_column
                    else f"{data_column}:{reference_column}"
                )
    else:
        items = pairs.split(",") if isinstance(pairs, str) else list(pairs or [])
        for data_column, reference_column in parse_column_pairs([i for i in items if i.strip()]):
            if data_column not in columns:
                errors["columns"] = Message(
                    N_("There is no column %(column)s in the file."), {"column": data_column}
                )
            elif reference_column not in reference.columns:
                errors["columns"] = Message(
                    N_("The reference population has no column %(column)s."),
                    {"column": reference_column},
                )
            chosen.append(
                data_column
                if data_column == reference_column
                else f"{data_column}:{reference_column}"
            )
    if not chosen and not errors:
        errors["columns"] = Message(N_("Name at least one column."))
    data_columns = [pair.partition(":")[0] for pair in chosen]
    if len(set(data_columns)) != len(data_columns):
        errors["columns"] = Message(N_("Name each column once."))
    if not 0 < threshold <= 1:
        errors["threshold"] = SHARE
    if errors:
        raise ValidationError(errors)
    return {"columns": chosen, "threshold": threshold}
