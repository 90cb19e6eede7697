"""Background jobs on the API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from balise.domain.jobs.model import JobStatus


class JobRead(BaseModel):
    id: str
    kind: str
    status: JobStatus
    done: int
    total: int | None
    percent: int | None
    result: dict[str, Any] | None
    error: dict[str, Any] | None
    created_at: str
    finished_at: str | None
