"""`balise restore` refuses while a server or a worker holds the database (issue 16, item 7)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from balise.adapters.db.instance_lock import ADVISORY_KEY, lock_file
from balise.bootstrap import Container
from balise.cli.testing import CommandLine, environment_for
from balise.domain.shared.errors import OperationFailed

DEADLINE_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def held(container: Container) -> bool:
    """Whether a server or a worker holds the database, seen without taking its lock: a probe
    taking it, even for an instant, makes a process starting at that instant refuse."""
    url = container.settings.resolved_database_url
    if container.engine.dialect.name == "postgresql":
        with container.engine.connect() as connection:
            holders = connection.execute(
                sa.text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND database = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database())"
                    " AND ((classid::bigint << 32) | objid::bigint) = :key"
                ),
                {"key": ADVISORY_KEY},
            ).scalar_one()
        return bool(holders)
    path = lock_file(url)
    assert path is not None
    if not path.exists():
        return False
    inode = f":{path.stat().st_ino} "
    locks = Path("/proc/locks").read_text().splitlines()
    return any("FLOCK" in line and inode in line for line in locks)


@contextmanager
def running(container: Container, *args: str) -> Iterator[subprocess.Popen[str]]:
    """`balise ARGS` in a real process, until it holds the database; stopped with Ctrl-C."""
    environment = (
        os.environ | environment_for(container.settings) | {"BALISE_JOB_BACKEND": "embedded"}
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "balise.cli", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not held(container):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"balise {args[0]} did not start: {process.communicate()[0]}")
            time.sleep(0.1)
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=DEADLINE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def wait_for_http(port: int) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the server did not answer")


@pytest.fixture
def backup_file(container: Container, balise: CommandLine, tmp_path: Path) -> Path:
    destination = tmp_path / (
        "backup.dump" if container.engine.dialect.name != "sqlite" else "backup.sqlite3"
    )
    if container.engine.dialect.name == "sqlite":
        assert balise("backup", str(destination)).exit_code == 0
    else:
        destination.write_bytes(b"PGDMP")  # never read: the restore is refused first
    return destination


def test_restore_refuses_while_a_server_runs(
    container: Container, balise: CommandLine, backup_file: Path
) -> None:
    port = free_port()
    with running(container, "serve", "--no-demo", "--port", str(port)):
        wait_for_http(port)
        refused = balise("restore", str(backup_file), "--yes")
        assert refused.exit_code == 1
        assert "in use by a running Balise server or worker" in refused.stderr
        assert "balise serve" in refused.stderr
    # Once the server stopped, the restore goes ahead (PostgreSQL: the pg_restore command).
    allowed = balise("restore", str(backup_file), "--yes")
    if container.engine.dialect.name == "sqlite":
        assert allowed.exit_code == 0, allowed.output
        assert "Restored the database" in allowed.stdout
    else:
        assert allowed.exit_code == 2
        assert "pg_restore" in allowed.stderr


def test_restore_refuses_while_a_worker_runs(
    container: Container, balise: CommandLine, backup_file: Path
) -> None:
    with running(container, "worker", "--workers", "1"):
        refused = balise("restore", str(backup_file), "--yes")
        assert refused.exit_code == 1
        assert "balise worker" in refused.stderr
    assert not held(container)


def test_a_server_does_not_start_during_a_restore(container: Container) -> None:
    with (
        container.database_lock(exclusive=True),
        pytest.raises(OperationFailed),
        container.database_lock(),
    ):
        pass
    with container.database_lock(), container.database_lock():
        assert held(container)  # servers and workers share it
    assert not held(container)
