"""The composition root: the only module that picks concrete adapters."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine

from balise import worker
from balise.adapters.auth.oidc import OidcClient
from balise.adapters.db.engine import make_engine
from balise.adapters.db.migrate import upgrade
from balise.adapters.db.uow import SqlUnitOfWork
from balise.adapters.jobs.queue import HueyJobQueue, make_huey
from balise.adapters.storage.files import FileStorage
from balise.config import Settings
from balise.domain.jobs.model import Job
from balise.domain.shared.clock import Clock, SystemClock

if TYPE_CHECKING:
    from balise.adapters.analytics.duckdb_source import DuckDBSource
    from balise.adapters.solvers.highs import HighsSolver


@dataclass
class Container:
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)

    @cached_property
    def engine(self) -> Engine:
        if not self.settings.database_url:
            self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return make_engine(self.settings.resolved_database_url)

    def uow(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, self.clock, read_only=read_only)

    @cached_property
    def storage(self) -> FileStorage:
        return FileStorage(self.settings.data_dir / "uploads")

    @cached_property
    def job_queue(self) -> HueyJobQueue:
        huey = make_huey(
            backend=self.settings.job_backend,
            data_dir=self.settings.data_dir,
            redis_url=self.settings.redis_url,
        )
        return HueyJobQueue(huey, self.run_job)

    def run_job(self, job_id: str) -> Job:
        return worker.run_job(job_id, new_uow=self.uow, storage=self.storage)

    def solver(self) -> HighsSolver:
        """A fresh HiGHS solver for one selection, feasibility check or relaxation."""
        from balise.adapters.solvers.highs import HighsSolver

        return HighsSolver()

    def audit_source(self, path: Path) -> DuckDBSource:
        """The analytical engine reading one decision log, within the configured memory."""
        from balise.adapters.analytics.duckdb_source import DuckDBSource

        return DuckDBSource(path, memory_limit=self.settings.audit_memory_limit)

    @cached_property
    def oidc_client(self) -> OidcClient | None:
        settings = self.settings
        if not settings.oidc_enabled:
            return None
        return OidcClient(
            issuer=settings.oidc_issuer,
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret,
            redirect_uri=settings.base_url.rstrip("/") + "/auth/oidc/callback",
        )

    @cached_property
    def secret_key(self) -> str:
        if self.settings.secret_key:
            return self.settings.secret_key
        path = self.settings.data_dir / "secret_key"
        if not path.exists():
            self.settings.data_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48))
        return path.read_text().strip()

    def migrate(self) -> None:
        upgrade(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
        if "oidc_client" in self.__dict__ and self.oidc_client is not None:
            self.oidc_client.close()


def build(settings: Settings | None = None, **overrides: Any) -> Container:
    return Container(settings or Settings(**overrides))
