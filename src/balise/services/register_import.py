"""Bulk import of AI system records from an organisation's inventory (CSV, XLSX or JSON).

Rows are checked first, all of them, and reported per line and column. Then the import is
planned in a reading transaction: each row becomes the record to create, or the change to the
working copy with the same `source_id`, by the register's own rules (`register.new_system`,
`register.edited_system`), so the rules and audit events are those of the editor's form; the
plan also carries the rows to write and the events to append, already serialised. Only a plan
without any refused row is written, in one short final transaction: it checks that nothing changed
since planning, sends the records in one statement per table, and only then takes the audit log's
lock to append their events. All or nothing for the user, and other writers wait for that one
short write at most, never for the import. A dry run stops after planning: the report says what
would happen.
"""

from __future__ import annotations

import gc
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from balise.domain.accounts.model import Actor, Scope
from balise.domain.audit_log.chain import NewEvent, PreparedEvent, prepare
from balise.domain.organisations.model import Organisation
from balise.domain.register.model import SystemRecord
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
from balise.domain.shared.errors import Conflict, DomainError, NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services import permissions, register
from balise.services.audit_log import record_prepared_events
from balise.services.organisations import ImportRejected
from balise.services.permissions import require, require_scope
from balise.services.ports import Storage, UnitOfWork
from balise.services.register import snapshot

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


def checked(rows: Rows, on_row: Callable[[int], None] | None = None) -> list[ImportRow]:
    """Every row checked; ImportRejected lists each wrong line's errors per column."""
    good, problems = check_rows(rows, on_row)
    if problems:
        raise ImportRejected(problems)
    return good


@dataclass(frozen=True)
class PlannedRow:
    line: int
    source_id: str
    action: str  # created, updated or unchanged
    record: SystemRecord  # to create, as changed, or as it is
    before: SystemRecord | None = None  # an update's record as read when planning
    event: PreparedEvent | None = None  # what the audit log will say (a creation's, sans id)


@dataclass(frozen=True)
class ImportPlan:
    organisation: str
    organisation_id: int
    rows: list[PlannedRow]
    to_create: list[dict[str, Any]] = field(default_factory=list)  # rows prepared for the write
    to_update: list[dict[str, Any]] = field(default_factory=list)

    def report(self, *, dry_run: bool) -> ImportReport:
        outcomes = [
            RowOutcome(row.line, row.source_id, row.action, row.record.slug) for row in self.rows
        ]
        return ImportReport(self.organisation, dry_run, outcomes)


def _plan_row(
    uow: UnitOfWork,
    actor: Actor,
    organisation_id: int,
    row: ImportRow,
    existing: SystemRecord | None,
    reserved_slugs: set[str],
) -> PlannedRow:
    if existing is None:
        record = register.new_system(
            uow,
            actor=actor,
            organisation_id=organisation_id,
            draft=_draft(row, ()),
            reserved_slugs=reserved_slugs,
        )
        reserved_slugs.add(record.slug)
        event = prepare(NewEvent("system.created", "system", "", None, snapshot(record)))
        return PlannedRow(row.line, row.source_id, "created", record, event=event)
    merged = row.merged_into(existing.values, existing.chosen_visibility)
    if (merged.values, merged.visibility, merged.default_language) != (
        existing.values,
        dict(existing.chosen_visibility),
        existing.default_language,
    ):
        languages = tuple(language.value for language in existing.checked_languages)
        before, changed = register.edited_system(
            uow, actor=actor, slug=existing.slug, draft=_draft(merged, languages)
        )
        if changed is not None:
            event = prepare(
                NewEvent(
                    "system.updated", "system", str(before.id), snapshot(before), snapshot(changed)
                )
            )
            return PlannedRow(row.line, row.source_id, "updated", changed, before, event)
    return PlannedRow(row.line, row.source_id, "unchanged", existing, existing)


def plan_import(
    uow: UnitOfWork, *, actor: Actor, organisation_slug: str, rows: Iterable[ImportRow]
) -> ImportPlan:
    """What importing checked rows would do, by the register's rules; nothing is written, so a
    reading unit of work serves and holds no lock. The plan carries the rows and audit events
    ready to write, so that the final write only sends them.

    Raises ImportRejected with every refused line when the register refuses any row.
    """
    organisation = organisation_for_import(uow, actor, organisation_slug)
    assert organisation.id is not None
    existing = {
        record.source_id: record
        for record in uow.systems.list_for_organisation(organisation.id)
        if record.source_id is not None
    }
    reserved_slugs: set[str] = set()
    problems: dict[int, dict[str, Message]] = {}
    planned: list[PlannedRow] = []
    for row in rows:
        try:
            planned.append(
                _plan_row(
                    uow, actor, organisation.id, row, existing.get(row.source_id), reserved_slugs
                )
            )
        except ValidationError as error:
            problems[row.line] = error.errors
        except DomainError as error:
            problems[row.line] = {"source_id": error.message}
    if problems:
        raise ImportRejected(problems)
    return ImportPlan(
        organisation.slug,
        organisation.id,
        planned,
        uow.systems.prepared_rows([r.record for r in planned if r.action == "created"]),
        uow.systems.prepared_rows([r.record for r in planned if r.action == "updated"]),
    )


CHANGED_MEANWHILE = Message(
    N_(
        "Records of this organisation changed while the import was being prepared; "
        "nothing was imported. Start the import again."
    )
)


def _still_current(uow: UnitOfWork, plan: ImportPlan) -> bool:
    """Whether the records the plan read are as they were, and its new addresses still free
    (on PostgreSQL the organisation's records stay locked until the write commits)."""
    now = uow.systems.import_marks(plan.organisation_id)
    for row in plan.rows:
        seen = row.before.updated_at if row.before is not None else None
        if now.get(row.source_id) != seen:
            return False
    new_slugs = [row.record.slug for row in plan.rows if row.action == "created"]
    return not uow.systems.taken_slugs(new_slugs)


def apply_import(uow: UnitOfWork, *, actor: Actor, plan: ImportPlan) -> ImportReport:
    """Write a plan in the caller's transaction, in one short write: the records in bulk (rows
    prepared when planning), then their events in the rows' order. Only that last step takes
    the audit log's lock; the records of the organisation are checked (and, on PostgreSQL,
    locked) first.

    Raises Conflict when another change touched the organisation's records since planning; the
    caller rolls back and the import can simply be started again.
    """
    if not _still_current(uow, plan):
        raise Conflict(CHANGED_MEANWHILE)
    at = uow.clock.now()
    created = iter(uow.systems.insert_prepared(plan.to_create, at=at))
    uow.systems.update_prepared(plan.to_update, at=at)
    events: list[PreparedEvent] = []
    for row in plan.rows:
        if row.event is None:
            continue
        events.append(
            row.event.with_entity(str(next(created))) if row.action == "created" else row.event
        )
    record_prepared_events(uow, actor=actor, events=events)
    return plan.report(dry_run=False)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cycle collector around the final write's transaction (the caller opens
    it inside): with a large plan in memory, one full collection costs more than the write
    itself, while others wait. Reference counting still frees what the write lets go of."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_systems(
    uow: UnitOfWork,
    *,
    actor: Actor,
    organisation_slug: str,
    rows: Iterable[ImportRow],
    dry_run: bool = False,
) -> ImportReport:
    """Plan and write an import in the caller's one transaction, all or none (a dry run only
    plans). Entrypoints that run long imports plan in a reading unit of work first and apply in
    a short writing one instead (`plan_import`, `apply_import`), so as to block nobody.
    """
    plan = plan_import(uow, actor=actor, organisation_slug=organisation_slug, rows=rows)
    return plan.report(dry_run=True) if dry_run else apply_import(uow, actor=actor, plan=plan)


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
