"""The audits' count query, written once with Ibis: compiled for each engine, run on small
tables, fingerprinted; and the addresses of the data (`--source`)."""

from __future__ import annotations

import duckdb
import ibis.expr.datatypes as dt
import pytest

from balise.adapters.analytics.count_query import (
    category_counts,
    compile_query,
    fairness_counts,
    source_table,
)
from balise.domain.audits.engine import MISSING_BIN, OUT_OF_RANGE_BIN
from balise.domain.audits.sources import SourceAddress, SourceKind
from balise.domain.shared.errors import ValidationError

COLUMNS = {"sex": dt.string, "label": dt.int64, "prediction": dt.int64, "score": dt.float64}
ROWS = [
    ("F", 1, 1, 0.95),
    ("F", 1, 1, 0.91),
    ("F", 0, 1, 1.0),
    ("M", 0, 0, 0.05),
    ("M", 1, 0, None),
    ("M", 0, 0, 1.5),
    (None, 1, 1, 0.5),
]


def run_on_duckdb(sql: str) -> list[tuple[object, ...]]:
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE decisions (sex VARCHAR, label BIGINT, prediction BIGINT, score DOUBLE)"
    )
    connection.executemany("INSERT INTO decisions VALUES (?, ?, ?, ?)", ROWS)
    return sorted(connection.execute(sql).fetchall(), key=repr)


def test_the_fairness_counts_group_by_every_column_and_bin_the_score() -> None:
    table = source_table(COLUMNS, "decisions")
    expression = fairness_counts(
        table, sensitive=["sex"], label="label", prediction="prediction", score="score"
    )
    rows = run_on_duckdb(compile_query(expression, "duckdb").sql)
    assert ("F", 1, 1, 9, pytest.approx(1.86), 2) in rows
    assert ("F", 0, 1, 9, 1.0, 1) in rows  # a score of exactly 1 falls in the top bin
    assert ("M", 1, 0, MISSING_BIN, None, 1) in rows
    assert ("M", 0, 0, OUT_OF_RANGE_BIN, 1.5, 1) in rows
    assert (None, 1, 1, 5, 0.5, 1) in rows
    assert sum(row[-1] for row in rows) == len(ROWS)


def test_without_a_score_only_the_confusion_cells_are_counted() -> None:
    table = source_table(COLUMNS, "decisions")
    expression = fairness_counts(table, sensitive=["sex"], label="label", prediction="prediction")
    rows = run_on_duckdb(compile_query(expression, "duckdb").sql)
    assert ("F", 1, 1, 2) in rows
    assert all(len(row) == 4 for row in rows)


def test_a_column_named_twice_is_still_one_query() -> None:
    table = source_table(COLUMNS, "decisions")
    expression = fairness_counts(table, sensitive=["label"], label="label", prediction="prediction")
    rows = run_on_duckdb(compile_query(expression, "duckdb").sql)
    assert (1, 1, 1, 3) in rows


def test_category_counts() -> None:
    table = source_table(COLUMNS, "decisions")
    rows = run_on_duckdb(compile_query(category_counts(table, ["sex"]), "duckdb").sql)
    assert rows == sorted([("F", 3), ("M", 3), (None, 1)], key=repr)


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "pyspark"])
def test_one_expression_compiles_for_every_engine_with_a_stable_fingerprint(dialect: str) -> None:
    table = source_table(COLUMNS, "decisions", database="audits")
    expression = fairness_counts(
        table, sensitive=["sex"], label="label", prediction="prediction", score="score"
    )
    first, again = compile_query(expression, dialect), compile_query(expression, dialect)
    assert "GROUP BY" in first.sql.upper()
    assert "decisions" in first.sql
    assert first.sha256 == again.sha256
    assert len(first.sha256) == 64


def test_the_engines_receive_different_sql_for_the_same_expression() -> None:
    table = source_table(COLUMNS, "decisions")
    expression = fairness_counts(
        table, sensitive=["sex"], label="label", prediction="prediction", score="score"
    )
    fingerprints = {compile_query(expression, d).sha256 for d in ("duckdb", "postgres", "pyspark")}
    assert len(fingerprints) == 3


@pytest.mark.parametrize(
    ("text", "kind", "target", "redacted"),
    [
        ("decisions.parquet", SourceKind.FILE, "decisions.parquet", "decisions.parquet"),
        ("spark:warehouse.decisions", SourceKind.SPARK, "warehouse.decisions", None),
        ("spark:/data/log/", SourceKind.SPARK, "/data/log/", "spark:/data/log/"),
        (
            "postgresql://auditor:s3cret@db.example.be:5432/cpas?table=public.decisions",
            SourceKind.POSTGRESQL,
            "public.decisions",
            "postgresql://auditor@db.example.be:5432/cpas?table=public.decisions",
        ),
        (
            "postgres://db/cpas?sslmode=require&table=v_decisions&password=x",
            SourceKind.POSTGRESQL,
            "v_decisions",
            "postgresql://db/cpas?sslmode=require&table=v_decisions",
        ),
    ],
)
def test_addresses_are_parsed_and_shown_without_password(
    text: str, kind: SourceKind, target: str, redacted: str | None
) -> None:
    address = SourceAddress.parse(text)
    assert (address.kind, address.target) == (kind, target)
    assert address.redacted == (redacted or text)
    assert "s3cret" not in address.redacted


def test_the_password_stays_in_the_connection_url() -> None:
    address = SourceAddress.parse("postgresql://a:b@h/db?table=t&sslmode=require")
    assert address.url == "postgresql://a:b@h/db?sslmode=require"


@pytest.mark.parametrize(
    "text", ["", "postgresql://h/db", "postgresql://h/db?table=", "spark:", "postgresql://?table=t"]
)
def test_incomplete_addresses_name_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as raised:
        SourceAddress.parse(text)
    assert set(raised.value.errors) == {"source"}
