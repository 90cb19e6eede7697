"""Background jobs: their state, progress and result."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.domain.jobs.model import Job, JobStatus


def _job_from_row(row: Row[Any]) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        status=JobStatus(row.status),
        created_at=row.created_at,
        created_by=row.created_by,
        done=row.done,
        total=row.total,
        result=row.result,
        error=row.error,
        finished_at=row.finished_at,
    )


class JobRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, job: Job, params: Mapping[str, Any]) -> None:
        self.connection.execute(
            t.jobs.insert().values(
                id=job.id,
                kind=job.kind,
                status=job.status.value,
                params=dict(params),
                created_at=job.created_at,
                created_by=job.created_by,
                done=job.done,
                total=job.total,
            )
        )

    def get(self, job_id: str) -> Job | None:
        row = self.connection.execute(sa.select(t.jobs).where(t.jobs.c.id == job_id)).first()
        return _job_from_row(row) if row else None

    def params(self, job_id: str) -> dict[str, Any]:
        params = self.connection.execute(
            sa.select(t.jobs.c.params).where(t.jobs.c.id == job_id)
        ).scalar_one()
        return dict(params)

    def update(
        self,
        job_id: str,
        *,
        status: JobStatus | None = None,
        done: int | None = None,
        total: int | None = None,
        result: Mapping[str, Any] | None = None,
        error: Mapping[str, Any] | None = None,
        finished_at: datetime | None = None,
        heartbeat_at: datetime | None = None,
    ) -> None:
        values: dict[str, Any] = {
            "heartbeat_at": heartbeat_at,
            "status": status.value if status else None,
            "done": done,
            "total": total,
            "result": dict(result) if result is not None else None,
            "error": dict(error) if error is not None else None,
            "finished_at": finished_at,
        }
        values = {key: value for key, value in values.items() if value is not None}
        if values:
            self.connection.execute(t.jobs.update().where(t.jobs.c.id == job_id).values(**values))

    def list_recent(self, *, created_by: int | None, limit: int = 20) -> list[Job]:
        query = sa.select(t.jobs).order_by(t.jobs.c.created_at.desc()).limit(limit)
        if created_by is not None:
            query = query.where(t.jobs.c.created_by == created_by)
        return [_job_from_row(row) for row in self.connection.execute(query)]

    def renew_lease(self, job_id: str, *, at: datetime) -> None:
        """The worker is still at it: push the running job's lease forward."""
        self.connection.execute(
            t.jobs.update()
            .where(t.jobs.c.id == job_id, t.jobs.c.status == JobStatus.RUNNING.value)
            .values(heartbeat_at=at)
        )

    def abandoned(self, *, lease_before: datetime) -> list[Job]:
        """Running jobs whose worker last reported before `lease_before` (rows from before
        leases existed count from their creation)."""
        last_seen = sa.func.coalesce(t.jobs.c.heartbeat_at, t.jobs.c.created_at)
        query = sa.select(t.jobs).where(
            t.jobs.c.status == JobStatus.RUNNING.value, last_seen < lease_before
        )
        return [_job_from_row(row) for row in self.connection.execute(query)]

    def files_in_use(self) -> set[str]:
        """The uploaded files that queued or running jobs still have to read."""
        query = sa.select(t.jobs.c.params).where(
            t.jobs.c.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value])
        )
        return {
            str(params["file"])
            for (params,) in self.connection.execute(query)
            if isinstance(params, dict) and params.get("file")
        }
