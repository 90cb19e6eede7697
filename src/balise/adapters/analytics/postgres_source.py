"""Counting a decision log where it lives, in a PostgreSQL table or view.

The connection is read-only; the count query (Ibis, compiled to PostgreSQL's dialect) runs on the
server and only the count table comes back. No row of the table ever reaches Balise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import psycopg

from balise.adapters.analytics.counting import CountingSource
from balise.domain.audits import errors

if TYPE_CHECKING:
    import ibis.expr.datatypes as dt  # type: ignore[import-untyped]
    import ibis.expr.types as ir  # type: ignore[import-untyped]

NUMERIC_TYPES = ("smallint", "integer", "bigint", "real", "double precision", "numeric")
COLUMNS_SQL = """
SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.oid = to_regclass(%s)
ORDER BY a.attnum
"""


class SourceError(errors.SourceError):
    """The table cannot be reached or read."""


class PostgresSource(CountingSource):
    """A table or view in an organisation's PostgreSQL database (`table` may name its schema)."""

    engine = "postgresql"
    dialect = "postgres"

    def __init__(self, url: str, table: str, *, timeout: int = 10) -> None:
        super().__init__()
        self.table_name = table
        try:
            self.connection = psycopg.connect(url, connect_timeout=timeout, autocommit=False)
            self.connection.read_only = True
            rows = self.connection.execute(COLUMNS_SQL, (table,)).fetchall()
        except psycopg.Error as error:
            raise SourceError(self._reason(error)) from error
        if not rows:
            self.close()
            raise SourceError(f"{table}: no such table or view")
        self.schema_name, self.relation_name = str(rows[0][0]), str(rows[0][1])
        self._types = {str(row[2]): str(row[3]) for row in rows}

    @staticmethod
    def _reason(error: psycopg.Error) -> str:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__

    @property
    def name(self) -> str:
        return f"{self.schema_name}.{self.relation_name}"

    def column_types(self) -> dict[str, str]:
        return dict(self._types)

    def is_numeric(self, column: str) -> bool:
        return self._types[column].startswith(NUMERIC_TYPES)

    def ibis_types(
        self, columns: Sequence[str], *, as_text: Sequence[str]
    ) -> dict[str, dt.DataType]:
        import ibis.expr.datatypes as dt
        from ibis.backends.sql.datatypes import PostgresType  # type: ignore[import-untyped]

        def ibis_type(name: str) -> dt.DataType:
            try:
                return PostgresType.from_string(name)
            except Exception:  # noqa: BLE001 - an enum, a domain...: grouped as is, never computed on
                return dt.string

        return {column: ibis_type(self._types[column]) for column in columns}

    def table(self, columns: dict[str, dt.DataType]) -> ir.Table:
        from balise.adapters.analytics.count_query import source_table

        return source_table(columns, self.relation_name, database=self.schema_name)

    def run(self, sql: str, *, as_text: Sequence[str]) -> list[tuple[Any, ...]]:
        try:
            return self.connection.execute(sql).fetchall()
        except psycopg.Error as error:
            raise SourceError(f"{self.name}: {self._reason(error)}") from error

    def fingerprint(self) -> str:
        return ""  # a table is not a file: the query's fingerprint identifies the audit

    def engine_versions(self) -> dict[str, str]:
        server = self.connection.info.server_version
        return {
            "postgresql": f"{server // 10000}.{server % 10000}",
            "psycopg": psycopg.__version__,
        }

    def close(self) -> None:
        self.connection.close()
