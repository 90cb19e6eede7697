"""The job worker: an entrypoint like the web and the CLI, it owns its transactions.

A job runs in short transactions: one to mark it running, one per progress report, the work
itself, one to store the outcome. A failure is kept on the job as data, never lost in a log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from balise.domain.accounts.model import Actor
from balise.domain.audits.errors import SourceError
from balise.domain.jobs.model import Job
from balise.domain.organisations.rows import organisation_from_row, read_csv_rows
from balise.domain.panels.solver import Solver
from balise.domain.register.rows import FileFormat
from balise.domain.shared.errors import DomainError, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services import audits, eco, jobs, observatory, panels, register_import
from balise.services.audit_log import verify_audit_log
from balise.services.audits_uploads import remove_abandoned_uploads, remove_orphaned_files
from balise.services.organisations import ImportRejected, import_organisations
from balise.services.permissions import DENIED
from balise.services.ports import AuditSource, Storage, UnitOfWork

UnitOfWorkFactory = Callable[..., UnitOfWork]
SolverFactory = Callable[[], Solver]
AuditSourceFactory = Callable[..., AuditSource]
"""`(path, *, memory_limit=None)`: the audit source reading one file, or the engine behind a
registered connection when given one (the container's)."""


DEFAULT_HEARTBEAT_SECONDS = 30.0
logger = logging.getLogger(__name__)


class Lease:
    """Renews a running job's lease from a thread, until the job ends."""

    def __init__(self, job_id: str, new_uow: UnitOfWorkFactory, *, every: float) -> None:
        self.job_id = job_id
        self.new_uow = new_uow
        self.every = every
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._renew, name=f"balise-lease-{job_id[:8]}", daemon=True
        )

    def _renew(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                with self.new_uow() as uow:
                    jobs.renew_lease(uow, self.job_id)
                    uow.commit()
            except Exception:  # a busy database: the next renewal tries again
                logger.warning("could not renew the lease of job %s", self.job_id, exc_info=True)

    def __enter__(self) -> Lease:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()


@dataclass(frozen=True)
class Housekeeping:
    """What one round of clean-up did."""

    failed_jobs: list[str]
    removed_uploads: list[str]
    removed_files: list[str]
    snapshot_taken: bool = False  # the observatory's snapshot of the day

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "failed_jobs": self.failed_jobs,
            "removed_uploads": self.removed_uploads,
            "removed_files": self.removed_files,
        }


def housekeeping(
    *, new_uow: UnitOfWorkFactory, storage: Storage, lease: timedelta, retention: timedelta
) -> Housekeeping:
    """Fail the jobs whose worker died, then delete abandoned chunked uploads and orphaned
    files; each step in its own short transaction."""
    with new_uow() as uow:
        failed = [job.id for job in jobs.reap_abandoned_jobs(uow, lease=lease)]
        uow.commit()
    with new_uow() as uow:
        uploads = remove_abandoned_uploads(uow, storage=storage, older_than=retention)
        uow.commit()
    with new_uow(read_only=True) as uow:
        files = remove_orphaned_files(uow, storage=storage, older_than=retention)
    with new_uow() as uow:
        snapshot = observatory.take_daily_snapshot(uow)
        uow.commit()
    return Housekeeping(failed, uploads, files, snapshot is not None)


class Housekeeper:
    """Runs `task` at once, then every `interval` seconds, in a thread, until stopped (inside
    `balise serve` and `balise worker`)."""

    def __init__(self, task: Callable[[], object], *, interval: float) -> None:
        self.task = task
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="balise-housekeeper", daemon=True)

    def _loop(self) -> None:
        while True:
            try:
                self.task()
            except Exception:  # the next round tries again
                logger.warning("housekeeping failed", exc_info=True)
            if self.stopped.wait(self.interval):
                return

    def __enter__(self) -> Housekeeper:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()


def message_json(message: Message) -> dict[str, Any]:
    return {"key": message.key, "params": dict(message.params)}


@dataclass
class JobContext:
    job_id: str
    actor: Actor
    params: dict[str, Any]
    new_uow: UnitOfWorkFactory
    storage: Storage
    solver: SolverFactory
    audit_source: AuditSourceFactory

    def report(self, done: int, total: int | None = None) -> None:
        with self.new_uow() as uow:
            jobs.report_progress(uow, self.job_id, done=done, total=total)
            uow.commit()


def import_organisations_job(context: JobContext) -> dict[str, Any]:
    """Validate every line first (reporting progress), then write all of them in one transaction."""
    path = context.storage.path(context.params["file"])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:  # the upload only sniffed the file's first 64 KiB
        raise ValidationError.single("file", N_("This file is not a UTF-8 CSV file.")) from error
    finally:
        context.storage.delete(context.params["file"])
    rows = list(read_csv_rows(text))
    total = len(rows) + 1
    problems: dict[int, dict[str, Message]] = {}
    for done, (line, row) in enumerate(rows, start=1):
        try:
            if isinstance(row, ValidationError):
                raise row
            organisation_from_row(row)
        except ValidationError as error:
            problems[line] = error.errors
        if done % 100 == 0:
            context.report(done, total)
    if problems:
        raise ImportRejected(problems)
    with context.new_uow() as uow:
        imported = import_organisations(uow, actor=context.actor, rows=rows)
        uow.commit()
    context.report(total, total)
    return {"imported": len(imported)}


def verify_audit_log_job(context: JobContext) -> dict[str, Any]:
    with context.new_uow(read_only=True) as uow:
        return verify_audit_log(uow, on_progress=context.report).as_dict()


def select_panel_job(context: JobContext) -> dict[str, Any]:
    """A panel's selection: read in one transaction, solved outside any, stored in another."""
    with context.new_uow(read_only=True) as uow:
        work = panels.selection_work(uow, actor=context.actor, panel_id=context.params["panel"])
    selection = panels.run_selection(work, solver=context.solver(), on_progress=context.report)
    with context.new_uow() as uow:
        panels.store_selection(
            uow,
            actor=context.actor,
            panel_id=context.params["panel"],
            selection=selection,
            pool_sha256=work.pool_sha256,
        )
        uow.commit()
    return {"panel": work.panel.slug}


def run_audit_job(context: JobContext) -> dict[str, Any]:
    """Count the uploaded file with DuckDB (one pass), then store the report."""
    with context.new_uow(read_only=True) as uow:
        work = audits.audit_work(uow, job_id=context.job_id)
    context.report(1, 3)
    try:
        source = context.audit_source(
            work.connection or context.storage.path(work.storage_key),
            memory_limit=context.params.get("memory_limit"),
        )
        try:
            document = audits.compute_audit(work, source, context.storage)
        finally:
            source.close()
    except SourceError as error:
        if work.connection is not None:  # the reason is told without the password
            raise ValidationError.single(
                "connection",
                N_("The data cannot be read where it lives: %(reason)s"),
                reason=str(error),
            ) from error
        raise ValidationError.single(
            "file", N_("The file cannot be read as a table: %(reason)s"), reason=str(error)
        ) from error
    context.report(2, 3)
    with context.new_uow() as uow:
        audits.store_audit_result(
            uow, actor=context.actor, report_id=work.report_id, document=document
        )
        uow.commit()
    context.report(3, 3)
    return {"audit": work.report_id}


def import_systems_job(context: JobContext) -> dict[str, Any]:
    """Check every row first (reporting progress), plan the import in a reading transaction,
    then write it all in one short transaction, so that other writers never wait for the import.

    A dry run stops after planning: the report says what would happen.
    """
    params = context.params
    rows = register_import.rows_of_upload(
        context.storage, params["file"], FileFormat(params["format"]), report=context.report
    )
    with context.new_uow(read_only=True) as uow:
        plan = register_import.plan_import(
            uow, actor=context.actor, organisation_slug=params["organisation"], rows=rows
        )
    result = plan.report(dry_run=True)
    if not params.get("dry_run"):
        with register_import.collector_paused(), context.new_uow() as uow:
            result = register_import.apply_import(uow, actor=context.actor, plan=plan)
            uow.commit()
    context.report(len(rows) + 1, len(rows) + 1)
    return result.as_dict()


def import_emissions_job(context: JobContext) -> dict[str, Any]:
    """Read a CodeCarbon emissions.csv (reporting progress, no transaction open), then replace
    the phase's figures in one short transaction: all or nothing."""
    params = context.params
    runs = eco.runs_of_upload(context.storage, params["file"], report=context.report)
    with context.new_uow() as uow:
        footprint = eco.store_imported_runs(
            uow,
            actor=context.actor,
            slug=params["system"],
            phase=params["phase"],
            decisions=params.get("decisions"),
            runs=runs,
        )
        uow.commit()
    context.report(len(runs) + 1, len(runs) + 1)
    return {
        "system": params["system"],
        "phase": params["phase"],
        "runs": len(runs),
        "label": footprint.label.to_json() if footprint.label is not None else None,
    }


def observatory_snapshot_job(context: JobContext) -> dict[str, Any]:
    """Compute every indicator for a day (today unless `as_of` is given) into the time series."""
    as_of = context.params.get("as_of")
    with context.new_uow() as uow:
        outcome = observatory.take_snapshot(
            uow, actor=context.actor, as_of=date.fromisoformat(as_of) if as_of else None
        )
        uow.commit()
    return outcome.as_dict()


HANDLERS: dict[str, Callable[[JobContext], dict[str, Any]]] = {
    audits.AUDIT_JOB: run_audit_job,
    "panels.select": select_panel_job,
    "organisations.import": import_organisations_job,
    register_import.IMPORT_JOB: import_systems_job,
    "audit_log.verify": verify_audit_log_job,
    observatory.SNAPSHOT_JOB: observatory_snapshot_job,
    eco.IMPORT_JOB: import_emissions_job,
}


def failure_of(error: DomainError) -> dict[str, Any]:
    if isinstance(error, ImportRejected):
        return {
            "message": message_json(error.message),
            "lines": {
                str(line): {field: message_json(message) for field, message in fields.items()}
                for line, fields in error.problems.items()
            },
        }
    if isinstance(error, ValidationError) and len(error.errors) > 1:
        # every problem at once (an emissions file's lines), each naming its line and column
        return {
            "message": message_json(error.message),
            "fields": {field: message_json(message) for field, message in error.errors.items()},
        }
    return {"message": message_json(error.message)}


def run_job(
    job_id: str,
    *,
    new_uow: UnitOfWorkFactory,
    storage: Storage,
    solver: SolverFactory,
    audit_source: AuditSourceFactory,
    heartbeat_every: float = DEFAULT_HEARTBEAT_SECONDS,
) -> Job:
    """Run one queued job to its end, with the adapters the composition root hands over.

    While it runs, a thread renews the job's lease every `heartbeat_every` seconds; a job whose
    lease lapses (the process was killed) is marked failed by `housekeeping`."""
    with new_uow() as uow:
        claimed = jobs.claim_job(uow, job_id)
        uow.commit()
    job, params, user = claimed.job, claimed.params, claimed.user
    context = JobContext(job_id, Actor(user=user), params, new_uow, storage, solver, audit_source)
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    try:
        with Lease(job_id, new_uow, every=heartbeat_every):
            if user is None or not user.active:
                raise DomainError(DENIED)
            result = HANDLERS[job.kind](context)
    except DomainError as failure:
        error = failure_of(failure)
    except Exception:  # noqa: BLE001 - a crash is reported on the job, not lost in a worker log
        error = {"message": message_json(Message(N_("The job failed unexpectedly.")))}
    with new_uow() as uow:
        finished = jobs.finish_job(uow, job_id, result=result, error=error)
        uow.commit()
    return finished
