"""A real PostgreSQL table to audit where it lives, and the access matrix's connection."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, User
from balise.services import audit_connections

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
SECRET_PASSWORD = "Sup3r-s3cret-pw"
# 80 decisions: women selected 12 times in 40, men 24 times in 40.
ROWS = [
    (sex, 1 if i % 2 == 0 else 0, 1 if i < selected else 0)
    for sex, selected in (("F", 12), ("M", 24))
    for i in range(40)
]


@contextmanager
def decisions_table() -> Iterator[str]:
    """A table of decisions in the server's `postgres` database, dropped afterwards."""
    name = f"balise_connection_test_{secrets.token_hex(4)}"
    with psycopg.connect(SERVER, autocommit=True) as connection:
        connection.execute(f"CREATE TABLE {name} (sex text, label integer, decision integer)")
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {name} VALUES (%s, %s, %s)", ROWS)
    try:
        yield name
    finally:
        with psycopg.connect(SERVER, autocommit=True) as connection:
            connection.execute(f"DROP TABLE IF EXISTS {name}")


def postgres_form(table: str, **changes: str) -> dict[str, str]:
    return {
        "name": "Decision log",
        "engine": "postgresql",
        "host": "127.0.0.1",
        "port": "5432",
        "database": "postgres",
        "user": "postgres",
        "password": SECRET_PASSWORD,
        "table": table,
        **changes,
    }


def checked_connection(
    container: Container, actor: Actor, organisation_id: int, values: dict[str, str]
) -> int:
    """A connection made by `actor`, with the columns a test of the decisions table finds."""
    with container.uow() as uow:
        created = audit_connections.create_connection(
            uow,
            actor=actor,
            box=container.connection_box,
            organisation_id=organisation_id,
            values=values,
        )
        assert created.id is not None
        audit_connections.record_test(
            uow,
            actor=actor,
            connection_id=created.id,
            columns={"sex": "text", "label": "integer", "decision": "integer"},
        )
        uow.commit()
    return created.id


def make_matrix_connections(container: Container, world: dict[str, Any]) -> dict[str, str]:
    """Alpha's connection, made by its editor, with the columns a test would have found (it
    points at a table that does not exist: testing it fails, as the matrix expects)."""
    user: User = world["users"]["editor"]
    made = checked_connection(
        container,
        Actor(user=user),
        world["organisations"]["alpha"].id,
        postgres_form("balise_matrix_missing_table", name="Matrix"),
    )
    return {"connection_id": str(made)}
