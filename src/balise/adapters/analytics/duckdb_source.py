"""Counting a decision log with DuckDB: one streaming GROUP BY over a CSV or Parquet file.

DuckDB reads the file in parallel chunks and aggregates as it goes (spilling to disk when the
groups outgrow its memory limit), so files larger than memory work; what comes back is the count
table, a few rows per group.

The count query here is written by hand in DuckDB's SQL: it is the Ibis expression of
`count_query` (which PostgreSQL and Spark run), but importing Ibis and compiling would cost more
than counting 100 M rows of Parquet takes (docs/adr/0015-audits-where-the-data-lives.md). The
Ibis path stays available (`CountingSource.fairness_cells`), and a test holds both to the same
count tables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from balise.adapters.analytics.counting import CountingSource, CountQuery
from balise.domain.audits import errors
from balise.domain.audits.engine import MISSING_BIN, OUT_OF_RANGE_BIN

if TYPE_CHECKING:
    import ibis.expr.datatypes as dt  # type: ignore[import-untyped]
    import ibis.expr.types as ir  # type: ignore[import-untyped]

PARQUET_SUFFIXES = (".parquet", ".pq")
CSV_SUFFIXES = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz")
NUMERIC_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
)
VIEW = "balise_source"


class SourceError(errors.SourceError):
    """The file cannot be read as a table."""


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class DuckDBSource(CountingSource):
    """A decision log or dataset in a CSV or Parquet file, queried without loading it."""

    engine = "duckdb"
    dialect = "duckdb"

    def __init__(
        self,
        path: Path,
        *,
        memory_limit: str | None = "1GB",
        threads: int | None = None,
        temp_directory: Path | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        name = path.name.lower()
        if name.endswith(PARQUET_SUFFIXES):
            self.csv = False
        elif name.endswith(CSV_SUFFIXES):
            self.csv = True
        else:
            raise SourceError(f"{path.name}: expected a .csv or .parquet file")
        if not path.is_file():
            raise SourceError(f"{path}: no such file")
        config: dict[str, Any] = {"preserve_insertion_order": False}
        if memory_limit:
            config["memory_limit"] = memory_limit
        if threads:
            config["threads"] = threads
        if temp_directory:
            config["temp_directory"] = str(temp_directory)
        try:
            self.connection = duckdb.connect(":memory:", config=config)
        except duckdb.Error as error:
            raise SourceError(str(error).strip().splitlines()[0]) from error
        self.connection.execute("SET enable_progress_bar = false")  # stdout carries the report
        self._types: dict[str, str] | None = None

    @property
    def relation(self) -> str:
        return self.relation_reading_as_text(())

    def relation_reading_as_text(self, columns: Sequence[str]) -> str:
        """The file as a table; in a CSV file, `columns` are read as written (text).

        CSV type detection would otherwise turn a group "F" into false or a postal code "0100"
        into 100; booleans are never guessed, so true/false and T/F stay text as well.
        """
        path = literal(str(self.path))
        if not self.csv:
            return f"read_parquet({path})"
        options = "header = true, auto_type_candidates = ['BIGINT', 'DOUBLE', 'VARCHAR']"
        if columns:
            types = ", ".join(f"{literal(c)}: 'VARCHAR'" for c in columns)
            options += f", types = {{{types}}}"
        return f"read_csv({path}, {options})"

    def close(self) -> None:
        self.connection.close()

    def _query(self, sql: str) -> list[tuple[Any, ...]]:
        """Run SQL built here: identifiers through quote(), the path through literal()."""
        try:
            return self.connection.execute(sql).fetchall()
        except duckdb.Error as error:
            reason = str(error).strip().splitlines()[0]
            raise SourceError(f"{self.path.name}: {reason}") from error

    def column_types(self) -> dict[str, str]:
        """Column name → DuckDB type, read from the file's header (and a sample, for CSV)."""
        if self._types is None:
            rows = self._query(f"DESCRIBE SELECT * FROM {self.relation}")  # noqa: S608
            self._types = {str(row[0]): str(row[1]) for row in rows}
        return self._types

    def is_numeric(self, column: str) -> bool:
        return self.column_types()[column].startswith(NUMERIC_TYPES)

    def fairness_cells(
        self,
        *,
        sensitive: Sequence[str],
        label: str,
        prediction: str,
        score: str | None = None,
        bins: int = 10,
    ) -> list[tuple[Any, ...]]:
        """Rows (sensitive values..., label, prediction[, score bin, score sum], count), as
        `count_query.fairness_counts` defines them."""
        keys = [quote(c) for c in (*sensitive, label, prediction)]
        selected = list(keys)
        aggregates = ["count(*)"]
        if score is not None:
            value = f"CAST({quote(score)} AS DOUBLE)"
            selected.append(
                f"CASE WHEN {value} IS NULL OR isnan({value}) THEN {MISSING_BIN} "
                f"WHEN {value} < 0 OR {value} > 1 THEN {OUT_OF_RANGE_BIN} "
                f"ELSE least(CAST(floor({value} * {bins}) AS INTEGER), {bins - 1}) END"
            )
            aggregates.insert(0, f"sum({value})")
        columns = ", ".join([*selected, *aggregates])
        relation = self.relation_reading_as_text(sensitive)
        return self._count_by_hand(f"SELECT {columns} FROM {relation} GROUP BY ALL")  # noqa: S608

    def category_counts(self, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        """Rows (values..., count): the distribution of the data over the columns."""
        keys = ", ".join(quote(c) for c in columns)
        relation = self.relation_reading_as_text(columns)
        return self._count_by_hand(f"SELECT {keys}, count(*) FROM {relation} GROUP BY ALL")  # noqa: S608

    def versions(self) -> dict[str, str]:
        return self.engine_versions()  # the hand-written query: no Ibis involved

    def _count_by_hand(self, sql: str) -> list[tuple[Any, ...]]:
        self.query = CountQuery(sql, self.dialect)
        return self._query(sql)

    @property
    def name(self) -> str:
        return self.path.name

    def ibis_types(
        self, columns: Sequence[str], *, as_text: Sequence[str]
    ) -> dict[str, dt.DataType]:
        import ibis.expr.datatypes as dt
        from ibis.backends.sql.datatypes import DuckDBType  # type: ignore[import-untyped]

        types = self.column_types()
        return {
            column: dt.string
            if self.csv and column in as_text
            else DuckDBType.from_string(types[column])
            for column in columns
        }

    def table(self, columns: dict[str, dt.DataType]) -> ir.Table:
        from balise.adapters.analytics.count_query import source_table

        return source_table(columns, VIEW)

    def run(self, sql: str, *, as_text: Sequence[str]) -> list[tuple[Any, ...]]:
        """The compiled SQL, over a view of the file (CSV columns in `as_text` read as text)."""
        relation = self.relation_reading_as_text(as_text)
        self._query(f"CREATE OR REPLACE TEMP VIEW {VIEW} AS SELECT * FROM {relation}")  # noqa: S608
        return self._query(sql)

    def fingerprint(self) -> str:
        """SHA-256 of the file's bytes."""
        with self.path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()

    def engine_versions(self) -> dict[str, str]:
        return {"duckdb": duckdb.__version__}
