"""A job as its progress page and the API show it."""

from __future__ import annotations

from typing import Any

from balise.domain.jobs.model import Job, JobStatus
from balise.web.labels import label


def status_labels() -> dict[str, str]:
    """Each status's label in the reader's language, for the page and its progress bar."""
    return {status.value: label(status) for status in JobStatus}


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
