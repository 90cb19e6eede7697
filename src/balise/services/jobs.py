"""Background jobs: queued by a use case, run by a worker, reporting progress as they go."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from balise.domain.accounts.model import Actor, Role
from balise.domain.jobs.model import Job, JobStatus
from balise.domain.organisations.rows import COLUMNS, organisation_from_row
from balise.domain.shared.errors import DomainError, NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services.audit import verify_audit_log
from balise.services.organisations import ImportRejected, import_organisations
from balise.services.permissions import DENIED, require_role
from balise.services.ports import Storage, UnitOfWork

UnitOfWorkFactory = Callable[..., UnitOfWork]


def message_json(message: Message) -> dict[str, Any]:
    return {"key": message.key, "params": dict(message.params)}


def start_job(uow: UnitOfWork, *, actor: Actor, kind: str, params: Mapping[str, Any]) -> Job:
    """Record a queued job; the caller hands it to the queue once this transaction commits."""
    if kind not in HANDLERS:
        raise ValidationError.single("kind", N_("Unknown kind of job."))
    require_role(actor, *HANDLERS[kind].roles)
    job = Job(
        id=secrets.token_hex(16),
        kind=kind,
        status=JobStatus.QUEUED,
        created_at=uow.clock.now(),
        created_by=actor.user.id if actor.user else None,
    )
    uow.jobs.add(job, params)
    return job


def get_job(uow: UnitOfWork, *, actor: Actor, job_id: str) -> Job:
    job = uow.jobs.get(job_id)
    if job is None or actor.user is None:
        raise NotFound(Message(N_("There is no such job.")))
    if job.created_by != actor.user.id and actor.role is not Role.ADMIN:
        raise NotFound(Message(N_("There is no such job.")))
    return job


@dataclass
class JobContext:
    job_id: str
    actor: Actor
    params: dict[str, Any]
    new_uow: UnitOfWorkFactory
    storage: Storage

    def report(self, done: int, total: int | None = None) -> None:
        with self.new_uow() as uow:
            uow.jobs.update(self.job_id, done=done, total=total)
            uow.commit()


@dataclass(frozen=True)
class Handler:
    run: Callable[[JobContext], dict[str, Any]]
    roles: tuple[Role, ...]


def run_job(job_id: str, *, new_uow: UnitOfWorkFactory, storage: Storage) -> Job:
    """Run one queued job to its end, keeping its failure as data rather than raising it."""
    with new_uow() as uow:
        job = uow.jobs.get(job_id)
        if job is None or job.status is not JobStatus.QUEUED:
            raise NotFound(Message(N_("There is no such job.")))
        params = uow.jobs.params(job_id)
        user = uow.users.get(job.created_by) if job.created_by is not None else None
        uow.jobs.update(job_id, status=JobStatus.RUNNING)
        uow.commit()
    context = JobContext(job_id, Actor(user=user), params, new_uow, storage)
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    try:
        if user is None or not user.active:
            raise DomainError(DENIED)
        result = HANDLERS[job.kind].run(context)
    except ImportRejected as rejected:
        error = {
            "message": message_json(rejected.message),
            "lines": {
                str(line): {field: message_json(message) for field, message in fields.items()}
                for line, fields in rejected.problems.items()
            },
        }
    except DomainError as failure:
        error = {"message": message_json(failure.message)}
    except Exception:  # noqa: BLE001 - a crash is reported on the job, not lost in a worker log
        error = {"message": message_json(Message(N_("The job failed unexpectedly.")))}
    with new_uow() as uow:
        status = JobStatus.FAILED if error is not None else JobStatus.SUCCEEDED
        uow.jobs.update(job_id, status=status, result=result, error=error,
                        finished_at=uow.clock.now())
        uow.commit()
        finished = uow.jobs.get(job_id)
    assert finished is not None
    return finished


def read_organisation_rows(text: str) -> Iterator[tuple[int, Mapping[str, str] | ValidationError]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"slug", "kind", "size_class", "sector"} - set(reader.fieldnames or ())
    if missing:
        raise ValidationError.single(
            "file", N_("The file lacks the columns: %(columns)s."), columns=", ".join(sorted(missing))
        )
    unknown = set(reader.fieldnames or ()) - set(COLUMNS)
    if unknown:
        raise ValidationError.single(
            "file", N_("The file has unknown columns: %(columns)s."), columns=", ".join(sorted(unknown))
        )
    for row in reader:
        if None in row:
            yield reader.line_num, ValidationError.single("file", N_("This line has too many cells."))
        else:
            yield reader.line_num, {key: value or "" for key, value in row.items()}


def _import_organisations(context: JobContext) -> dict[str, Any]:
    path = context.storage.path(context.params["file"])
    try:
        text = path.read_text(encoding="utf-8-sig")
    finally:
        context.storage.delete(context.params["file"])
    rows = list(read_organisation_rows(text))
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


def _verify_audit_log(context: JobContext) -> dict[str, Any]:
    with context.new_uow(read_only=True) as uow:
        verification = verify_audit_log(uow, on_progress=context.report)
    broken = verification.broken
    return {
        "ok": verification.ok,
        "checked": verification.checked,
        "head": verification.head,
        "broken": {"seq": broken.seq, "reason": broken.reason} if broken else None,
    }


HANDLERS: dict[str, Handler] = {
    "organisations.import": Handler(_import_organisations, (Role.ADMIN,)),
    "audit_log.verify": Handler(_verify_audit_log, (Role.ADMIN, Role.REGULATOR)),
}
