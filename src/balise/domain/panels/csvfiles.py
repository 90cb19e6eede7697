"""Reading quotas and pools from CSV text, in the two formats in use.

Quotas:
- Sortition Foundation (sortition-algorithms, OpenDLP): `feature,value,min,max[,min_flex,max_flex]`.
- The Nature 2021 replication data: `category,feature,min,max`.

People:
- Sortition Foundation: an id column (`id`, `nationbuilder_id`, ... or named by `id_column`) and
  one column per category; every other column (names, e-mail, address) is contact data, kept apart.
- Replication data: one column per category and no id; the id is the row number, starting at 0.

Every error names the line (1 is the header) and the column.
"""

from __future__ import annotations

from collections.abc import Sequence

from balise.domain.panels.model import Person, Pool, Quota, Quotas
from balise.domain.shared.csvfiles import read_csv_table
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message

ID_COLUMNS = ("id", "person_id", "nationbuilder_id", "external_id", "pseudonym")


def _rows(text: str | bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header's cells, and each non-blank data row's line and cells, stripped."""
    table = read_csv_table(text)
    return [cell.strip() for cell in table.header], [
        (row.line, [cell.strip() for cell in row.cells]) for row in table.rows
    ]


def _where(line: int, column: str) -> str:
    return f"line {line}, column {column}"


def _quota_columns(header: list[str]) -> tuple[str, str]:
    """The names of the category and value columns, by the format the header shows."""
    if header[:2] == ["feature", "value"]:
        columns = ("feature", "value")
    elif header[:2] == ["category", "feature"]:
        columns = ("category", "feature")
    else:
        raise ValidationError.single(
            _where(1, header[0] if header else "-"),
            N_(
                "The header must start with feature,value,min,max (Sortition Foundation) "
                "or category,feature,min,max."
            ),
        )
    for needed in ("min", "max"):
        if needed not in header:
            raise ValidationError.single(
                _where(1, needed), N_("The column %(column)s is missing."), column=needed
            )
    return columns


def parse_quotas(text: str | bytes) -> Quotas:
    header_cells, rows = _rows(text)
    if not header_cells:
        raise ValidationError.single(_where(1, "-"), N_("The quota file is empty."))
    header = [cell.lower() for cell in header_cells]
    category_column, value_column = _quota_columns(header)
    errors: dict[str, Message] = {}
    quotas: list[Quota] = []
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        if len(row) != len(header):
            errors[_where(line, "-")] = Message(
                N_("Expected %(expected)s columns, found %(found)s."),
                {"expected": len(header), "found": len(row)},
            )
            continue
        cells = dict(zip(header, row, strict=True))
        key = (cells[category_column], cells[value_column])
        if key in seen:
            errors[_where(line, value_column)] = Message(
                N_("The quota for %(category)s = %(value)s appears more than once."),
                {"category": key[0], "value": key[1]},
            )
            continue
        seen.add(key)
        quota = _quota_row(line, cells, (category_column, value_column), errors)
        if quota is not None:
            quotas.append(quota)
    if errors:
        raise ValidationError(errors)
    if not quotas:
        raise ValidationError.single(_where(2, "-"), N_("The quota file has no quotas."))
    return Quotas(tuple(quotas))


def _quota_row(
    line: int, cells: dict[str, str], columns: tuple[str, str], errors: dict[str, Message]
) -> Quota | None:
    """One quota line, or None after recording what is wrong with it in `errors`."""
    before = len(errors)
    numbers: dict[str, int | None] = {}
    for column in ("min", "max", "min_flex", "max_flex"):
        raw = cells.get(column, "")
        numbers[column] = None
        if raw == "" and column.endswith("_flex"):
            continue
        try:
            numbers[column] = int(raw)
        except ValueError:
            errors[_where(line, column)] = Message(
                N_("%(value)s is not a whole number."), {"value": raw}
            )
            continue
        if int(raw) < 0:
            errors[_where(line, column)] = Message(N_("Must not be negative."))
    for column in columns:
        if not cells[column]:
            errors[_where(line, column)] = Message(N_("Must not be empty."))
    minimum, maximum = numbers["min"], numbers["max"]
    if len(errors) > before or minimum is None or maximum is None:
        return None
    if maximum < minimum:
        errors[_where(line, "max")] = Message(
            N_("The maximum %(max)s is below the minimum %(min)s."),
            {"max": maximum, "min": minimum},
        )
        return None
    return Quota(
        cells[columns[0]],
        cells[columns[1]],
        minimum,
        maximum,
        numbers["min_flex"],
        numbers["max_flex"],
    )


def _check_features(
    line: int,
    row: list[str],
    positions: list[tuple[str, int]],
    known: set[tuple[str, str]] | None,
    errors: dict[str, Message],
) -> None:
    for category, position in positions:
        if not row[position]:
            errors[_where(line, category)] = Message(N_("Must not be empty."))
        elif known is not None and (category, row[position]) not in known:
            errors[_where(line, category)] = Message(
                N_("The value %(value)s has no quota in category %(category)s."),
                {"value": row[position], "category": category},
            )


def parse_people(
    text: str | bytes,
    categories: Sequence[str],
    *,
    id_column: str | None = None,
    quotas: Quotas | None = None,
) -> Pool:
    """The pool: the columns in `categories` are features, the id column names each person.

    With `quotas`, every value must have a quota in its category.
    """
    known = None if quotas is None else {quota.key for quota in quotas.quotas}
    header, rows = _rows(text)
    if not header:
        raise ValidationError.single(_where(1, "-"), N_("The people file is empty."))
    missing = [category for category in categories if category not in header]
    if missing:
        raise ValidationError.single(
            _where(1, missing[0]),
            N_("The column %(column)s is missing (it has quotas)."),
            column=missing[0],
        )
    if id_column is None:
        id_column = next((column for column in header if column.lower() in ID_COLUMNS), None)
    elif id_column not in header:
        raise ValidationError.single(
            _where(1, id_column), N_("The column %(column)s is missing."), column=id_column
        )
    feature_positions = [(category, header.index(category)) for category in categories]
    contact_columns = [
        (column, position)
        for position, column in enumerate(header)
        if column not in categories and column != id_column
    ]
    id_position = header.index(id_column) if id_column is not None else None
    errors: dict[str, Message] = {}
    people: list[Person] = []
    contacts: dict[str, dict[str, str]] = {}
    seen: dict[str, int] = {}
    for number, (line, row) in enumerate(rows):
        if len(row) != len(header):
            errors[_where(line, "-")] = Message(
                N_("Expected %(expected)s columns, found %(found)s."),
                {"expected": len(header), "found": len(row)},
            )
            continue
        person_id = row[id_position] if id_position is not None else str(number)
        if not person_id:
            errors[_where(line, id_column or "id")] = Message(N_("Must not be empty."))
            continue
        if person_id in seen:
            errors[_where(line, id_column or "id")] = Message(
                N_("The id %(id)s is already used on line %(other)s."),
                {"id": person_id, "other": seen[person_id]},
            )
            continue
        seen[person_id] = line
        _check_features(line, row, feature_positions, known, errors)
        people.append(
            Person(person_id, {category: row[position] for category, position in feature_positions})
        )
        details = {column: row[position] for column, position in contact_columns if row[position]}
        if details:
            contacts[person_id] = details
    if errors:
        raise ValidationError(errors)
    return Pool(tuple(people), contacts)
