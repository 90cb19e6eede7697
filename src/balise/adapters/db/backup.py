"""Copies of the database: SQLite's online backup API, PostgreSQL's pg_dump.

A copy is written to a temporary file beside its destination and moved into place only once it is
complete, so a destination never holds half a backup.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from balise.adapters.db.engine import normalise_url
from balise.domain.shared.errors import OperationFailed, ValidationError
from balise.domain.shared.i18n import N_, Message


class BackupFailed(OperationFailed):
    """The copy could not be made; the destination was left untouched."""


@dataclass(frozen=True)
class Backup:
    destination: Path
    engine: str
    size_bytes: int


def database_url(url: str) -> URL:
    return make_url(normalise_url(url))


def sqlite_path(url: URL) -> Path:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise ValidationError.single("database", N_("This works only on a SQLite database file."))
    return Path(url.database)


def backup_database(url: str, destination: Path, *, overwrite: bool = False) -> Backup:
    """Copy the live database at `url` to `destination`, refusing to replace a file by default."""
    parsed = database_url(url)
    if destination.exists() and not overwrite:
        raise ValidationError.single(
            "destination",
            N_("%(path)s exists already; choose another file or replace it on purpose (--force)."),
            path=str(destination),
        )
    if parsed.get_backend_name() == "postgresql":
        _write_atomically(destination, lambda temporary: _dump_postgresql(parsed, temporary))
    else:
        source = sqlite_path(parsed)
        _require_file(source)
        _write_atomically(destination, lambda temporary: copy_sqlite(source, temporary))
    return Backup(destination, parsed.get_backend_name(), destination.stat().st_size)


def restore_sqlite(source: Path, url: str) -> None:
    """Replace the SQLite database at `url` with the backup at `source`.

    Nothing may have the database open meanwhile: stop the server and the workers first. The old
    database's write-ahead log is removed so that it cannot be replayed onto the restored file.
    """
    database = sqlite_path(database_url(url))
    _require_file(source)
    with _temporary_beside(database) as temporary:
        copy_sqlite(source, temporary)
        for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)
        temporary.replace(database)


def pg_restore_command(url: str, source: Path) -> str:
    """The command that restores a pg_dump archive; the password is never shown."""
    target = database_url(url).set(drivername="postgresql", password=None)
    dbname = target.render_as_string(hide_password=False)
    return shlex.join(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--dbname", dbname, str(source)]
    )


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a database that may be in use, as one self-contained file, checked."""
    try:
        with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
            origin.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        raise BackupFailed(
            Message(
                N_("%(path)s is not a usable SQLite database: %(reason)s"),
                {"path": str(source), "reason": str(error)},
            )
        ) from error
    if problems != ["ok"]:
        raise BackupFailed(
            Message(
                N_("The copy failed its integrity check: %(reason)s"),
                {"reason": "; ".join(problems[:5])},
            )
        )


def _dump_postgresql(url: URL, target: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupFailed(
            Message(N_("pg_dump is not installed; install the PostgreSQL client tools."))
        )
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    dbname = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    finished = subprocess.run(  # noqa: S603 - a fixed program with arguments, no shell
        [pg_dump, "--format=custom", "--no-password", f"--file={target}", f"--dbname={dbname}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode != 0:
        raise BackupFailed(
            Message(N_("pg_dump failed: %(reason)s"), {"reason": finished.stderr.strip()})
        )


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise ValidationError.single(
            "path", N_("There is no database file at %(path)s."), path=str(path)
        )


def _write_atomically(destination: Path, write: Callable[[Path], None]) -> None:
    with _temporary_beside(destination) as temporary:
        write(temporary)
        temporary.replace(destination)


@contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A new empty file in `path`'s directory, removed unless it was moved into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)
