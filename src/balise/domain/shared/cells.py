"""The one guard of every CSV and XLSX export against formula injection.

A spreadsheet opening an export runs any cell that starts with `=`, `+`, `-` or `@` as a formula
(and a leading tab or carriage return hides such a start from a first look), so a record's text
such as `=HYPERLINK("https://…", "click")` or `=cmd|' /C calc'!A0` written by one person would
act on the computer of whoever opens the open data. Following the OWASP advice on CSV injection,
such a text is written with a single quote in front: spreadsheets show it as text, and a reader
of the raw file sees the quote and the text unchanged after it.

Numbers stay numbers: a value of a numeric type, and a text that is nothing but a number (`-12`,
`-0.5`, `+3e2`), cannot be a formula and is written as it is, so a negative number is not turned
into text. Every export writes its rows through `safe_row` (directly, or with `csv_writer`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """The value to write in a cell: a text a spreadsheet would run is prefixed with a quote."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return QUOTE + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeCsvWriter:
    """`csv.writer` whose rows go through `safe_row`: the only CSV writer of the exports."""

    def __init__(self, stream: IO[str], **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: IO[str], **options: Any) -> SafeCsvWriter:
    """A CSV writer for an export (same options as `csv.writer`), guarded against formulas."""
    return SafeCsvWriter(stream, **options)
