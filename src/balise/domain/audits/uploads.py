"""Uploaded decision logs and data sets: their format, the name people gave them (for display
only), and a first look at their bytes before anything else reads them.

An upload is sent in chunks (or in one form post); once complete, its columns are known and it
can be audited.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from balise.domain.shared.csvfiles import sniff_delimiter
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_


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


def check_size(size: int, max_bytes: int) -> None:
    if size <= 0:
        raise ValidationError.single("file", N_("The file is empty."))
    if size > max_bytes:
        raise ValidationError.single(
            "file", N_("The file is larger than %(size)s MB."), size=max_bytes // 1_048_576
        )


def check_head(file_format: FileFormat, head: bytes) -> None:
    """The file's first bytes are those of its format, or a validation error says which."""
    if not looks_like(file_format, head):
        if file_format is FileFormat.PARQUET:
            raise ValidationError.single("file", N_("This file is not a Parquet file."))
        raise ValidationError.single("file", N_("This file is not a UTF-8 CSV file."))


SAMPLE_LINES = 10_000


def check_not_ragged(head: str) -> None:
    """Refuse a CSV file whose first lines do not all have as many fields as its header.

    `head` is the start of the file (whole lines). A ragged file would otherwise be read as a
    single column and audited as nonsense.
    """
    lines = head.splitlines()
    if not lines:
        return
    delimiter = sniff_delimiter(lines[0])
    rows = csv.reader(lines[:SAMPLE_LINES], delimiter=delimiter)
    expected = len(next(rows))
    if expected < 2:
        return
    for number, row in enumerate(rows, start=2):
        if row and len(row) != expected:
            raise ValidationError.single(
                "file",
                N_("Line %(line)s has %(fields)s fields where the header has %(expected)s."),
                line=number,
                fields=len(row),
                expected=expected,
            )
