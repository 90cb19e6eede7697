"""Audit reports kept in Balise: the uploaded file they read, what they found, what is published.

An upload is a decision log or data set sent in chunks (or in one form post); a report is one
fairness or representativeness audit of an upload, computed by a background job. The report's
result is the JSON document of `balise audit ... --format json`; `public_document` is what the
public portal may show of it, by the organisation's choice, and never a withheld small group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_


class AuditKind(StrEnum):
    FAIRNESS = "fairness"
    REPRESENTATIVENESS = "representativeness"


class PortalVisibility(StrEnum):
    """What the public portal shows of a report; the organisation chooses."""

    NOTHING = "nothing"
    SUMMARY = "summary"
    FULL = "full"


class FileFormat(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"

    @property
    def suffix(self) -> str:
        return f".{self.value}"

    @classmethod
    def from_file_name(cls, name: str) -> FileFormat:
        lowered = name.lower()
        if lowered.endswith(".csv"):
            return cls.CSV
        if lowered.endswith((".parquet", ".pq")):
            return cls.PARQUET
        raise ValidationError.single("file", N_("Choose a .csv or .parquet file."))


PARQUET_MAGIC = b"PAR1"
MAX_FILE_NAME = 255


def clean_file_name(name: str) -> str:
    """The name people gave their file, for display only: no path, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    if not cleaned:
        raise ValidationError.single("file", N_("Choose a .csv or .parquet file."))
    return cleaned[-MAX_FILE_NAME:]


@dataclass(frozen=True)
class AuditUpload:
    id: str
    organisation_id: int
    file_name: str
    file_format: FileFormat
    storage_key: str
    size: int
    created_at: datetime
    created_by: int | None = None
    system_id: int | None = None
    received: int = 0
    columns: dict[str, str] | None = None
    completed_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.size < 0 or not 0 <= self.received <= self.size:
            raise ValueError("an upload receives between 0 and its size bytes")

    @property
    def complete(self) -> bool:
        return self.completed_at is not None


@dataclass(frozen=True)
class AuditReport:
    kind: AuditKind
    organisation_id: int
    file_name: str
    parameters: dict[str, Any]
    created_at: datetime
    created_by: int | None = None
    system_id: int | None = None
    upload_id: str | None = None
    job_id: str | None = None
    result: dict[str, Any] | None = None
    data_sha256: str | None = None
    portal_visibility: PortalVisibility = PortalVisibility.NOTHING
    finished_at: datetime | None = None
    id: int | None = None

    @property
    def ready(self) -> bool:
        return self.result is not None


MIN_PUBLISHED_CELL = 10


def without_withheld(document: dict[str, Any]) -> dict[str, Any]:
    """The document as the public may see it: every group below the minimum size left out
    altogether, names too.

    When a group is withheld, whatever would let a reader work its figures out by subtraction
    goes too: the overall counts and rates, the total number of rows, each group's share of it,
    and the per-attribute analyses (whose marginal groups include the withheld rows). In a
    representativeness document, the row counts of cells with fewer than 10 rows are left out
    (their shares stay), and so is the list of unmatched values.
    """
    shown = dict(document)
    if document.get("kind") == AuditKind.REPRESENTATIVENESS:
        shown["cells"] = [
            cell
            if (cell.get("observed") or 0) >= MIN_PUBLISHED_CELL
            else {**cell, "observed": None, "expected": None}
            for cell in document.get("cells", [])
        ]
        shown["unmatched"] = []
        return shown
    if document.get("kind") != AuditKind.FAIRNESS:
        return shown
    groups = document.get("groups", [])
    published = [g for g in groups if not g.get("too_small")]
    withheld = len(groups) - len(published)
    shown["groups"] = published
    shown["withheld_groups"] = withheld
    if withheld:
        overall = dict(document.get("overall") or {})
        shown["overall"] = {
            key: (None if key not in {"too_small", "undefined"} else value)
            for key, value in overall.items()
        } | {"ci": dict.fromkeys(overall.get("ci") or {})}
        shown["groups"] = [{**group, "share": None} for group in published]
        shown["by_attribute"] = {}
        data = dict(document.get("data") or {})
        data["rows"] = None
        shown["data"] = data
    return shown


def _interval(document: dict[str, Any], name: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = (document.get("disparities", {}).get("ci") or {}).get(name)
    return found


def findings(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The plain-language findings of a report, as data: a `kind` and its figures; the edge
    words them in the reader's language. Withheld groups are only ever counted."""
    found: list[dict[str, Any]] = []
    if document.get("kind") == AuditKind.REPRESENTATIVENESS:
        threshold = document.get("threshold")
        under = [cell for cell in document.get("cells", []) if cell.get("under_represented")]
        for cell in under:
            found.append(
                {
                    "kind": "under_represented",
                    "cell": cell["cell"],
                    "ratio": cell["ratio"],
                    "threshold": threshold,
                    "significant": bool(cell.get("significantly_under")),
                }
            )
        if not under:
            found.append({"kind": "none_under_represented", "threshold": threshold})
        found.append({"kind": "total_variation", "value": document.get("total_variation_distance")})
        unmatched_rows = document.get("rows", 0) - document.get("matched_rows", 0)
        if unmatched_rows:
            found.append({"kind": "unmatched", "count": unmatched_rows})
        return found
    groups = document.get("groups", [])
    published = [g for g in groups if not g.get("too_small")]
    withheld = document.get("withheld_groups", len(groups) - len(published))
    min_size = (document.get("data", {}).get("parameters") or {}).get("min_group_size")
    four = document.get("four_fifths") or {}
    if len(published) < 2:
        found.append({"kind": "too_few_groups"})
    else:
        below = [g for g in four.get("groups", []) if g.get("below_threshold")]
        for group in below:
            found.append(
                {
                    "kind": "below_threshold",
                    "group": group["group"],
                    "ratio": group["ratio"],
                    "threshold": four.get("threshold"),
                }
            )
        if not below:
            found.append({"kind": "none_below_threshold", "threshold": four.get("threshold")})
        disparities = document.get("disparities", {})
        for kind, name in (
            ("selection_gap", "demographic_parity_difference"),
            ("error_gap", "equalized_odds_difference"),
        ):
            value = disparities.get(name)
            if value is not None:
                interval = _interval(document, name)
                found.append(
                    {
                        "kind": kind,
                        "value": value,
                        "low": interval["low"] if interval else None,
                        "high": interval["high"] if interval else None,
                    }
                )
    if withheld:
        found.append({"kind": "withheld", "count": withheld, "min_group_size": min_size})
    return found


def looks_like(file_format: FileFormat, head: bytes) -> bool:
    """Whether a file's first bytes are those of its format: Parquet's magic number, or UTF-8
    text without NUL bytes whose first line has at least two comma- or semicolon-separated
    columns (a tab works too)."""
    if file_format is FileFormat.PARQUET:
        return head.startswith(PARQUET_MAGIC)
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # only a character cut at the end of the sample is fine
            return False
        text = head[: error.start].decode("utf-8-sig")
    first_line = text.splitlines()[0] if text.strip() else ""
    return any(separator in first_line for separator in (",", ";", "\t"))
