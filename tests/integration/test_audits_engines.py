"""Audits where the data lives: the same count query on DuckDB (a file), PostgreSQL (a table) and
Spark (a table, files), through `balise audit ... --source`; the reports agree to 1e-12 on the
Fairlearn-parity corpus, and only the count table leaves the engine."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg
import pytest
from psycopg import sql
from test_cli_audit_fairness import corpus, random_log, write
from typer.testing import CliRunner

from balise.adapters.analytics.counting import CountingSource
from balise.adapters.analytics.duckdb_source import DuckDBSource
from balise.cli.main import app

TOLERANCE = 1e-12
REFERENCE_LIKE = pd.DataFrame(
    {
        "region": ["Flemish Region", "Walloon Region", "Brussels-Capital Region", None] * 60,
        "sex": ["F", "M", "M", "F", "F", "M"] * 40,
    }
)


def audit(kind: str, source: str, *args: str, code: int = 0) -> Any:
    result = CliRunner().invoke(app, ["audit", kind, "--source", source, *args, "--format", "json"])
    assert result.exit_code == code, result.stderr
    return json.loads(result.stdout) if code == 0 else result.stderr


def assert_same(mine: Any, theirs: Any, path: str = "") -> None:
    """Equal documents, numbers to 1e-12 (the score sums are added up in another order)."""
    if isinstance(mine, dict):
        assert set(mine) == set(theirs), path
        for key in mine:
            assert_same(mine[key], theirs[key], f"{path}.{key}")
    elif isinstance(mine, list):
        assert len(mine) == len(theirs), path
        for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            assert_same(a, b, f"{path}[{index}]")
    elif isinstance(mine, float) and isinstance(theirs, float):
        assert math.isclose(mine, theirs, rel_tol=0, abs_tol=TOLERANCE), (path, mine, theirs)
    else:
        assert mine == theirs, path


def figures(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "data"}


@pytest.fixture
def warehouse(warehouse_url: str) -> Iterator[tuple[str, psycopg.Connection[Any]]]:
    with psycopg.connect(warehouse_url, autocommit=True) as connection:
        schema = f"audit_{uuid.uuid4().hex[:8]}"
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        yield schema, connection
        connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def load_table(
    connection: psycopg.Connection[Any], schema: str, name: str, frame: pd.DataFrame
) -> None:
    types = {
        column: "bigint"
        if pd.api.types.is_integer_dtype(dtype)
        else "double precision"
        if pd.api.types.is_float_dtype(dtype)
        else "text"
        for column, dtype in frame.dtypes.items()
    }
    table = sql.Identifier(schema, name)
    columns = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(str(c)), sql.SQL(t)) for c, t in types.items()
    )
    connection.execute(sql.SQL("CREATE TABLE {} ({})").format(table, columns))
    with connection.cursor().copy(sql.SQL("COPY {} FROM STDIN").format(table)) as copy:
        for row in frame.itertuples(index=False):
            copy.write_row([None if pd.isna(v) else v for v in row])


def fairness_arguments(sensitive: list[str], extra: list[str]) -> list[str]:
    return [
        "--label",
        "label",
        "--prediction",
        "prediction",
        "--sensitive",
        ",".join(sensitive),
        "--min-group-size",
        "1",
        "--bootstrap",
        "50",
        *extra,
    ]


@pytest.mark.parametrize("name", list(corpus()))
def test_the_fairlearn_corpus_gives_the_same_report_on_every_engine(
    name: str,
    tmp_path: Path,
    warehouse: tuple[str, psycopg.Connection[Any]],
    warehouse_url: str,
    spark: Any,
) -> None:
    frame, sensitive, _, extra = corpus()[name]
    arguments = fairness_arguments(sensitive, extra)
    parquet = write(frame, tmp_path, "parquet")
    on_file = audit("fairness", str(parquet), *arguments)
    schema, connection = warehouse
    load_table(connection, schema, "decisions", frame)
    on_postgres = audit("fairness", f"{warehouse_url}?table={schema}.decisions", *arguments)
    on_spark_files = audit("fairness", f"spark:{parquet}", *arguments)
    spark.read.parquet(str(parquet)).createOrReplaceTempView("decisions")
    on_spark_table = audit("fairness", "spark:decisions", *arguments)
    for document in (on_postgres, on_spark_files, on_spark_table):
        assert_same(figures(document), figures(on_file))
        assert document["data"]["rows"] == on_file["data"]["rows"] == len(frame)
    assert "ibis" not in on_file["data"]["versions"]
    assert "ibis" in on_postgres["data"]["versions"]
    assert [d["data"]["engine"] for d in (on_file, on_postgres, on_spark_table)] == [
        "duckdb",
        "postgresql",
        "spark",
    ]


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("name", list(corpus()))
def test_the_files_hand_written_query_is_the_ibis_expression(
    name: str, kind: str, tmp_path: Path
) -> None:
    """DuckDB counts files with a hand-written query (ADR 0015); it returns exactly what the
    Ibis expression, compiled for DuckDB, returns."""
    frame, sensitive, _, _ = corpus()[name]
    frame = frame.assign(score=(frame.index.to_series() % 11) / 10)
    source = DuckDBSource(write(frame, tmp_path, kind))
    request = {"sensitive": sensitive, "label": "label", "prediction": "prediction"}
    try:
        for scored in ({}, {"score": "score"}):
            by_hand = source.fairness_cells(**request, **scored)
            assert source.query is not None
            assert "GROUP BY ALL" in source.query.sql
            through_ibis = CountingSource.fairness_cells(source, **request, **scored)
            assert sorted(by_hand, key=repr) == sorted(through_ibis, key=repr)
        assert sorted(source.category_counts(sensitive), key=repr) == sorted(
            CountingSource.category_counts(source, sensitive), key=repr
        )
    finally:
        source.close()


def test_a_score_and_calibration_agree_across_engines(
    tmp_path: Path, warehouse: tuple[str, psycopg.Connection[Any]], warehouse_url: str, spark: Any
) -> None:
    frame = random_log(11, 2000)
    frame["score"] = (frame["label"] * 0.5 + frame.index.to_series() % 97 / 200).clip(upper=1.0)
    frame.loc[frame.index % 13 == 0, "score"] = 1.0  # the top bin is closed
    arguments = [*fairness_arguments(["sex", "region"], []), "--score", "score"]
    parquet = write(frame, tmp_path, "parquet")
    on_file = audit("fairness", str(parquet), *arguments)
    schema, connection = warehouse
    load_table(connection, schema, "scored", frame)
    on_postgres = audit("fairness", f"{warehouse_url}?table={schema}.scored", *arguments)
    on_spark = audit("fairness", f"spark:{parquet}", *arguments)
    assert on_file["overall"]["ece"] is not None
    for document in (on_postgres, on_spark):
        assert_same(figures(document), figures(on_file))


def test_representativeness_agrees_across_engines(
    tmp_path: Path, warehouse: tuple[str, psycopg.Connection[Any]], warehouse_url: str, spark: Any
) -> None:
    parquet = tmp_path / "people.parquet"
    REFERENCE_LIKE.to_parquet(parquet)
    arguments = ["--columns", "region,sex"]
    on_file = audit("representativeness", str(parquet), *arguments)
    schema, connection = warehouse
    load_table(connection, schema, "people", REFERENCE_LIKE)
    on_postgres = audit("representativeness", f"{warehouse_url}?table={schema}.people", *arguments)
    on_spark = audit("representativeness", f"spark:{parquet}", *arguments)
    for document in (on_postgres, on_spark):
        assert_same(figures(document), figures(on_file))
    assert on_postgres["data"]["count_rows"] == 8  # 4 regions (one missing) × 2 sexes


def test_the_report_records_the_engine_and_the_query_not_the_password(
    warehouse: tuple[str, psycopg.Connection[Any]], warehouse_url: str
) -> None:
    schema, connection = warehouse
    load_table(connection, schema, "log", random_log(12, 300))
    connection.execute("DROP ROLE IF EXISTS balise_auditor")
    connection.execute("CREATE ROLE balise_auditor LOGIN PASSWORD 'hunter2-secret'")
    connection.execute(
        sql.SQL("GRANT USAGE ON SCHEMA {} TO balise_auditor").format(sql.Identifier(schema))
    )
    connection.execute(
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO balise_auditor").format(
            sql.Identifier(schema)
        )
    )
    host_and_database = warehouse_url.split("@", 1)[1]
    url = f"postgresql://balise_auditor:hunter2-secret@{host_and_database}?table={schema}.log"
    try:
        document = audit("fairness", url, *fairness_arguments(["sex"], []))
        again = audit("fairness", url, *fairness_arguments(["sex"], []))
    finally:
        connection.execute(
            sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM balise_auditor").format(
                sql.Identifier(schema)
            )
        )
        connection.execute(
            sql.SQL("REVOKE ALL ON SCHEMA {} FROM balise_auditor").format(sql.Identifier(schema))
        )
        connection.execute("DROP ROLE balise_auditor")
    data = document["data"]
    assert data["engine"] == "postgresql"
    assert data["file"] == f"{schema}.log"
    assert "hunter2" not in json.dumps(document)
    assert data["source"].startswith("postgresql://balise_auditor@")
    assert len(data["query_sha256"]) == 64
    assert data["query_sha256"] == again["data"]["query_sha256"]
    assert data["sha256"] == ""
    assert 0 < data["count_rows"] <= 12  # three groups × label × prediction
    assert "postgresql" in data["versions"]


def test_text_output_says_only_the_counts_left(
    warehouse: tuple[str, psycopg.Connection[Any]], warehouse_url: str
) -> None:
    schema, connection = warehouse
    load_table(connection, schema, "log", random_log(13, 200))
    result = CliRunner().invoke(
        app,
        [
            "audit",
            "fairness",
            "--source",
            f"{warehouse_url}?table={schema}.log",
            *fairness_arguments(["sex"], []),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "Only the count table" in result.stdout
    assert "left postgresql" in result.stdout


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("postgresql://postgres@127.0.0.1:5432/postgres", "?table="),
        ("{warehouse}?table=public.nowhere", "no such table"),
        ("spark:", "spark:"),
        ("spark:no_such_table", "no_such_table"),
    ],
)
def test_unreachable_sources_exit_with_2(
    source: str, message: str, warehouse_url: str, spark: Any
) -> None:
    stderr = audit(
        "fairness",
        source.format(warehouse=warehouse_url),
        *fairness_arguments(["sex"], []),
        code=2,
    )
    assert message in stderr


def test_data_is_named_once(tmp_path: Path) -> None:
    parquet = write(random_log(14, 50), tmp_path, "parquet")
    both = CliRunner().invoke(
        app,
        [
            "audit",
            "fairness",
            str(parquet),
            "--source",
            str(parquet),
            *fairness_arguments(["sex"], []),
        ],
    )
    neither = CliRunner().invoke(app, ["audit", "fairness", *fairness_arguments(["sex"], [])])
    assert both.exit_code == neither.exit_code == 2
    assert "Name the data once" in both.stderr
