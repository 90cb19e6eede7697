"""Who is using the database: `balise serve` and `balise worker` hold a shared lock for as long
as they run; `balise restore` needs it exclusively and refuses while anybody else holds it.

SQLite: an advisory lock (flock) on a file beside the database (`balise.sqlite3.lock`); the
operating system releases it when a process ends, even killed. PostgreSQL: a session advisory
lock on a dedicated connection, shared by the servers and workers, taken exclusively by restore;
PostgreSQL releases it when the connection ends.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from balise.adapters.db.backup import database_url
from balise.adapters.db.engine import make_engine
from balise.domain.shared.errors import OperationFailed
from balise.domain.shared.i18n import N_, Message

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no lock, as before
    fcntl = None  # type: ignore[assignment]

ADVISORY_KEY = 0x42414C495345  # "BALISE": the key of the instance lock on PostgreSQL

IN_USE = Message(
    N_(
        "The database is in use by a running Balise server or worker. Stop every `balise "
        "serve` and `balise worker` (Ctrl-C, or `systemctl stop` for a service) and try again."
    )
)


class DatabaseInUse(OperationFailed):
    """Another process holds the database; nothing was changed."""


def lock_file(url: str) -> Path | None:
    """The lock file beside a SQLite database file; None for PostgreSQL or in memory."""
    parsed = database_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database).with_name(Path(parsed.database).name + ".lock")


@contextmanager
def _file_lock(path: Path, *, exclusive: bool) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            if exclusive:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseInUse(IN_USE) from None
        yield
    finally:
        os.close(descriptor)  # releases the lock


@contextmanager
def _advisory_lock(url: str, *, exclusive: bool) -> Iterator[None]:
    engine = make_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            function = "pg_try_advisory_lock" if exclusive else "pg_try_advisory_lock_shared"
            taken = connection.execute(
                sa.text(f"SELECT {function}(:key)"), {"key": ADVISORY_KEY}
            ).scalar_one()
            if not taken:
                raise DatabaseInUse(IN_USE)
            try:
                yield
            finally:
                release = "pg_advisory_unlock" if exclusive else "pg_advisory_unlock_shared"
                connection.execute(sa.text(f"SELECT {release}(:key)"), {"key": ADVISORY_KEY})
    finally:
        engine.dispose()


@contextmanager
def database_lock(url: str, *, exclusive: bool) -> Iterator[None]:
    """Hold the database, shared (a server, a worker) or alone (restore); DatabaseInUse when
    the other kind is held."""
    if database_url(url).get_backend_name() == "postgresql":
        with _advisory_lock(url, exclusive=exclusive):
            yield
        return
    path = lock_file(url)
    if path is None:
        yield
        return
    with _file_lock(path, exclusive=exclusive):
        yield
