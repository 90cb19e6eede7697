"""The one count query of the fairness and representativeness audits, written once with Ibis.

Both audits need only a count table: one row per combination of the columns they name, with its
number of rows (and, when a score is named, its calibration bin and the sum of its scores). The
query is an Ibis expression over an unbound table carrying the source's schema; Ibis compiles it
to the SQL dialect of the engine that holds the data (DuckDB, PostgreSQL, Spark SQL) and that SQL
runs there, so only the count table comes back. The SHA-256 of the compiled SQL is the report's
query fingerprint. See docs/adr/0015-audits-where-the-data-lives.md.

Ibis is imported by the PostgreSQL and Spark sources when they count, never when `balise`
starts. Files keep DuckDB's hand-written query (duckdb_source.py): importing Ibis and compiling
cost more than the whole count of 100 M rows may take; a test holds both queries to the same
count tables.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Mapping, Sequence

import ibis  # type: ignore[import-untyped]
import ibis.expr.datatypes as dt  # type: ignore[import-untyped]
import ibis.expr.types as ir  # type: ignore[import-untyped]

from balise.adapters.analytics.counting import CountQuery
from balise.domain.audits.engine import MISSING_BIN, OUT_OF_RANGE_BIN

ROWS = "balise_rows"
SCORE_BIN = "balise_score_bin"
SCORE_SUM = "balise_score_sum"


def source_table(
    columns: Mapping[str, dt.DataType], name: str, *, database: str | None = None
) -> ir.Table:
    """The data as an unbound Ibis table: only the columns the query uses, with their types."""
    return ibis.table(ibis.schema(dict(columns)), name=name, database=database)


def fairness_counts(
    table: ir.Table,
    *,
    sensitive: Sequence[str],
    label: str,
    prediction: str,
    score: str | None = None,
    bins: int = 10,
) -> ir.Table:
    """Rows (sensitive values..., label, prediction[, score bin, score sum], count).

    Label and prediction come back as stored, so that the domain checks they are binary without a
    second pass. The score bin is MISSING_BIN for a missing score, OUT_OF_RANGE_BIN for one
    outside [0, 1], else floor(score × bins), the top bin closed.
    """
    keys = grouping_keys(table, (*sensitive, label, prediction))
    if score is None:
        return table.group_by(keys).aggregate(**{ROWS: table.count()})
    value = table[score].cast("float64")
    score_bin = ibis.cases(
        (value.isnull() | value.isnan(), MISSING_BIN),
        ((value < 0) | (value > 1), OUT_OF_RANGE_BIN),
        else_=ibis.least((value * bins).floor().cast("int32"), bins - 1),
    )
    return table.group_by([*keys, score_bin.name(SCORE_BIN)]).aggregate(
        **{SCORE_SUM: value.sum(), ROWS: table.count()}
    )


def category_counts(table: ir.Table, columns: Sequence[str]) -> ir.Table:
    """Rows (values..., count): the distribution of the data over the columns."""
    return table.group_by(grouping_keys(table, columns)).aggregate(**{ROWS: table.count()})


def grouping_keys(table: ir.Table, columns: Sequence[str]) -> list[ir.Value]:
    """The columns to group by, named by position: a column may be named twice (the label
    and a sensitive column) or be called like one of the counts."""
    return [table[column].name(f"balise_key_{i}") for i, column in enumerate(columns)]


def compile_query(expression: ir.Table, dialect: str) -> CountQuery:
    """The expression as SQL of one engine ("duckdb", "postgres", "pyspark")."""
    if dialect == "pyspark":
        with warnings.catch_warnings():  # PySpark's notice about pandas 3 concerns its UDFs
            warnings.filterwarnings("ignore", "PySpark does not yet", FutureWarning)
            importlib.import_module("ibis.backends.pyspark").Backend.register_options()
    return CountQuery(ibis.to_sql(expression, dialect=dialect), dialect)
