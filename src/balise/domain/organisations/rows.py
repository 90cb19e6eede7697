"""Organisations as flat rows of text, the shape of a spreadsheet or a CSV file."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum
from itertools import zip_longest
from typing import TypeVar

from balise.domain.organisations.model import (
    Contact,
    Level,
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
)
from balise.domain.shared.csvfiles import read_csv_table
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, LocalizedText, Message

COLUMNS: tuple[str, ...] = (
    "slug",
    *(f"name_{language.value}" for language in LANGUAGES),
    "kind",
    "level",
    "size_class",
    "sector",
    "enterprise_number",
    "contact_email",
    "contact_phone",
    "contact_website",
    "contact_address",
)


E = TypeVar("E", bound=StrEnum)


def _choice(enum: type[E], field: str, raw: str, errors: dict[str, Message]) -> E | None:
    try:
        return enum(raw.strip())
    except ValueError:
        errors[field] = Message(
            N_("Choose one of: %(choices)s."),
            {"choices": ", ".join(member.value for member in enum)},
        )
        return None


def organisation_from_row(row: Mapping[str, str]) -> Organisation:
    """Build an organisation from text fields, reporting every wrong field at once."""
    errors: dict[str, Message] = {}
    kind = _choice(OrganisationKind, "kind", row.get("kind", ""), errors)
    level = _choice(Level, "level", row["level"], errors) if row.get("level", "").strip() else None
    size_class = _choice(SizeClass, "size_class", row.get("size_class", ""), errors)
    sector = _choice(Sector, "sector", row.get("sector", ""), errors)
    organisation: Organisation | None = None
    try:
        organisation = Organisation(
            slug=row.get("slug", "").strip(),
            name=LocalizedText.from_mapping(
                {language.value: row.get(f"name_{language.value}") for language in LANGUAGES}
            ),
            kind=kind or OrganisationKind.COMPANY,
            level=level,
            size_class=size_class or SizeClass.MICRO,
            sector=sector or Sector.OTHER,
            enterprise_number=row.get("enterprise_number", "").strip() or None,
            contact=Contact(
                email=row.get("contact_email", "").strip(),
                phone=row.get("contact_phone", "").strip(),
                website=row.get("contact_website", "").strip(),
                address=row.get("contact_address", "").strip(),
            ),
        )
    except ValidationError as error:
        errors.update(error.errors)
    if errors or organisation is None:
        raise ValidationError(errors)
    return organisation


def read_csv_rows(text: str | bytes) -> Iterator[tuple[int, Mapping[str, str] | ValidationError]]:
    """Each data line of a CSV file with its line number, or the error that line has."""
    table = read_csv_table(text)
    header = set(table.header)
    missing = {"slug", "kind", "size_class", "sector"} - header
    if missing:
        raise ValidationError.single(
            "file",
            N_("The file lacks the columns: %(columns)s."),
            columns=", ".join(sorted(missing)),
        )
    unknown = header - set(COLUMNS)
    if unknown:
        raise ValidationError.single(
            "file",
            N_("The file has unknown columns: %(columns)s."),
            columns=", ".join(sorted(unknown)),
        )
    for row in table.rows:
        if len(row.cells) > len(table.header):
            yield (
                row.line,
                ValidationError.single("file", N_("This line has too many cells.")),
            )
        else:
            yield row.line, dict(zip_longest(table.header, row.cells, fillvalue=""))
