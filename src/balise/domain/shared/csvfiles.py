"""The one CSV reader of every import: organisations, register records, panel quotas and pools.

Spreadsheets save CSV in several dialects. In Belgium, Excel separates cells with `;` (the comma
is the decimal separator), LibreOffice and most programs with `,`, some exports with a tab; Excel's
"CSV UTF-8" starts the file with a byte-order mark; Excel's plain "CSV" is not UTF-8 at all but
Windows-1252. This module takes bytes or text and returns the header and the data rows, each with
the line it starts on, or one translated error saying what to do about the file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

DELIMITERS = (",", ";", "\t")
BOM = "\ufeff"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class CsvRow:
    """One data row: the line of the file it starts on (the header is line 1) and its cells."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class CsvTable:
    """A CSV file read: its header (empty for an empty file), its data rows and its delimiter."""

    header: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    delimiter: str = ","


def decode_text(data: bytes | str, *, field: str = "file", partial: bool = False) -> str:
    """UTF-8 text without its byte-order mark; a translated error naming where decoding fails.

    `partial`: the data is the start of a file, whose last character may be cut in two.
    """
    if isinstance(data, str):
        return data.removeprefix(BOM)
    if partial:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            if error.reason == "unexpected end of data":
                data = data[: error.start]
    if data.startswith(UTF16_BOMS):
        raise ValidationError.single(
            field,
            N_(
                'This file is in UTF-16, not UTF-8. Save it again as "CSV UTF-8" '
                "(in Excel: Save as, CSV UTF-8)."
            ),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        raise ValidationError.single(
            field,
            N_(
                "This file is not UTF-8 text: on line %(line)s, the byte %(byte)s (character "
                "%(column)s) is not valid UTF-8; the file is probably in Windows-1252 or "
                'Latin-1. Save it again as "CSV UTF-8" (in Excel: Save as, CSV UTF-8).'
            ),
            line=line,
            byte=f"0x{data[error.start]:02X}",
            column=len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1,
        ) from None


def check_text_start(head: bytes, *, field: str = "file") -> str:
    """The first bytes of an uploaded text file (CSV, JSON), decoded; or an error naming what is
    wrong with the file as a whole: empty, binary, UTF-16, or not UTF-8 (with the line)."""
    if not head.strip():
        raise ValidationError.single(field, N_("The file is empty."))
    text = decode_text(head, field=field, partial=True)
    if "\x00" in text:
        raise ValidationError.single(
            field, N_("This file holds binary data (NUL bytes), not text. Choose the text file.")
        )
    return text


def sniff_delimiter(text: str) -> str:
    """`,`, `;` or tab: the one that splits the header line into the most cells (`,` on a tie)."""
    first_line = text.split("\n", 1)[0]
    best, most = ",", 1
    for delimiter in DELIMITERS:
        cells = len(next(csv.reader([first_line], delimiter=delimiter), []))
        if cells > most:
            best, most = delimiter, cells
    return best


def read_csv_table(data: bytes | str, *, field: str = "file") -> CsvTable:
    """The header and the non-blank data rows of a CSV file, with their line numbers.

    Accepts bytes (decoded as UTF-8) or text; a leading byte-order mark is dropped; the delimiter
    is sniffed from the header line; cells may hold quoted delimiters and line breaks; blank
    lines are skipped. Cells are returned as written (not stripped).
    """
    text = decode_text(data, field=field)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: tuple[str, ...] | None = None
    rows: list[CsvRow] = []
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if header is None:
                    header = tuple(cells)
                else:
                    rows.append(CsvRow(line, tuple(cells)))
            line = reader.line_num + 1
    except csv.Error:
        raise ValidationError.single(
            field,
            N_("Line %(line)s cannot be read as CSV: check its quotation marks."),
            line=line,
        ) from None
    return CsvTable(header or (), tuple(rows), delimiter)
