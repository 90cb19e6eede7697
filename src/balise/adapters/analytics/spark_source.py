"""Counting a decision log where it lives, on Apache Spark.

The source is a table of the Spark catalog (`spark:schema.table`) or files Spark reads
(`spark:/data/decisions.parquet`, `spark:s3a://bucket/decisions/`: Parquet, ORC, JSON or CSV with
a header). The count query (Ibis, compiled to Spark SQL) runs on the cluster and only the count
table comes back to the driver. The session is the active one, or else a new one configured the
usual way (`spark-defaults.conf`, `SPARK_REMOTE` for Spark Connect); without any configuration it
is local.

PySpark is imported only here, when a Spark source is opened.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from balise.adapters.analytics.counting import CountingSource
from balise.domain.audits import errors

if TYPE_CHECKING:
    import ibis.expr.datatypes as dt  # type: ignore[import-untyped]
    import ibis.expr.types as ir  # type: ignore[import-untyped]
    from pyspark.sql import DataFrame, SparkSession

FORMATS = {".parquet": "parquet", ".pq": "parquet", ".orc": "orc", ".json": "json", ".csv": "csv"}
NUMERIC_TYPES = ("tinyint", "smallint", "int", "bigint", "float", "double", "decimal")


class SourceError(errors.SourceError):
    """The Spark table or files cannot be read."""


def spark_session() -> SparkSession:
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    return active or SparkSession.builder.appName("balise-audit").getOrCreate()


def file_format(target: str) -> str | None:
    """The format of the files at `target`, from its suffix; None for a table name."""
    if "/" not in target:
        return None
    stripped = target.rstrip("/")
    for suffix, name in FORMATS.items():
        if stripped.lower().endswith(suffix):
            return name
    return "parquet"  # a directory of files, as Spark writes them


class SparkSource(CountingSource):
    """A table or files that a Spark session reads."""

    engine = "spark"
    dialect = "pyspark"

    def __init__(self, target: str, *, session: SparkSession | None = None) -> None:
        super().__init__()
        self.target = target
        self.session = session or spark_session()
        self.view = f"balise_source_{secrets.token_hex(4)}"
        self.frame = self._open()
        self._types = {field.name: field.dataType.simpleString() for field in self.frame.schema}

    def _open(self) -> DataFrame:
        from pyspark.errors import PySparkException

        kind = file_format(self.target)
        try:
            if kind is None:
                return self.session.table(self.target)
            reader = self.session.read.format(kind)
            if kind == "csv":
                reader = reader.option("header", True).option("inferSchema", True)
            return reader.load(self.target)
        except PySparkException as error:
            raise SourceError(f"{self.target}: {first_line(error)}") from error

    @property
    def name(self) -> str:
        return self.target

    def column_types(self) -> dict[str, str]:
        return dict(self._types)

    def is_numeric(self, column: str) -> bool:
        return self._types[column].startswith(NUMERIC_TYPES)

    def ibis_types(
        self, columns: Sequence[str], *, as_text: Sequence[str]
    ) -> dict[str, dt.DataType]:
        import ibis.expr.datatypes as dt
        from ibis.backends.sql.datatypes import PySparkType  # type: ignore[import-untyped]

        def ibis_type(name: str) -> dt.DataType:
            try:
                return PySparkType.from_string(name)
            except Exception:  # noqa: BLE001 - a nested type: grouped as is, never computed on
                return dt.string

        return {column: ibis_type(self._types[column]) for column in columns}

    def table(self, columns: dict[str, dt.DataType]) -> ir.Table:
        from balise.adapters.analytics.count_query import source_table

        return source_table(columns, self.view)

    def run(self, sql: str, *, as_text: Sequence[str]) -> list[tuple[Any, ...]]:
        from pyspark.errors import PySparkException

        try:
            self.frame.createOrReplaceTempView(self.view)
            return [tuple(row) for row in self.session.sql(sql).collect()]
        except PySparkException as error:
            raise SourceError(f"{self.target}: {first_line(error)}") from error
        finally:
            self.session.catalog.dropTempView(self.view)

    def fingerprint(self) -> str:
        return ""  # the files stay on the cluster: the query's fingerprint identifies the audit

    def engine_versions(self) -> dict[str, str]:
        return {"spark": self.session.version}

    def close(self) -> None:
        """The session stays: it is shared, and stopping the JVM is the owner's choice."""


def first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
