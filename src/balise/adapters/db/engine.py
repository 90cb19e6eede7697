"""Engines for SQLite (the embedded default) and PostgreSQL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine


def normalise_url(url: str) -> str:
    """Let people write postgresql://… and get the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def make_engine(url: str, *, connections: int = 20) -> Engine:
    """An engine keeping `connections` open, and opening as many again while busier: a
    connection opened per request (SQLite re-reads its schema and starts with an empty page
    cache; PostgreSQL starts a process) cost a quarter of the portal's throughput under 20
    clients when only 10 were kept."""
    url = normalise_url(url)
    pool = {"pool_size": connections, "max_overflow": connections}
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, **pool
        )
        _configure_sqlite(engine)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, **pool)


def _configure_sqlite(engine: Engine) -> None:
    """WAL for concurrent readers, enforced foreign keys, and write-locking transactions.

    pysqlite's own transaction handling is switched off so that every transaction starts with
    BEGIN IMMEDIATE: two writers never both read the head of the audit chain. A connection marked
    `read_only` begins a deferred transaction instead, so long reads do not block writers.
    """

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get("read_only", False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
