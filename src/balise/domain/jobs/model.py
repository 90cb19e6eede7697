"""Long work that runs in the background and reports how far it got."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in {JobStatus.SUCCEEDED, JobStatus.FAILED}


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    status: JobStatus
    created_at: datetime
    created_by: int | None
    done: int = 0
    total: int | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    finished_at: datetime | None = None

    @property
    def percent(self) -> int | None:
        if self.status is JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
