"""A job as its progress page and the API show it."""

from __future__ import annotations

from typing import Any

from balise.domain.jobs.model import Job


def job_view(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status.value,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "result": job.result,
        "error": job.error,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
