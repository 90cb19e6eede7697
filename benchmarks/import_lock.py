"""How long a 10,000-row register import keeps other writers waiting.

    uv run python benchmarks/import_lock.py
    uv run python benchmarks/import_lock.py --backends sqlite --rows 2000

For each database (SQLite in a scratch file, PostgreSQL in a scratch database created and dropped
on the server given by `--postgres`) the script migrates an empty database, creates an
administrator and an organisation, and imports `--rows` records twice from the same kind of
inventory the web import reads: first all new (10,000 created), then every row changed (10,000
updated). Each import runs as the import job runs it: the rows checked, the plan made in a
reading transaction, then the final write.

While the final write runs, a probe on its own connection makes a small audited change (an
organisation created, its event appended to the audit log) every 20 ms and times each one. It
prints, per import: the planning time, the final write's time from its first statement to its
commit, and the probe's longest wait (how long the final write kept another writer out). The goal
of issue #16: another writer never waits more than a second.
"""

from __future__ import annotations

import argparse
import csv
import io
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from balise.adapters.db.engine import make_engine
from balise.bootstrap import Container
from balise.config import Settings
from balise.domain.accounts.model import Actor, Role, User
from balise.domain.organisations.model import Organisation, OrganisationKind, Sector, SizeClass
from balise.domain.register.rows import FileFormat
from balise.domain.shared.i18n import LocalizedText
from balise.services import accounts, organisations, register_import


def organisation(slug: str) -> Organisation:
    return Organisation(
        slug=slug,
        name=LocalizedText(fr=slug, nl=slug),
        kind=OrganisationKind.COMPANY,
        size_class=SizeClass.SMALL,
        sector=Sector.RESEARCH,
    )


def inventory(count: int, *, edition: int) -> bytes:
    """A CSV inventory of `count` complete records; another `edition` changes every row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "source_id",
            "default_language",
            "name_nl",
            "name_fr",
            "description_short_nl",
            "description_short_fr",
            "intended_purpose_nl",
            "intended_purpose_fr",
            "affected_groups_nl",
            "affected_groups_fr",
            "decision_type",
            "lifecycle_status",
            "contact_email",
            "human_intervention_nl",
            "human_intervention_fr",
            "oversight_mode",
            "objection_procedure_nl",
            "objection_procedure_fr",
            "explanation_channel",
            "tags",
        ]
    )
    for number in range(count):
        writer.writerow(
            [
                f"INV-{number:05d}",
                "nl",
                f"Dienst {number} versie {edition}",
                f"Service {number} version {edition}",
                "Het systeem rangschikt aanvragen volgens urgentie.",
                "Le système classe les demandes par urgence.",
                "Dossierbeheerders helpen de dringendste aanvragen eerst te behandelen.",
                "Aider les gestionnaires à traiter d'abord les demandes urgentes.",
                "Inwoners.",
                "Les habitants.",
                "decision_support",
                "in_use",
                "ai@example.be",
                "Een dossierbeheerder beslist altijd zelf.",
                "Un gestionnaire décide toujours lui-même.",
                "in_the_loop",
                "Bezwaar binnen dertig dagen.",
                "Recours dans les trente jours.",
                "https://example.be/uitleg",
                "dienst, test",
            ]
        )
    return buffer.getvalue().encode()


class Probe:
    """Small audited writes on their own engine, timed, while `active` is set."""

    def __init__(self, container: Container, actor: Actor) -> None:
        self.container = container
        self.actor = actor
        self.active = threading.Event()
        self.stopped = threading.Event()
        self.waits: list[float] = []
        self.failures = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.number = 0

    def _run(self) -> None:
        from balise.adapters.db.uow import SqlUnitOfWork

        engine = make_engine(self.container.settings.resolved_database_url)
        try:
            while not self.stopped.is_set():
                if not self.active.wait(0.05):
                    continue
                self.number += 1
                started = time.perf_counter()
                try:
                    with SqlUnitOfWork(engine, audit_keys=self.container.audit_log_keys) as uow:
                        organisations.create_organisation(
                            uow, actor=self.actor, organisation=organisation(f"p{self.number}")
                        )
                        uow.commit()
                    self.waits.append(time.perf_counter() - started)
                except sa.exc.OperationalError:
                    self.failures += 1
                time.sleep(0.02)
        finally:
            engine.dispose()


def run_import(container: Container, actor: Actor, data: bytes, probe: Probe) -> dict[str, Any]:
    rows = register_import.checked(register_import.read_file(io.BytesIO(data), FileFormat.CSV))
    started = time.perf_counter()
    with container.uow(read_only=True) as uow:
        plan = register_import.plan_import(uow, actor=actor, organisation_slug="alpha", rows=rows)
    planned = time.perf_counter()
    probe.waits.clear()
    probe.active.set()
    time.sleep(0.1)  # the probe is writing before the final write starts
    write_started = time.perf_counter()
    with register_import.collector_paused(), container.uow() as uow:
        report = register_import.apply_import(uow, actor=actor, plan=plan)
        uow.commit()
    written = time.perf_counter()
    time.sleep(0.1)
    probe.active.clear()
    return {
        "counts": report.counts,
        "plan_s": planned - started,
        "write_s": written - write_started,
        "probe_writes": len(probe.waits),
        "probe_max_wait_s": max(probe.waits, default=0.0),
        "probe_failures": probe.failures,
    }


def bench(url: str, data_dir: Path, rows: int) -> None:
    container = Container(Settings(data_dir=data_dir, database_url=url))
    container.migrate()
    with container.uow() as uow:
        admin = accounts.create_first_admin(
            uow,
            user=User(email="bench@example.be", display_name="Bench", role=Role.ADMIN),
            password=None,
            via="cli",
        )
        actor = Actor(user=admin)
        organisations.create_organisation(uow, actor=actor, organisation=organisation("alpha"))
        uow.commit()
    probe = Probe(container, actor)
    probe.thread.start()
    try:
        for edition, label in ((1, "created"), (2, "updated")):
            outcome = run_import(container, actor, inventory(rows, edition=edition), probe)
            print(
                f"  {label:8} {rows} rows: plan {outcome['plan_s']:.2f} s, final write "
                f"{outcome['write_s']:.2f} s; probe: {outcome['probe_writes']} writes, longest "
                f"wait {outcome['probe_max_wait_s']:.3f} s, failures {outcome['probe_failures']}"
            )
    finally:
        probe.stopped.set()
        probe.thread.join()
        container.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    arguments = parser.parse_args()
    for backend in arguments.backends.split(","):
        print(f"{backend}:")
        with tempfile.TemporaryDirectory() as scratch:
            if backend == "sqlite":
                bench(f"sqlite:///{scratch}/balise.sqlite3", Path(scratch), arguments.rows)
                continue
            name = f"balise_bench_{uuid.uuid4().hex[:10]}"
            admin = make_engine(f"{arguments.postgres}/postgres")
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
            try:
                bench(f"{arguments.postgres}/{name}", Path(scratch), arguments.rows)
            finally:
                with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                    c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
