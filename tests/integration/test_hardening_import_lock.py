"""A bulk import blocks no other writer: it plans without a lock and writes in one short step.

Issue #16, item 1. The other writer runs on its own connection with a one-second lock timeout
(SQLite's busy timeout, PostgreSQL's lock_timeout), and the import pauses half-way through its
rows until that write is done, so the write happens during the import, never by chance.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from balise.adapters.db.engine import make_engine
from balise.adapters.db.uow import SqlUnitOfWork
from balise.bootstrap import Container
from balise.domain.organisations.model import Organisation, OrganisationKind, Sector, SizeClass
from balise.domain.register.rows import FileFormat, ImportRow
from balise.domain.shared.errors import Conflict
from balise.domain.shared.i18n import LocalizedText
from balise.services import organisations, register, register_import
from balise.services.audit_log import verify_audit_log
from balise.services.register import Draft
from import_support import csv_text, named
from register_support import actor_of, complete_values

ROWS = 10_000
WAIT = 600  # seconds; a bound on a hung thread, not a timing assertion


def impatient_engine(url: str) -> Engine:
    """An engine whose connections give up on a lock after one second."""
    engine = make_engine(url)

    @sa.event.listens_for(engine, "connect")
    def give_up_after_one_second(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA busy_timeout = 1000")
        else:
            cursor.execute("SET lock_timeout = '1s'")
            dbapi_connection.commit()
        cursor.close()

    return engine


def organisation(slug: str) -> Organisation:
    return Organisation(
        slug=slug,
        name=LocalizedText(fr=slug, nl=slug),
        kind=OrganisationKind.COMPANY,
        size_class=SizeClass.SMALL,
        sector=Sector.RESEARCH,
    )


def inventory(count: int) -> list[ImportRow]:
    rows = [named(f"INV-{n:05d}", f"Systeem {n}", f"Système {n}") for n in range(count)]
    data = csv_text(rows).encode()
    return register_import.checked(register_import.read_file(io.BytesIO(data), FileFormat.CSV))


class Writer:
    """Another writer on its own connection, which gives up on a lock after one second: when
    `go` is set it creates an organisation (an audited change, so it appends to the audit log)."""

    def __init__(self, container: Container, world: dict[str, Any], slug: str) -> None:
        self.container, self.world, self.slug = container, world, slug
        self.go, self.trying = threading.Event(), threading.Event()
        self.outcome: dict[str, Any] = {}
        self.thread = threading.Thread(target=self._write)

    def _write(self) -> None:
        if not self.go.wait(WAIT):
            return
        engine = impatient_engine(self.container.settings.resolved_database_url)
        try:
            self.trying.set()
            with SqlUnitOfWork(engine, audit_keys=self.container.audit_log_keys) as uow:
                organisations.create_organisation(
                    uow, actor=actor_of(self.world, "admin"), organisation=organisation(self.slug)
                )
                uow.commit()
            self.outcome["done"] = True
        except BaseException as error:  # noqa: BLE001 - reported by the test thread
            self.outcome["error"] = error
        finally:
            engine.dispose()


def when_the_import_writes(
    container: Container, importer: threading.Thread, table: str, writer: Writer
) -> None:
    """Start `writer` when the import's final write sends its first row to `table`, and let the
    import go on once the writer is on its way to the database (it then waits for the lock, if
    the import holds it)."""

    @sa.event.listens_for(container.engine, "before_cursor_execute")
    def on_statement(_c: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        ours = threading.current_thread() is importer
        if ours and statement.startswith(f"INSERT INTO {table} ") and not writer.go.is_set():
            writer.go.set()
            assert writer.trying.wait(WAIT)
            time.sleep(0.05)  # the writer's statement reaches the database meanwhile


def test_a_write_during_a_10000_row_import_succeeds(
    container: Container, world: dict[str, Any]
) -> None:
    """Writes while the import plans, when its final write starts, and when it appends its
    events to the audit log: each gets in within its one-second lock timeout."""
    rows = inventory(ROWS)
    halfway, written = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def pausing_half_way() -> Iterator[ImportRow]:
        for number, row in enumerate(rows):
            if number == ROWS // 2:
                halfway.set()
                assert written.wait(WAIT)
            yield row

    def run_import() -> None:
        """As the import job does: plan in a reading transaction, then one short write."""
        try:
            editor = actor_of(world, "editor")
            with container.uow(read_only=True) as uow:
                plan = register_import.plan_import(
                    uow, actor=editor, organisation_slug="alpha", rows=pausing_half_way()
                )
            with register_import.collector_paused(), container.uow() as uow:
                outcome["report"] = register_import.apply_import(uow, actor=editor, plan=plan)
                uow.commit()
        except BaseException as error:  # noqa: BLE001 - reported by the test thread below
            outcome["error"] = error
            halfway.set()

    importer = threading.Thread(target=run_import)
    on_records = Writer(container, world, "during-records")
    on_events = Writer(container, world, "during-events")
    when_the_import_writes(container, importer, "systems", on_records)
    when_the_import_writes(container, importer, "audit_events", on_events)
    on_records.thread.start()
    on_events.thread.start()
    importer.start()
    try:
        assert halfway.wait(WAIT)
        assert "error" not in outcome, outcome
        engine = impatient_engine(container.settings.resolved_database_url)
        try:
            with SqlUnitOfWork(engine, audit_keys=container.audit_log_keys) as uow:
                organisations.create_organisation(
                    uow, actor=actor_of(world, "admin"), organisation=organisation("during")
                )
                uow.commit()
        finally:
            engine.dispose()
    finally:
        written.set()
        importer.join(WAIT)
        for writer in (on_records, on_events):
            writer.go.set()
            writer.thread.join(WAIT)

    assert not importer.is_alive()
    assert "error" not in outcome, outcome
    assert on_records.outcome == {"done": True}, on_records.outcome
    assert on_events.outcome == {"done": True}, on_events.outcome
    assert outcome["report"].counts == {"created": ROWS, "updated": 0, "unchanged": 0}
    with container.uow(read_only=True) as uow:
        verification = verify_audit_log(uow)
        created = [event.event_type for event in uow.audit_log.latest(ROWS + 3)]
        alpha = world["organisations"]["alpha"].id
        imported = {record.source_id for record in uow.systems.list_for_organisation(alpha)}
    assert verification.ok, verification.broken
    assert created.count("system.created") == ROWS
    assert created.count("organisation.created") == 3  # the writes made during the import
    assert {f"INV-{n:05d}" for n in range(ROWS)} <= imported


def test_an_import_planned_before_another_change_writes_nothing(
    container: Container, world: dict[str, Any]
) -> None:
    editor = actor_of(world, "editor")
    alpha = world["organisations"]["alpha"].id
    with container.uow() as uow:
        register_import.import_systems(
            uow, actor=editor, organisation_slug="alpha", rows=inventory(2)
        )
        uow.commit()
    with container.uow(read_only=True) as uow:
        plan = register_import.plan_import(
            uow,
            actor=editor,
            organisation_slug="alpha",
            rows=[*inventory(3)[:1], *inventory(3)[2:]],
        )
        events_before = uow.audit_log.count()
        edited = uow.systems.find_by_source_id(alpha, "INV-00000")
    assert edited is not None
    with container.uow() as uow:  # someone edits the record meanwhile
        register.update_system(
            uow,
            actor=editor,
            slug=edited.slug,
            draft=Draft(
                values={**complete_values(), "source_id": "INV-00000"},
                visibility={},
                default_language="nl",
            ),
        )
        uow.commit()

    with container.uow() as uow, pytest.raises(Conflict):
        register_import.apply_import(uow, actor=editor, plan=plan)

    with container.uow(read_only=True) as uow:
        assert uow.audit_log.count() == events_before + 1  # only the editor's change
        assert uow.systems.find_by_source_id(alpha, "INV-00002") is None
