"""Bulk writes that cost the database's time only: one prepared statement, many rows of values
already in the form the driver sends (a bulk import's final write, which others wait for)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def _mark(connection: Connection, name: str, json_columns: Collection[str]) -> str:
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    if name in json_columns and connection.dialect.name == "postgresql":
        return f"{mark}::json"  # JSON given as text; SQLite keeps JSON as text anyway
    return mark


def _quoting(connection: Connection, table: sa.Table, columns: Sequence[str]) -> Any:
    """The dialect's quoting of names, once every name is checked to be a column of the table:
    the statements are built from the table's own names, and every value is bound."""
    unknown = set(columns) - set(table.c.keys())
    if unknown:
        raise ValueError(f"not columns of {table.name}: {sorted(unknown)}")
    return connection.dialect.identifier_preparer.quote


def insert_many(
    connection: Connection,
    table: sa.Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    json_columns: Collection[str] = (),
) -> None:
    """INSERT rows of values in the order of `columns`: one COPY on PostgreSQL (the fastest way
    in), one executemany on SQLite."""
    if not rows:
        return
    quote = _quoting(connection, table, columns)
    if connection.dialect.name == "postgresql":
        names = ", ".join(quote(name) for name in columns)
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        finally:
            cursor.close()
        return
    names = ", ".join(quote(name) for name in columns)
    marks = ", ".join(_mark(connection, name, json_columns) for name in columns)
    statement = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"  # noqa: S608
    connection.exec_driver_sql(statement, list(rows))


def update_many(
    connection: Connection,
    table: sa.Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    key: str = "id",
    json_columns: Collection[str] = (),
) -> None:
    """UPDATE by `key`: each row holds the values of `columns`, then the key, in one executemany."""
    if not rows:
        return
    quote = _quoting(connection, table, [*columns, key])
    sets = ", ".join(f"{quote(name)} = {_mark(connection, name, json_columns)}" for name in columns)
    where = f"{quote(key)} = {_mark(connection, key, ())}"
    statement = f"UPDATE {quote(table.name)} SET {sets} WHERE {where}"  # noqa: S608
    connection.exec_driver_sql(statement, list(rows))


def stored_time(connection: Connection, column: sa.Column[Any], at: datetime) -> Any:
    """A time as the column's type sends it to this database (once, for every row)."""
    processor = column.type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    return processor(at) if processor is not None else at


def new_ids(connection: Connection, table: sa.Table, count: int) -> list[int]:
    """Ids for `count` new rows of a table with an integer key, taken before inserting them:
    from its sequence on PostgreSQL (which never hands the same twice), after the highest on
    SQLite (whose writing transaction holds the database, so nobody takes them meanwhile)."""
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            sa.text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                "FROM generate_series(1, :count)"
            ),
            {"table": table.name, "count": count},
        )
        return [int(row[0]) for row in rows]
    highest = connection.execute(sa.select(sa.func.max(table.c.id))).scalar()
    start = int(highest or 0) + 1
    return list(range(start, start + count))
