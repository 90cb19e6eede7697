"""Fairness and representativeness audits of a file: the use cases behind `balise audit`, and
the audits kept in Balise (uploads, background runs, reports attached to a register record).

The file is reached through an `AuditSource` (the DuckDB adapter in production), which returns
count tables; the domain turns them into metrics. The first half of this module touches no
database; the second half (from "Audits kept in Balise") works in a unit of work.
"""

from __future__ import annotations

import io
import math
import platform
import secrets
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from balise.domain.accounts.model import Actor, Role, Scope
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
from balise.domain.audits.reports import (
    AuditKind,
    AuditReport,
    AuditUpload,
    FileFormat,
    PortalVisibility,
    clean_file_name,
    findings,
    looks_like,
    without_withheld,
)
from balise.domain.audits.representativeness import (
    ReferenceError,
    ReferencePopulation,
    Representativeness,
    compare,
)
from balise.domain.jobs.model import Job, JobStatus
from balise.domain.shared.errors import NotFound, PermissionDenied, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services.audit_log import record_event
from balise.services.permissions import DENIED, require_scope
from balise.services.ports import Storage, UnitOfWork

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


# --- Audits kept in Balise: uploads, background runs, reports ----------------------------------

AUDIT_JOB = "audits.run"
UPLOAD_ID_BYTES = 16
HEAD_BYTES = 64 * 1024
MAX_SENSITIVE = 5


@dataclass(frozen=True)
class AuditTarget:
    """What an audit is attached to: an organisation, and maybe one of its register records."""

    organisation_id: int
    system_id: int | None = None


def is_member(actor: Actor, organisation_id: int) -> bool:
    return actor.user is not None and actor.user.organisation_id == organisation_id


def may_run(actor: Actor, organisation_id: int) -> bool:
    """Administrators, and the editors and reviewers of the organisation, run audits."""
    return actor.role is Role.ADMIN or (
        actor.role in {Role.EDITOR, Role.REVIEWER} and is_member(actor, organisation_id)
    )


def may_read(actor: Actor, organisation_id: int) -> bool:
    """Those who may run them, and the regulator, read an organisation's audits."""
    return actor.role is Role.REGULATOR or may_run(actor, organisation_id)


def require_run(actor: Actor, organisation_id: int) -> None:
    require_scope(actor, Scope.SYSTEMS_WRITE)
    if not may_run(actor, organisation_id):
        raise PermissionDenied(DENIED)


NO_UPLOAD = Message(N_("There is no such upload."))
NO_REPORT = Message(N_("There is no such audit."))


def check_size(size: int, max_bytes: int) -> None:
    if size <= 0:
        raise ValidationError.single("file", N_("The file is empty."))
    if size > max_bytes:
        raise ValidationError.single(
            "file", N_("The file is larger than %(size)s MB."), size=max_bytes // 1_048_576
        )


def create_upload(
    uow: UnitOfWork,
    *,
    actor: Actor,
    storage: Storage,
    target: AuditTarget,
    file_name: str,
    size: int,
    max_bytes: int,
) -> AuditUpload:
    """Open a resumable upload: an empty file under a random key, filled chunk by chunk."""
    require_run(actor, target.organisation_id)
    name = clean_file_name(file_name)
    file_format = FileFormat.from_file_name(name)
    check_size(size, max_bytes)
    key = storage.save(io.BytesIO(b""), suffix=file_format.suffix, max_bytes=0)
    upload = AuditUpload(
        id=secrets.token_hex(UPLOAD_ID_BYTES),
        organisation_id=target.organisation_id,
        system_id=target.system_id,
        file_name=name,
        file_format=file_format,
        storage_key=key,
        size=size,
        created_by=actor.user.id if actor.user else None,
        created_at=uow.clock.now(),
    )
    uow.audit_uploads.add(upload)
    record_event(
        uow,
        actor=actor,
        event_type="audit_upload.created",
        entity_type="audit_upload",
        entity_id=upload.id,
        after={"file_name": name, "size": size, "format": file_format.value},
    )
    return upload


def add_stored_upload(
    uow: UnitOfWork,
    *,
    actor: Actor,
    target: AuditTarget,
    file_name: str,
    file_format: FileFormat,
    storage_key: str,
    size: int,
    columns: dict[str, str],
) -> AuditUpload:
    """Record a file already stored whole (the form without JavaScript), complete at once."""
    require_run(actor, target.organisation_id)
    now = uow.clock.now()
    upload = AuditUpload(
        id=secrets.token_hex(UPLOAD_ID_BYTES),
        organisation_id=target.organisation_id,
        system_id=target.system_id,
        file_name=clean_file_name(file_name),
        file_format=file_format,
        storage_key=storage_key,
        size=size,
        received=size,
        columns=columns,
        created_by=actor.user.id if actor.user else None,
        created_at=now,
        completed_at=now,
    )
    uow.audit_uploads.add(upload)
    record_event(
        uow,
        actor=actor,
        event_type="audit_upload.completed",
        entity_type="audit_upload",
        entity_id=upload.id,
        after={"file_name": upload.file_name, "size": size, "format": file_format.value},
    )
    return upload


def get_upload(uow: UnitOfWork, *, actor: Actor, upload_id: str) -> AuditUpload:
    """An upload, for the person who made it (or an administrator); nobody else sees it."""
    upload = uow.audit_uploads.get(upload_id)
    if upload is None or actor.user is None:
        raise NotFound(NO_UPLOAD)
    if upload.created_by != actor.user.id and actor.role is not Role.ADMIN:
        raise NotFound(NO_UPLOAD)
    require_run(actor, upload.organisation_id)
    return upload


def record_chunk(
    uow: UnitOfWork, *, actor: Actor, upload_id: str, from_offset: int, to_offset: int
) -> bool:
    """Move the upload's offset after a chunk was written; False when another chunk won."""
    get_upload(uow, actor=actor, upload_id=upload_id)
    return uow.audit_uploads.advance(upload_id, from_offset=from_offset, to_offset=to_offset)


def check_head(file_format: FileFormat, head: bytes) -> None:
    if not looks_like(file_format, head):
        if file_format is FileFormat.PARQUET:
            raise ValidationError.single("file", N_("This file is not a Parquet file."))
        raise ValidationError.single("file", N_("This file is not a UTF-8 CSV file."))


def finish_upload(
    uow: UnitOfWork, *, actor: Actor, upload_id: str, columns: dict[str, str]
) -> AuditUpload:
    """Close a complete upload, with the columns read from its header or schema."""
    upload = get_upload(uow, actor=actor, upload_id=upload_id)
    if upload.complete:
        return upload
    if upload.received != upload.size:
        raise ValidationError.single(
            "file",
            N_("The upload is incomplete: %(received)s of %(size)s bytes received."),
            received=upload.received,
            size=upload.size,
        )
    if not columns:
        raise ValidationError.single("file", N_("The file has no columns."))
    uow.audit_uploads.complete(upload_id, columns=columns, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="audit_upload.completed",
        entity_type="audit_upload",
        entity_id=upload_id,
        after={"file_name": upload.file_name, "size": upload.size, "columns": len(columns)},
    )
    finished = uow.audit_uploads.get(upload_id)
    assert finished is not None
    return finished


def complete_upload(uow: UnitOfWork, *, actor: Actor, upload_id: str) -> AuditUpload:
    upload = get_upload(uow, actor=actor, upload_id=upload_id)
    if not upload.complete or not upload.columns:
        raise ValidationError.single("file", N_("The upload is not finished yet."))
    return upload


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
    min_group_size: int | str | None = 10,
    four_fifths_threshold: float | str | None = 0.8,
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
    try:
        size = int(min_group_size if min_group_size not in (None, "") else 10)
        if size < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["min_group_size"] = Message(N_("Give a whole number of at least 1."))
        size = 10
    try:
        threshold = float(four_fifths_threshold if four_fifths_threshold not in (None, "") else 0.8)
        if not 0 < threshold <= 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["four_fifths_threshold"] = Message(N_("Give a number above 0 and at most 1."))
        threshold = 0.8
    if errors:
        raise ValidationError(errors)
    return {
        "label": label_column,
        "prediction": prediction_column,
        "sensitive": chosen,
        "score": score_column,
        "positive": (positive or "").strip() or None,
        "min_group_size": size,
        "four_fifths_threshold": threshold,
    }


def reference_columns() -> tuple[str, ...]:
    """The columns of the Belgian population shipped with Balise (region, age_band, sex)."""
    return statbel_reference().columns


def reference_values() -> dict[str, list[str]]:
    """The values each column of the Belgian population uses, for people to match."""
    text = resources.files(STATBEL_PACKAGE).joinpath(STATBEL_FILE).read_text(encoding="utf-8")
    header, *lines = [line.split(",") for line in text.splitlines() if line.strip()]
    return {column: sorted({line[i] for line in lines}) for i, column in enumerate(header[:-1])}


def _threshold(errors: dict[str, Message], name: str, value: float | str | None) -> float:
    try:
        number = float(value if value not in (None, "") else 0.8)
        if not 0 < number <= 1:
            raise ValueError
    except (TypeError, ValueError):
        errors[name] = Message(N_("Give a number above 0 and at most 1."))
        return 0.8
    return number


def representativeness_parameters(
    columns: Mapping[str, str],
    *,
    mapping: Mapping[str, str | None] | None = None,
    pairs: str | Sequence[str] | None = None,
    threshold: float | str | None = 0.8,
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
    value = _threshold(errors, "threshold", threshold)
    if errors:
        raise ValidationError(errors)
    return {"columns": chosen, "threshold": value}


REFERENCE_MAX_BYTES = 5 * 1_048_576


def reference_of(
    uow: UnitOfWork, *, actor: Actor, storage: Storage, upload_id: str
) -> tuple[AuditUpload, ReferencePopulation]:
    """A reference population uploaded as a CSV file (one row per cell and a population or
    count column), read and checked."""
    try:
        upload = complete_upload(uow, actor=actor, upload_id=upload_id)
    except (NotFound, ValidationError):
        raise ValidationError.single(
            "reference", N_("Choose the reference population's CSV file.")
        ) from None
    if upload.file_format is not FileFormat.CSV or upload.size > REFERENCE_MAX_BYTES:
        raise ValidationError.single(
            "reference",
            N_("A reference population is a CSV file of at most %(size)s MB."),
            size=REFERENCE_MAX_BYTES // 1_048_576,
        )
    population, _ = load_reference(storage.path(upload.storage_key))
    return upload, population


def start_audit(
    uow: UnitOfWork,
    *,
    actor: Actor,
    upload_id: str,
    kind: AuditKind,
    parameters: Mapping[str, Any],
    job_params: Mapping[str, Any] | None = None,
    storage: Storage | None = None,
) -> tuple[AuditReport, Job]:
    """Record an audit of a finished upload and its queued job; the caller enqueues the job
    once this transaction commits. `parameters` are those of fairness_parameters() or
    representativeness_parameters(), checked against the file's columns; for the latter,
    `reference_upload` names an upload holding another reference population (read through
    `storage`) than the Belgian one."""
    upload = complete_upload(uow, actor=actor, upload_id=upload_id)
    assert upload.columns is not None
    if kind is AuditKind.FAIRNESS:
        checked = fairness_parameters(upload.columns, **parameters)
    else:
        given = dict(parameters)
        reference_upload = given.pop("reference_upload", None)
        if reference_upload:
            assert storage is not None
            stored, population = reference_of(
                uow, actor=actor, storage=storage, upload_id=reference_upload
            )
            given.pop("mapping", None)
            checked = representativeness_parameters(upload.columns, reference=population, **given)
            checked |= {"reference_upload": stored.id, "reference_name": stored.file_name}
        else:
            given.pop("pairs", None)
            checked = representativeness_parameters(upload.columns, **given)
    job = Job(
        id=secrets.token_hex(16),
        kind=AUDIT_JOB,
        status=JobStatus.QUEUED,
        created_at=uow.clock.now(),
        created_by=actor.user.id if actor.user else None,
    )
    uow.jobs.add(job, dict(job_params or {}))
    report = uow.audit_reports.add(
        AuditReport(
            kind=kind,
            organisation_id=upload.organisation_id,
            system_id=upload.system_id,
            upload_id=upload.id,
            job_id=job.id,
            file_name=upload.file_name,
            parameters=checked,
            created_by=job.created_by,
            created_at=job.created_at,
        )
    )
    record_event(
        uow,
        actor=actor,
        event_type="audit.started",
        entity_type="audit",
        entity_id=report.id,
        after={"kind": kind.value, "file_name": upload.file_name, "parameters": checked},
    )
    return report, job


@dataclass(frozen=True)
class AuditWork:
    """What a background run needs: the report to fill and the file to read."""

    report_id: int
    kind: AuditKind
    storage_key: str
    file_name: str
    parameters: dict[str, Any]
    reference_key: str | None = None


def audit_work(uow: UnitOfWork, *, job_id: str) -> AuditWork:
    report = uow.audit_reports.find_by_job(job_id)
    if report is None or report.id is None or report.upload_id is None:
        raise NotFound(NO_REPORT)
    upload = uow.audit_uploads.get(report.upload_id)
    if upload is None:
        raise NotFound(NO_UPLOAD)
    reference_key = None
    if reference_id := report.parameters.get("reference_upload"):
        reference = uow.audit_uploads.get(reference_id)
        if reference is None:
            raise NotFound(NO_UPLOAD)
        reference_key = reference.storage_key
    return AuditWork(
        report.id,
        report.kind,
        upload.storage_key,
        report.file_name,
        report.parameters,
        reference_key,
    )


def compute_audit(
    work: AuditWork, source: AuditSource, storage: Storage | None = None
) -> dict[str, Any]:
    """Run the audit a report asks for on its file; returns the JSON document."""
    parameters = work.parameters
    if work.kind is AuditKind.FAIRNESS:
        return run_fairness_audit(
            source,
            file_name=work.file_name,
            label=parameters["label"],
            prediction=parameters["prediction"],
            sensitive=parameters["sensitive"],
            score=parameters.get("score"),
            positive=parameters.get("positive"),
            parameters=AuditParameters(
                min_group_size=parameters["min_group_size"],
                four_fifths_threshold=parameters["four_fifths_threshold"],
            ),
        ).as_dict()
    reference = None
    if work.reference_key is not None:
        assert storage is not None
        reference = storage.path(work.reference_key)
    document = run_representativeness(
        source,
        file_name=work.file_name,
        columns=parameters["columns"],
        reference=reference,
        threshold=parameters["threshold"],
    ).as_dict()
    if reference is not None:  # the name people gave the file, not its storage key
        document["reference"]["source"] = parameters.get("reference_name", "")
    return document


def store_audit_result(
    uow: UnitOfWork, *, actor: Actor, report_id: int, document: dict[str, Any]
) -> AuditReport:
    report = uow.audit_reports.get(report_id)
    if report is None:
        raise NotFound(NO_REPORT)
    sha256 = str(document["data"]["sha256"])
    uow.audit_reports.set_result(report_id, result=document, data_sha256=sha256, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="audit.completed",
        entity_type="audit",
        entity_id=report_id,
        after={"kind": report.kind.value, "sha256": sha256, "rows": document["data"]["rows"]},
    )
    stored = uow.audit_reports.get(report_id)
    assert stored is not None
    return stored


def get_report(uow: UnitOfWork, *, actor: Actor, report_id: int) -> AuditReport:
    """A report, for those who may read its organisation's audits; a 404 for anyone else."""
    report = uow.audit_reports.get(report_id)
    if report is None or not may_read(actor, report.organisation_id):
        raise NotFound(NO_REPORT)
    return report


def list_reports(uow: UnitOfWork, *, actor: Actor, target: AuditTarget) -> list[AuditReport]:
    if not may_read(actor, target.organisation_id):
        raise PermissionDenied(DENIED)
    return uow.audit_reports.list_for(
        organisation_id=target.organisation_id, system_id=target.system_id
    )


def set_portal_visibility(
    uow: UnitOfWork, *, actor: Actor, report_id: int, visibility: PortalVisibility | str
) -> AuditReport:
    """What the public portal shows of a report: nothing, a summary of findings, or all of it
    (withheld small groups are never published, whatever the choice)."""
    report = get_report(uow, actor=actor, report_id=report_id)
    require_run(actor, report.organisation_id)
    try:
        chosen = PortalVisibility(visibility)
    except ValueError:
        raise ValidationError.single("visibility", N_("Choose one of the options.")) from None
    if chosen is report.portal_visibility:
        return report
    uow.audit_reports.set_visibility(report_id, chosen)
    record_event(
        uow,
        actor=actor,
        event_type="audit.visibility_changed",
        entity_type="audit",
        entity_id=report_id,
        before={"portal_visibility": report.portal_visibility.value},
        after={"portal_visibility": chosen.value},
    )
    changed = uow.audit_reports.get(report_id)
    assert changed is not None
    return changed


@dataclass(frozen=True)
class PublicReport:
    """What the portal shows of one report: always the findings; the document if chosen."""

    id: int
    kind: AuditKind
    visibility: PortalVisibility
    finished_at: Any
    file_sha256: str | None
    findings: list[dict[str, Any]]
    document: dict[str, Any] | None


def public_reports_for_system(uow: UnitOfWork, system_id: int) -> list[PublicReport]:
    """The finished reports of a register record its organisation chose to publish, newest
    first, without any withheld small group (for the public system page)."""
    found = []
    for report in uow.audit_reports.published_for_system(system_id):
        assert report.id is not None
        assert report.result is not None
        shown = without_withheld(report.result)
        full = report.portal_visibility is PortalVisibility.FULL
        found.append(
            PublicReport(
                id=report.id,
                kind=report.kind,
                visibility=report.portal_visibility,
                finished_at=report.finished_at,
                file_sha256=report.data_sha256,
                findings=findings(shown),
                document=shown if full else None,
            )
        )
    return found
