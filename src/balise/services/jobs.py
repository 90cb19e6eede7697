"""Use cases for background jobs: queue one, read its state; `balise.worker` runs them."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from balise.domain.accounts.model import Actor, Role, User
from balise.domain.jobs.model import Job, JobStatus
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services.permissions import require_role
from balise.services.ports import UnitOfWork

WHO_MAY_START: dict[str, tuple[Role, ...]] = {
    "organisations.import": (Role.ADMIN,),
    "audit_log.verify": (Role.ADMIN, Role.REGULATOR),
    "observatory.snapshot": (Role.ADMIN, Role.REGULATOR),
    "panels.select": (Role.ADMIN, Role.EDITOR, Role.REVIEWER),
    "systems.import": (Role.ADMIN, Role.EDITOR, Role.REVIEWER),
    "footprint.import": (Role.ADMIN, Role.EDITOR, Role.REVIEWER),
}


def start_job(uow: UnitOfWork, *, actor: Actor, kind: str, params: Mapping[str, Any]) -> Job:
    """Record a queued job; the caller hands it to the queue once this transaction commits."""
    if kind not in WHO_MAY_START:
        raise ValidationError.single("kind", N_("Unknown kind of job."))
    require_role(actor, *WHO_MAY_START[kind])
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


INTERRUPTED = Message(N_("The job was interrupted: the worker running it stopped. Start it again."))


def reap_abandoned_jobs(uow: UnitOfWork, *, lease: timedelta) -> list[Job]:
    """Mark failed, saying why, the running jobs whose worker stopped renewing their lease (it
    was killed, or its machine stopped); they would otherwise stay "running" for ever."""
    now = uow.clock.now()
    abandoned = uow.jobs.abandoned(lease_before=now - lease)
    for job in abandoned:
        uow.jobs.update(
            job.id,
            status=JobStatus.FAILED,
            error={"message": {"key": INTERRUPTED.key, "params": {}}},
            finished_at=now,
        )
    return abandoned


@dataclass(frozen=True)
class Claimed:
    """A queued job the worker has taken: its parameters and who started it."""

    job: Job
    params: dict[str, Any]
    user: User | None


def claim_job(uow: UnitOfWork, job_id: str) -> Claimed:
    """Mark a queued job running, for the worker that is about to run it."""
    job = uow.jobs.get(job_id)
    if job is None or job.status is not JobStatus.QUEUED:
        raise NotFound(Message(N_("There is no such job.")))
    params = uow.jobs.params(job_id)
    user = uow.users.get(job.created_by) if job.created_by is not None else None
    uow.jobs.update(job_id, status=JobStatus.RUNNING, heartbeat_at=uow.clock.now())
    return Claimed(job, params, user)


def renew_lease(uow: UnitOfWork, job_id: str) -> None:
    uow.jobs.renew_lease(job_id, at=uow.clock.now())


def report_progress(uow: UnitOfWork, job_id: str, *, done: int, total: int | None) -> None:
    uow.jobs.update(job_id, done=done, total=total, heartbeat_at=uow.clock.now())


def finish_job(
    uow: UnitOfWork,
    job_id: str,
    *,
    result: dict[str, Any] | None,
    error: dict[str, Any] | None,
) -> Job:
    """Record a job's outcome: failed when it carries an error, succeeded otherwise."""
    status = JobStatus.FAILED if error is not None else JobStatus.SUCCEEDED
    uow.jobs.update(job_id, status=status, result=result, error=error, finished_at=uow.clock.now())
    finished = uow.jobs.get(job_id)
    assert finished is not None
    return finished
