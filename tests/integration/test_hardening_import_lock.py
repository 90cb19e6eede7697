"""A bulk import blocks no other writer: it plans without a lock and writes in one short step.

Issue #16, item 1. The other writer runs on its own connection with a one-second lock timeout
(SQLite's busy timeout, PostgreSQL's lock_timeout), and the import pauses half-way through its
rows until that write is done, so the write happens during the import, never by chance.
"""

from __future__ import annotations

import io
import threading
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


def test_a_write_during_a_10000_row_import_succeeds(
    container: Container, world: dict[str, Any]
) -> None:
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
            with container.uow() as uow:
                outcome["report"] = register_import.apply_import(uow, actor=editor, plan=plan)
                uow.commit()
        except BaseException as error:  # noqa: BLE001 - reported by the test thread below
            outcome["error"] = error
            halfway.set()

    importer = threading.Thread(target=run_import)
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

    assert not importer.is_alive()
    assert "error" not in outcome, outcome
    assert outcome["report"].counts == {"created": ROWS, "updated": 0, "unchanged": 0}
    with container.uow(read_only=True) as uow:
        verification = verify_audit_log(uow)
        created = [event.event_type for event in uow.audit_log.latest(ROWS + 1)]
    assert verification.ok, verification.broken
    assert created.count("system.created") == ROWS
    assert created.count("organisation.created") == 1  # the write made during the import


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
