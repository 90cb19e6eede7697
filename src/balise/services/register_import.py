"""Bulk import of AI system records from an organisation's inventory (CSV, XLSX or JSON).

Rows are checked first, all of them, and reported per line and column. Only a file without any
error is written, in the caller's one transaction: each row creates a record or updates the
working copy of the record with the same `source_id` through the register's own use cases, so
the audit log and the rules are those of the editor's form. A dry run does the same work and the
caller does not commit it: the report says what would happen.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from balise.domain.accounts.model import Actor, Scope
from balise.domain.organisations.model import Organisation
from balise.domain.register.rows import (
    FileFormat,
    ImportRow,
    Rows,
    check_rows,
    column_hint,
    read_rows,
    template_columns,
)
from balise.domain.shared.cells import safe_row
from balise.domain.shared.errors import DomainError, NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services import permissions, register
from balise.services.organisations import ImportRejected
from balise.services.permissions import require, require_scope
from balise.services.ports import Storage, UnitOfWork

IMPORT_JOB = "systems.import"
Translate = Callable[[Message], str]


@dataclass(frozen=True)
class RowOutcome:
    line: int
    source_id: str
    action: str  # created, updated or unchanged
    slug: str


@dataclass(frozen=True)
class ImportReport:
    organisation: str
    dry_run: bool
    rows: list[RowOutcome] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows)
        return {action: counted.get(action, 0) for action in ("created", "updated", "unchanged")}

    def as_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "dry_run": self.dry_run,
            **self.counts,
            "rows": [
                {"line": r.line, "source_id": r.source_id, "action": r.action, "slug": r.slug}
                for r in self.rows
            ],
        }


def organisation_for_import(uow: UnitOfWork, actor: Actor, slug: str) -> Organisation:
    """The organisation whose records the actor may import: their own, or any for an admin."""
    organisation = uow.organisations.find_by_slug(slug.strip())
    if organisation is None or organisation.id is None:
        raise ValidationError.single("organisation", N_("There is no such organisation."))
    require_scope(actor, Scope.SYSTEMS_WRITE)
    require(permissions.can_edit_record(actor, organisation.id))
    return organisation


def organisations_for_import(uow: UnitOfWork, actor: Actor) -> list[Organisation]:
    return register.writable_organisations(uow, actor=actor)


def _draft(row: ImportRow, checked: tuple[str, ...]) -> register.Draft:
    return register.Draft(
        values=row.values,
        visibility={name: value.value for name, value in row.visibility.items()},
        default_language=row.default_language.value,
        checked_languages=checked,
    )


def _write(uow: UnitOfWork, actor: Actor, organisation: Organisation, row: ImportRow) -> RowOutcome:
    assert organisation.id is not None
    existing = uow.systems.find_by_source_id(organisation.id, row.source_id)
    if existing is None:
        created = register.create_system(
            uow, actor=actor, organisation_id=organisation.id, draft=_draft(row, ())
        )
        return RowOutcome(row.line, row.source_id, "created", created.slug)
    merged = row.merged_into(existing.values, existing.chosen_visibility)
    if (merged.values, merged.visibility, merged.default_language) == (
        existing.values,
        dict(existing.chosen_visibility),
        existing.default_language,
    ):
        return RowOutcome(row.line, row.source_id, "unchanged", existing.slug)
    languages = tuple(language.value for language in existing.checked_languages)
    updated = register.update_system(
        uow, actor=actor, slug=existing.slug, draft=_draft(merged, languages)
    )
    return RowOutcome(row.line, row.source_id, "updated", updated.slug)


def checked(rows: Rows, on_row: Callable[[int], None] | None = None) -> list[ImportRow]:
    """Every row checked; ImportRejected lists each wrong line's errors per column."""
    good, problems = check_rows(rows, on_row)
    if problems:
        raise ImportRejected(problems)
    return good


def import_systems(
    uow: UnitOfWork,
    *,
    actor: Actor,
    organisation_slug: str,
    rows: Iterable[ImportRow],
    dry_run: bool = False,
) -> ImportReport:
    """Create or update the organisation's records from checked rows, all or none.

    Raises ImportRejected with every refused line when the register refuses any row; the caller
    then rolls back. For a dry run the caller rolls back too, after reading the report.
    """
    organisation = organisation_for_import(uow, actor, organisation_slug)
    problems: dict[int, dict[str, Message]] = {}
    outcomes: list[RowOutcome] = []
    for row in rows:
        try:
            outcomes.append(_write(uow, actor, organisation, row))
        except ValidationError as error:
            problems[row.line] = error.errors
        except DomainError as error:
            problems[row.line] = {"source_id": error.message}
    if problems:
        raise ImportRejected(problems)
    return ImportReport(organisation.slug, dry_run, outcomes)


def read_file(data: IO[bytes], file_format: FileFormat) -> Rows:
    return read_rows(data, file_format)


def rows_of_upload(
    storage: Storage,
    key: str,
    file_format: FileFormat,
    *,
    report: Callable[[int, int | None], None],
) -> list[ImportRow]:
    """An uploaded inventory's rows, all checked (reporting progress); the upload is deleted."""
    try:
        with storage.path(key).open("rb") as stream:
            data = io.BytesIO(stream.read())
    finally:
        storage.delete(key)

    def progress(done: int) -> None:
        if done % 100 == 0:
            report(done, None)

    rows = checked(read_file(data, file_format), progress)
    report(len(rows), len(rows) + 1)
    return rows


def template_rows(translate: Translate) -> tuple[list[str], list[str]]:
    """The template's header and a row of hints in the reader's language."""
    columns = list(template_columns())
    hints = [translate(column_hint(column)) for column in columns]
    hints[0] = "# " + hints[0]
    return columns, hints


def template_xlsx(translate: Translate) -> bytes:
    """An XLSX template: the header row, and a row of hints that the import skips."""
    from openpyxl import Workbook

    columns, hints = template_rows(translate)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("systems")
    sheet.append(safe_row(columns))
    sheet.append(safe_row(hints))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def no_such_job() -> NotFound:
    return NotFound(Message(N_("There is no such job.")))
