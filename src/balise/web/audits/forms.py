"""Reading what people send to start an audit: the column form of the HTML page, and the JSON
body of the API, turned into the parameters `services.audits.start_audit` takes.

Numbers are parsed here; the columns are checked against the upload's when the audit starts
(domain/audits/requests.py), and the page names every wrong field at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from balise.domain.audits.references import reference_columns
from balise.domain.audits.reports import AuditKind
from balise.domain.audits.requests import (
    DEFAULT_MIN_GROUP_SIZE,
    DEFAULT_THRESHOLD,
    SHARE,
    WHOLE_NUMBER,
)
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import Message
from balise.web.audits.schemas import AuditCreate


def form_values(form: FormData) -> dict[str, Any]:
    """The text fields of the column form, `sensitive` as the list of checked columns."""
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    values["sensitive"] = [v for v in form.getlist("sensitive") if isinstance(v, str)]
    return values


def _whole_number(errors: dict[str, Message], name: str, value: object, default: int) -> int:
    try:
        number = int(str(value).strip()) if value not in (None, "") else default
        if number < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors[name] = WHOLE_NUMBER
        return default
    return number


def _share(errors: dict[str, Message], name: str, value: object, default: float) -> float:
    try:
        number = float(str(value).strip()) if value not in (None, "") else default
        if not 0 < number <= 1:
            raise ValueError
    except (TypeError, ValueError):
        errors[name] = SHARE
        return default
    return number


@dataclass(frozen=True)
class AuditForm:
    """The column form read: its parameters (unreadable numbers replaced by their defaults)
    and the errors of those numbers, to be reported with the service's own."""

    parameters: dict[str, Any]
    errors: dict[str, Message]

    def all_errors(self, error: ValidationError | None = None) -> ValidationError | None:
        """Every wrong field at once: the service's (if it refused) and the numbers'."""
        errors = {**(error.errors if error else {}), **self.errors}
        return ValidationError(errors) if errors else None


def audit_form(kind: AuditKind, values: Mapping[str, Any]) -> AuditForm:
    """The parameters of the column form, numbers parsed; the columns are checked by the
    service against the upload's."""
    errors: dict[str, Message] = {}
    if kind is AuditKind.FAIRNESS:
        parameters: dict[str, Any] = {
            "label": values.get("label"),
            "prediction": values.get("prediction"),
            "sensitive": list(values.get("sensitive") or []),
            "score": values.get("score"),
            "positive": values.get("positive"),
            "min_group_size": _whole_number(
                errors, "min_group_size", values.get("min_group_size"), DEFAULT_MIN_GROUP_SIZE
            ),
            "four_fifths_threshold": _share(
                errors,
                "four_fifths_threshold",
                values.get("four_fifths_threshold"),
                DEFAULT_THRESHOLD,
            ),
        }
    else:
        parameters = {
            "mapping": {column: values.get(f"column_{column}") for column in reference_columns()},
            "pairs": values.get("pairs", ""),
            "threshold": _share(errors, "threshold", values.get("threshold"), DEFAULT_THRESHOLD),
        }
    return AuditForm(parameters, errors)


def audit_body(body: AuditCreate) -> dict[str, Any]:
    """The parameters of an audit started through the API."""
    if body.kind is AuditKind.FAIRNESS:
        return {
            "label": body.label,
            "prediction": body.prediction,
            "sensitive": body.sensitive,
            "score": body.score,
            "positive": body.positive,
            "min_group_size": body.min_group_size,
            "four_fifths_threshold": body.four_fifths_threshold,
        }
    parameters: dict[str, Any] = {"mapping": body.columns, "threshold": body.threshold}
    if body.reference_upload:
        parameters |= {"pairs": body.pairs, "reference_upload": body.reference_upload}
    return parameters
