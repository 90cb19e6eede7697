"""AI system records as flat rows: the shape of an inventory kept in a spreadsheet.

One row is one system. Columns carry the standard's field names; a text kept per language has one
column per language (`name_nl`, `name_fr`…), a list is written with commas, `visibility_<field>`
overrides who may read a field, and `default_language` says which language the record is written
in. `source_id`, the organisation's own identifier, is what a re-import uses to find the record.

CSV, XLSX and JSON files are read here into the same rows; nothing here touches a database.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import IO, Any

from balise.domain.register.model import Values, parse_values, parse_visibility
from balise.domain.register.standard import FIELDS, FIELDS_BY_NAME, Kind, Visibility
from balise.domain.shared.csvfiles import decode_text, read_csv_table
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, Language, Message
from balise.domain.shared.jsonfiles import read_json_document

MAX_ROWS = 10_000
MAX_COLUMNS = 400
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1_048_576
MAX_XLSX_RATIO = 100  # a spreadsheet compresses well, but not a thousand times
MAX_XLSX_MEMBERS = 1_000
VISIBILITY_PREFIX = "visibility_"


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


def field_columns() -> tuple[str, ...]:
    """The data columns, in the standard's order: one per field, one per language for texts."""
    columns: list[str] = []
    for spec in FIELDS:
        if spec.kind is Kind.I18N:
            columns.extend(f"{spec.name}_{language.value}" for language in LANGUAGES)
        else:
            columns.append(spec.name)
    return tuple(columns)


def template_columns() -> tuple[str, ...]:
    """The template's header: the identifier and the record's language first, then every field."""
    rest = tuple(name for name in field_columns() if name != "source_id")
    return ("source_id", "default_language", *rest)


def visibility_columns() -> tuple[str, ...]:
    return tuple(f"{VISIBILITY_PREFIX}{spec.name}" for spec in FIELDS)


KNOWN_COLUMNS = frozenset((*template_columns(), *visibility_columns()))
_I18N_COLUMNS = {
    f"{spec.name}_{language.value}": (spec.name, language)
    for spec in FIELDS
    if spec.kind is Kind.I18N
    for language in LANGUAGES
}


def column_hint(column: str) -> Message:
    """What goes into a column, as a message to translate where it is shown."""
    if column == "source_id":
        return Message(N_("Required: your own identifier for the system; it never changes."))
    if column == "default_language":
        return Message(N_("fr, nl, de or en: the language the record is written in."))
    if column.startswith(VISIBILITY_PREFIX):
        return Message(N_("public, internal or restricted"))
    name = _I18N_COLUMNS[column][0] if column in _I18N_COLUMNS else column
    spec = FIELDS_BY_NAME[name]
    if spec.choices:
        codes = {"codes": ", ".join(code for code, _ in spec.choices)}
        if spec.kind is Kind.CHOICES:
            return Message(N_("One or more of, separated by commas: %(codes)s"), codes)
        return Message(N_("One of: %(codes)s"), codes)
    hints = {
        Kind.DATE: N_("A date as YYYY-MM-DD."),
        Kind.URL: N_("A web address starting with https://."),
        Kind.EMAIL: N_("An e-mail address."),
        Kind.BOOLEAN: N_("yes or no"),
        Kind.INTEGER: N_("A whole number."),
        Kind.WORDS: N_("Words separated by commas."),
    }
    return Message(hints.get(spec.kind, spec.label))


@dataclass(frozen=True)
class ImportRow:
    """One checked row: what the services need to create or update the record."""

    line: int
    source_id: str
    values: Values
    visibility: dict[str, Visibility]
    default_language: Language
    columns: frozenset[str] = frozenset()  # the row's columns, even empty ones

    def merged_into(
        self, values: Mapping[str, Any], visibility: Mapping[str, Visibility]
    ) -> ImportRow:
        """This row over a record's values: what has no column in the file is kept.

        A text kept per language is merged language by language, so a file with only name_nl
        leaves the French name alone; an empty cell clears its value.
        """
        merged = dict(values)
        texts: Any
        for spec in FIELDS:
            if spec.kind is Kind.I18N:
                present = {lang.value for lang in LANGUAGES} & {
                    column.removeprefix(f"{spec.name}_")
                    for column in self.columns
                    if column.startswith(f"{spec.name}_") and column in _I18N_COLUMNS
                }
                if not present and spec.name not in self.columns:
                    continue
                kept = {
                    lang: text
                    for lang, text in (values.get(spec.name) or {}).items()
                    if lang not in present and spec.name not in self.columns
                }
                texts = {**kept, **(self.values.get(spec.name) or {})}
            elif spec.name in self.columns:
                texts = self.values.get(spec.name)
            else:
                continue
            if texts:
                merged[spec.name] = texts
            else:
                merged.pop(spec.name, None)
        chosen = {
            name: value
            for name, value in visibility.items()
            if f"{VISIBILITY_PREFIX}{name}" not in self.columns
        }
        return replace(self, values=merged, visibility={**chosen, **self.visibility})


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date) and hasattr(value, "hour"):
        return value.date().isoformat()  # a datetime cell: Excel stores dates so
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _grouped(row: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], str]:
    """Columns folded into field values (texts per language together), visibility, language."""
    values: dict[str, Any] = {}
    visibility: dict[str, Any] = {}
    default_language = ""
    for column, raw in row.items():
        cell = _cell(raw)
        if column == "default_language":
            default_language = str(cell).strip().lower()
        elif column.startswith(VISIBILITY_PREFIX):
            if str(cell).strip():
                visibility[column.removeprefix(VISIBILITY_PREFIX)] = str(cell).strip().lower()
        elif column in _I18N_COLUMNS:
            name, language = _I18N_COLUMNS[column]
            texts = values.setdefault(name, {})
            if str(cell).strip():
                texts[language.value] = str(cell)
        elif isinstance(cell, str) and not cell.strip():
            continue
        else:
            values[column] = cell
    return {k: v for k, v in values.items() if v not in ({}, None)}, visibility, default_language


def parse_row(line: int, row: Mapping[str, Any]) -> ImportRow:
    """Check one row, reporting every wrong field at once (columns named as in the file)."""
    unknown = sorted(set(row) - KNOWN_COLUMNS - {name for name in row if name in FIELDS_BY_NAME})
    errors: dict[str, Message] = {
        name: Message(N_("There is no field called %(name)s."), {"name": name}) for name in unknown
    }
    raw_values, raw_visibility, language_code = _grouped({k: v for k, v in row.items() if k})
    values: Values = {}
    visibility: dict[str, Visibility] = {}
    try:
        values = parse_values(raw_values)
    except ValidationError as error:
        errors.update(error.errors)
    try:
        visibility = parse_visibility(raw_visibility)
    except ValidationError as error:
        errors.update({f"{VISIBILITY_PREFIX}{k}": m for k, m in error.errors.items()})
    source_id = str(raw_values.get("source_id") or "").strip()
    if not source_id and "source_id" not in errors:
        errors["source_id"] = Message(
            N_("Give every row your own identifier (source_id); re-imports find the record by it.")
        )
    languages = {language.value: language for language in LANGUAGES}
    written = list(
        (raw_values.get("name") or {}) if isinstance(raw_values.get("name"), dict) else {}
    )
    if not language_code and len(written) == 1:
        language_code = written[0]  # a name in one language only: that is the record's language
    if language_code not in languages:
        errors["default_language"] = Message(N_("Give the record's language: fr, nl, de or en."))
    if errors:
        raise ValidationError(errors)
    return ImportRow(line, source_id, values, visibility, languages[language_code], frozenset(row))


Rows = Iterator[tuple[int, Mapping[str, Any] | ValidationError]]


def _too_many_rows() -> ValidationError:
    return ValidationError.single(
        "file", N_("The file has more than %(limit)s rows; split it."), limit=MAX_ROWS
    )


def _check_header(header: list[str]) -> list[str]:
    header = [str(name or "").strip() for name in header]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise ValidationError.single(
            "file", N_("The file has more than %(limit)s columns."), limit=MAX_COLUMNS
        )
    if "source_id" not in header:
        raise ValidationError.single(
            "file", N_("The file lacks the columns: %(columns)s."), columns="source_id"
        )
    unknown = sorted({name for name in header if name} - KNOWN_COLUMNS - set(FIELDS_BY_NAME))
    if unknown:
        raise ValidationError.single(
            "file",
            N_("The file has unknown columns: %(columns)s."),
            columns=", ".join(unknown),
        )
    doubled = sorted({name for name in header if name and header.count(name) > 1})
    if doubled:
        raise ValidationError.single(
            "file", N_("These columns appear twice: %(columns)s."), columns=", ".join(doubled)
        )
    return header


def read_csv(text: str | bytes) -> Rows:
    """Each data line of a CSV file (comma, semicolon or tab separated) with its line number."""
    table = read_csv_table(text)
    header = _check_header(list(table.header))
    for count, row in enumerate(table.rows, start=1):
        if count > MAX_ROWS:
            raise _too_many_rows()
        if len(row.cells) > len(header):
            yield (
                row.line,
                ValidationError.single("file", N_("This line has too many cells.")),
            )
            continue
        yield (
            row.line,
            {name: cell for name, cell in zip(header, row.cells, strict=False) if name},
        )


def read_json(text: str) -> Rows:
    """A JSON list of objects, or {"systems": [...]}; list fields may be JSON lists."""
    document = read_json_document(text)
    if isinstance(document, Mapping):
        document = document.get("systems")
    if not isinstance(document, list):
        raise ValidationError.single(
            "file", N_("Give a list of systems, or an object with a list called systems.")
        )
    if len(document) > MAX_ROWS:
        raise _too_many_rows()
    for number, item in enumerate(document, start=1):
        if not isinstance(item, Mapping) or len(item) > MAX_COLUMNS:
            yield number, ValidationError.single("file", N_("Each system is a JSON object."))
            continue
        row: dict[str, Any] = {}
        for key, value in item.items():
            spec = FIELDS_BY_NAME.get(str(key))
            if spec is not None and spec.kind is Kind.I18N and isinstance(value, Mapping):
                row.update({f"{key}_{lang}": text for lang, text in value.items()})
            elif key == "visibility" and isinstance(value, Mapping):
                row.update({f"{VISIBILITY_PREFIX}{name}": v for name, v in value.items()})
            else:
                row[str(key)] = value
        yield number, row


def check_xlsx_archive(stream: IO[bytes]) -> None:
    """Refuse a zip bomb before any XML is parsed: too many members, too large, too compressed."""
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError.single("file", N_("This file is not an XLSX workbook.")) from None
    finally:
        stream.seek(0)
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if (
        len(members) > MAX_XLSX_MEMBERS
        or unpacked > MAX_XLSX_UNCOMPRESSED_BYTES
        or unpacked / packed > MAX_XLSX_RATIO
    ):
        raise ValidationError.single(
            "file", N_("This workbook unpacks to too much data to be read safely.")
        )
    if not any(member.filename == "xl/workbook.xml" for member in members):
        raise ValidationError.single("file", N_("This file is not an XLSX workbook."))


def read_xlsx(stream: IO[bytes]) -> Rows:
    """The first sheet of a workbook, read as a stream; a second row of hints is skipped."""
    from openpyxl import load_workbook

    check_xlsx_archive(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ValidationError.single("file", N_("This file is not an XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        header = _check_header([str(cell) if cell is not None else "" for cell in next(rows, ())])
        count = 0
        for number, cells in enumerate(rows, start=2):
            if not any(str(cell).strip() for cell in cells if cell is not None):
                continue
            if number == 2 and str(cells[0] or "").startswith("#"):
                continue  # the template's row of hints
            count += 1
            if count > MAX_ROWS:
                raise _too_many_rows()
            yield number, {name: cell for name, cell in zip(header, cells, strict=False) if name}
    finally:
        workbook.close()


def read_rows(data: IO[bytes], file_format: FileFormat) -> Rows:
    if file_format is FileFormat.XLSX:
        return read_xlsx(data)
    text = decode_text(data.read())
    return read_csv(text) if file_format is FileFormat.CSV else read_json(text)


def check_rows(
    rows: Rows, on_row: Callable[[int], None] | None = None
) -> tuple[list[ImportRow], dict[int, dict[str, Message]]]:
    """Every row checked: the good ones, and each bad line's errors per column."""
    good: list[ImportRow] = []
    problems: dict[int, dict[str, Message]] = {}
    seen: dict[str, int] = {}
    for done, (line, row) in enumerate(rows, start=1):
        if on_row is not None:
            on_row(done)
        try:
            if isinstance(row, ValidationError):
                raise row
            parsed = parse_row(line, row)
        except ValidationError as error:
            problems[line] = error.errors
            continue
        if parsed.source_id in seen:
            problems[line] = {
                "source_id": Message(
                    N_("Line %(line)s has the same identifier."), {"line": seen[parsed.source_id]}
                )
            }
            continue
        seen[parsed.source_id] = line
        good.append(parsed)
    return good, problems
