"""The composition root: the only module that picks concrete adapters.

Entrypoints (the web, the CLI, the worker) reach adapters only through the `Container`. Adapters
are imported inside the methods that build them, so that a command that needs no database does
not pay for importing SQLAlchemy, Alembic, Huey, DuckDB or HiGHS (`balise --help` starts at once).
"""

from __future__ import annotations

import secrets
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from balise.domain.shared.clock import Clock, SystemClock

if TYPE_CHECKING:
    from huey.consumer import Consumer
    from sqlalchemy.engine import Engine

    from balise.adapters.analytics.duckdb_source import DuckDBSource
    from balise.adapters.auth.oidc import OidcClient
    from balise.adapters.db.backup import Backup
    from balise.adapters.db.uow import SqlUnitOfWork
    from balise.adapters.solvers.highs import HighsSolver
    from balise.adapters.storage.files import FileStorage
    from balise.config import Settings
    from balise.domain.audit_log.keys import Keyring
    from balise.domain.audits.connections import AuditConnection
    from balise.domain.audits.sources import SourceAddress
    from balise.domain.jobs.model import Job
    from balise.services.ports import AuditSource, JobQueue, Mailer, SecretBox
    from balise.worker import Housekeeper, Housekeeping


@dataclass
class Container:
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)

    @cached_property
    def engine(self) -> Engine:
        from balise.adapters.db.engine import make_engine

        if not self.settings.database_url:
            self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return make_engine(
            self.settings.resolved_database_url, connections=self.settings.database_connections
        )

    def uow(self, *, read_only: bool = False) -> SqlUnitOfWork:
        from balise.adapters.db.uow import SqlUnitOfWork

        return SqlUnitOfWork(
            self.engine, self.clock, read_only=read_only, audit_keys=self.audit_log_keys
        )

    @cached_property
    def storage(self) -> FileStorage:
        from balise.adapters.storage.files import FileStorage

        return FileStorage(self.settings.data_dir / "uploads")

    @cached_property
    def mailer(self) -> Mailer:
        """SMTP when `BALISE_SMTP_HOST` is set; otherwise e-mails are kept in memory, not sent."""
        from balise.adapters.mail.smtp import NullMailer, SmtpMailer

        settings = self.settings
        if not settings.smtp_host:
            return NullMailer()
        return SmtpMailer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.smtp_from,
            username=settings.smtp_username,
            password=settings.smtp_password,
            security=settings.smtp_security,
        )

    @cached_property
    def job_queue(self) -> JobQueue:
        """Where entrypoints hand a recorded job, once its transaction has committed (Huey)."""
        from balise.adapters.jobs.queue import HueyJobQueue, make_huey

        huey = make_huey(
            backend=self.settings.job_backend,
            data_dir=self.settings.data_dir,
            redis_url=self.settings.redis_url,
        )
        return HueyJobQueue(huey, self.run_job)

    def job_consumer(self, workers: int = 2) -> Consumer:
        """The consumer that runs queued jobs (in `balise serve` or `balise worker`)."""
        from balise.adapters.jobs.queue import HueyJobQueue

        queue = self.job_queue
        assert isinstance(queue, HueyJobQueue)
        return queue.consumer(workers=workers)

    def run_job(self, job_id: str) -> Job:
        from balise import worker

        return worker.run_job(
            job_id,
            new_uow=self.uow,
            storage=self.storage,
            solver=self.solver,
            audit_source=self.audit_source,
            heartbeat_every=self.settings.job_lease_seconds / 5,
        )

    def housekeeping(self) -> Housekeeping:
        """Fail the jobs whose worker died; delete abandoned uploads and orphaned files; sign a
        checkpoint of the audit log's head when one is due."""
        from balise import worker
        from balise.services.audit_log import take_checkpoint

        done = worker.housekeeping(
            new_uow=self.uow,
            storage=self.storage,
            lease=timedelta(seconds=self.settings.job_lease_seconds),
            retention=timedelta(hours=self.settings.upload_retention_hours),
        )
        with self.uow() as uow:
            every = timedelta(minutes=self.settings.audit_log_checkpoint_minutes)
            take_checkpoint(uow, unless_within=every)
            uow.commit()
        return done

    def housekeeper(self) -> Housekeeper:
        """The thread that runs `housekeeping` at start-up and every few minutes."""
        from balise import worker

        return worker.Housekeeper(
            self.housekeeping, interval=self.settings.job_reap_interval_seconds
        )

    def solver(self) -> HighsSolver:
        """A fresh HiGHS solver for one selection, feasibility check or relaxation."""
        from balise.adapters.solvers.highs import HighsSolver

        return HighsSolver()

    def audit_source(
        self, path: Path | AuditConnection, *, memory_limit: str | None = None
    ) -> AuditSource:
        """The analytical engine reading one decision log, within the configured memory; or
        the engine a registered connection names (its address unsealed here, errors without
        the password)."""
        limit = memory_limit or self.settings.audit_memory_limit
        if not isinstance(path, Path):
            return self.open_connection(path, memory_limit=limit)
        return open_audit_source(path, memory_limit=limit)

    def open_connection(
        self, connection: AuditConnection, *, memory_limit: str | None = None
    ) -> AuditSource:
        """The source behind a registered connection (PostgreSQL read-only, or Spark)."""
        from balise.domain.audits.connections import scrub
        from balise.domain.audits.errors import SourceError
        from balise.domain.audits.sources import SourceAddress

        secret = self.connection_box.unseal(connection.sealed)
        try:
            return open_source_at(
                SourceAddress.parse(secret),
                memory_limit=memory_limit or self.settings.audit_memory_limit,
            )
        except SourceError as error:
            raise SourceError(scrub(str(error), secret)) from None

    @cached_property
    def connection_box(self) -> SecretBox:
        """Seals the registered connections' addresses: the key from the key file, else
        `BALISE_CONNECTIONS_KEY`, else a key generated once into the data directory."""
        from balise.adapters.analytics.connection_secrets import FernetBox, new_key

        settings = self.settings
        if settings.connections_key_file:
            text = Path(settings.connections_key_file).read_text()
            return FernetBox([line for line in text.splitlines() if line.strip()])
        if settings.connections_key:
            return FernetBox([settings.connections_key])
        path = settings.data_dir / "connections_key"
        if not path.exists():
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(new_key())
        return FernetBox([path.read_text()])

    @cached_property
    def oidc_client(self) -> OidcClient | None:
        from balise.adapters.auth.oidc import OidcClient

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

    @cached_property
    def audit_log_keys(self) -> Keyring:
        """The audit log's keys: from the key file, else `BALISE_AUDIT_LOG_KEY` and the retired
        keys, else a key generated once into the data directory."""
        from balise.domain.audit_log.keys import Keyring

        settings = self.settings
        retired = [key for key in settings.audit_log_retired_keys.split(",") if key.strip()]
        if settings.audit_log_key_file:
            text = Path(settings.audit_log_key_file).read_text()
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            return Keyring.from_texts(lines[0] if lines else "", [*lines[1:], *retired])
        if settings.audit_log_key:
            return Keyring.from_texts(settings.audit_log_key, retired)
        path = settings.data_dir / "audit_log_key"
        if not path.exists():
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48))
        return Keyring.from_texts(path.read_text(), retired)

    def migrate(self, revision: str = "head") -> None:
        """Apply the migrations up to `revision`; alembic's CommandError when it refuses."""
        from balise.adapters.db.migrate import upgrade

        upgrade(self.engine, revision)

    def downgrade(self, revision: str) -> None:
        """Undo the migrations after `revision`; alembic's CommandError when it refuses."""
        from balise.adapters.db.migrate import downgrade

        downgrade(self.engine, revision)

    def schema_revisions(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The revisions the database is at, and the head revisions of the migrations."""
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        from balise.adapters.db.migrate import alembic_config

        with self.engine.connect().execution_options(read_only=True) as connection:
            current = tuple(MigrationContext.configure(connection).get_current_heads())
        heads = tuple(ScriptDirectory.from_config(alembic_config(self.engine)).get_heads())
        return current, heads

    def backup(self, destination: Path, *, overwrite: bool = False) -> Backup:
        """Copy the database to `destination` (SQLite online backup, or pg_dump)."""
        from balise.adapters.db.backup import backup_database

        return backup_database(
            self.settings.resolved_database_url, destination, overwrite=overwrite
        )

    def pg_restore_command(self, source: Path) -> str | None:
        """On PostgreSQL, the pg_restore command that restores `source`; None on SQLite."""
        from balise.adapters.db.backup import database_url, pg_restore_command

        url = self.settings.resolved_database_url
        if database_url(url).get_backend_name() != "postgresql":
            return None
        return pg_restore_command(url, source)

    def restore(self, source: Path) -> None:
        """Replace the SQLite database with the backup `source`, checked first; refused (an
        OperationFailed) while a server or worker holds the database."""
        from balise.adapters.db.backup import restore_sqlite

        with self.database_lock(exclusive=True):
            restore_sqlite(source, self.settings.resolved_database_url)

    def database_lock(self, *, exclusive: bool = False) -> AbstractContextManager[None]:
        """Held shared by `balise serve` and `balise worker` while they run, and exclusively by
        `balise restore`, which refuses (OperationFailed) while anyone else holds it."""
        from balise.adapters.db.instance_lock import database_lock

        return database_lock(self.settings.resolved_database_url, exclusive=exclusive)

    def dispose(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
        if "oidc_client" in self.__dict__ and self.oidc_client is not None:
            self.oidc_client.close()


def open_audit_source(path: Path, *, memory_limit: str) -> DuckDBSource:
    """The analytical engine reading one decision log, for `balise audit`, which needs neither
    the settings nor the database (so it does not pay for importing them)."""
    from balise.adapters.analytics.duckdb_source import DuckDBSource

    return DuckDBSource(path, memory_limit=memory_limit)


def open_source_at(address: SourceAddress, *, memory_limit: str) -> AuditSource:
    """The engine holding the data at `address` (a file: DuckDB; a table: PostgreSQL or Spark),
    where the audit's count query runs."""
    from balise.domain.audits.sources import SourceKind

    if address.kind is SourceKind.POSTGRESQL:
        from balise.adapters.analytics.postgres_source import PostgresSource

        return PostgresSource(address.url, address.target)
    if address.kind is SourceKind.SPARK:
        from balise.adapters.analytics.spark_source import SparkSource

        return SparkSource(address.target)
    return open_audit_source(Path(address.target), memory_limit=memory_limit)


def build(settings: Settings | None = None, **overrides: Any) -> Container:
    from balise.config import Settings

    return Container(settings or Settings(**overrides))
