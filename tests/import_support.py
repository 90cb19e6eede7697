"""Inventory files for the register's import tests: rows from record values, as CSV, XLSX, JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from openpyxl import Workbook

from balise.domain.register.standard import FIELDS_BY_NAME, Kind
from register_support import complete_values


def row_of(source_id: str, language: str = "nl", **changes: Any) -> dict[str, str]:
    """A complete record as one flat row of text, the way a spreadsheet holds it."""
    row = {"source_id": source_id, "default_language": language}
    for name, value in complete_values(**changes).items():
        if FIELDS_BY_NAME[name].kind is Kind.I18N:
            row.update({f"{name}_{lang}": text for lang, text in value.items()})
        elif isinstance(value, list):
            row[name] = ", ".join(value)
        else:
            row[name] = str(value)
    return row


def named(source_id: str, nl: str, fr: str, **changes: Any) -> dict[str, str]:
    return row_of(source_id, name={"nl": nl, "fr": fr}, **changes)


def csv_text(rows: list[dict[str, str]], delimiter: str = ",") -> str:
    header: list[str] = []
    for row in rows:
        header += [column for column in row if column not in header]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def xlsx_bytes(rows: list[dict[str, str]], hints: bool = False) -> bytes:
    header: list[str] = []
    for row in rows:
        header += [column for column in row if column not in header]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    if hints:
        sheet.append(["# hint", *("hint" for _ in header[1:])])
    for row in rows:
        sheet.append([row.get(column, "") for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def json_text(rows: list[dict[str, Any]]) -> str:
    return json.dumps({"systems": rows}, ensure_ascii=False)


THREE = [
    named("INV-001", "Toekenning van studietoelagen", "Attribution des allocations d'études"),
    named("INV-002", "Sorteren van post", "Tri du courrier"),
    named("INV-003", "Opsporen van fraude", "Détection de la fraude"),
]
