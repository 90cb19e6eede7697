"""The job queue on Huey: an SQLite file by default, Redis in production."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from huey import Huey, RedisHuey, SqliteHuey
from huey.consumer import Consumer


def make_huey(*, backend: str, data_dir: Path, redis_url: str) -> Huey:
    if backend == "redis":
        return RedisHuey("balise", url=redis_url)
    if backend == "embedded":
        data_dir.mkdir(parents=True, exist_ok=True)
        return SqliteHuey("balise", filename=str(data_dir / "jobs.sqlite3"))
    raise ValueError(f"unknown job backend {backend!r}")


class HueyJobQueue:
    """Hands job ids to Huey; the task looks the job up and runs it."""

    def __init__(self, huey: Huey, run: Callable[[str], object]) -> None:
        self.huey = huey
        self._task = huey.task(name="balise.run_job")(run)

    def enqueue(self, job_id: str, kind: str) -> None:
        self._task(job_id)

    def consumer(self, workers: int = 2) -> Consumer:
        # SIGTERM (systemd, Kubernetes) lets running jobs finish, as SIGINT does.
        return self.huey.create_consumer(
            workers=workers, worker_type="thread", periodic=False, graceful_signal="TERM"
        )
