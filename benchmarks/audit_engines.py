"""Audits where the data lives: the count query in DuckDB, PostgreSQL and Spark, against pulling
the rows into pandas (what a user would otherwise do).

    uv run python benchmarks/audit_engines.py duckdb --rows 100000000 [--pandas-rows 10000000]
    uv run python benchmarks/audit_engines.py postgresql --rows 10000000 \
        --url postgresql://postgres@127.0.0.1:5432/postgres
    uv run python benchmarks/audit_engines.py spark --rows 100000000 [--pandas-rows 10000000]

Each measurement runs in its own process and reports wall time, CPU time (user and system, the
steadier figure on a loaded machine) and peak resident memory (ru_maxrss) of that process; for
Spark, that of the driver's Python process (the JVM's heap is capped by `--spark-memory`).
The data is the synthetic decision log of
`benchmarks/audit_fairness.py` (sex × region × age band, binary label and prediction):

- duckdb: a Parquet file; the whole audit (count query, SHA-256 of the file, every metric) with
  the hand-written `GROUP BY ALL` Balise runs for files, the same audit through the Ibis-compiled
  query (the query, and importing Ibis, are the only differences), and pandas reading the rows
  (`--pandas-rows` caps them when the whole file would not fit) and grouping.
- postgresql: a table created on the server with `generate_series` (no rows cross the network to
  build it); Balise counts in the server, pandas reads every row (`read_sql` through psycopg) and
  groups.
- spark: the Parquet file read by Spark in local mode; Balise counts in Spark, pandas receives
  every row through `toPandas()` (Arrow) and groups. `--pandas-rows` caps the rows pulled into
  pandas when the whole file would not fit in memory; the report says so.

Everything measured is end to end from the data: connecting, the count query, every metric and
1,000 bootstrap replicates for Balise; reading and one group-by for pandas.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SENSITIVE = ["sex", "region", "age_band"]
HERE = Path(__file__).resolve().parent


def audit(source: Any) -> float:
    from balise.services.audits_files import run_fairness_audit

    report = run_fairness_audit(
        source, file_name=source.name, label="label", prediction="prediction", sensitive=SENSITIVE
    )
    source.close()
    return float(report.disparities["demographic_parity_difference"] or 0.0)


def ibis_source(path: Path) -> Any:
    """The DuckDB source counting through the Ibis expression compiled for DuckDB (what
    PostgreSQL and Spark run), instead of its hand-written twin (same report)."""
    from balise.adapters.analytics.counting import CountingSource
    from balise.adapters.analytics.duckdb_source import DuckDBSource

    class IbisSource(DuckDBSource):
        def fairness_cells(self, **request: Any) -> list[tuple[Any, ...]]:
            return CountingSource.fairness_cells(self, **request)

    return IbisSource(path, memory_limit="1GB")


def pandas_from_parquet(path: Path, rows: int) -> Any:
    """The first `rows` rows of the file (all when 0) in a pandas frame, as a user would load
    them; read in batches so that a cap keeps only what it keeps."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    batches, taken = [], 0
    for read in pq.ParquetFile(path).iter_batches(batch_size=1_000_000):
        batch = read.slice(0, rows - taken) if rows and taken + read.num_rows > rows else read
        batches.append(batch)
        taken += batch.num_rows
        if rows and taken >= rows:
            break
    return pa.Table.from_batches(batches).to_pandas()


def pandas_disparity(frame: Any) -> float:
    selected = frame.groupby(SENSITIVE, observed=True)["prediction"].mean()
    return float(selected.max() - selected.min())


def spark_session(memory: str) -> Any:
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("balise-benchmark")
        .config("spark.driver.memory", memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def measure(task: str, arguments: argparse.Namespace) -> dict[str, Any]:
    """One measurement, in this (child) process."""
    start = time.perf_counter()
    if task == "balise-duckdb":
        from balise.adapters.analytics.duckdb_source import DuckDBSource

        value = audit(DuckDBSource(Path(arguments.data), memory_limit="1GB"))
    elif task == "ibis-duckdb":
        value = audit(ibis_source(Path(arguments.data)))
    elif task == "pandas-file":
        value = pandas_disparity(pandas_from_parquet(Path(arguments.data), arguments.pandas_rows))
    elif task == "balise-postgresql":
        from balise.adapters.analytics.postgres_source import PostgresSource

        value = audit(PostgresSource(arguments.url, arguments.table))
    elif task == "pandas-postgresql":
        import pandas as pd
        import psycopg

        with psycopg.connect(arguments.url) as database:
            frame = pd.read_sql(f"SELECT * FROM {arguments.table}", database)
        value = pandas_disparity(frame)
    elif task == "balise-spark":
        from balise.adapters.analytics.spark_source import SparkSource

        session = spark_session(arguments.spark_memory)
        start = time.perf_counter()  # the JVM's start-up is not the query's cost
        value = audit(SparkSource(arguments.data, session=session))
    elif task == "pandas-spark":
        session = spark_session(arguments.spark_memory)
        start = time.perf_counter()
        frame = session.read.parquet(arguments.data)
        if arguments.pandas_rows:
            frame = frame.limit(arguments.pandas_rows)
        value = pandas_disparity(frame.toPandas())
    else:
        raise SystemExit(f"unknown task {task}")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "task": task,
        "seconds": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024),
        "value": value,
    }


def child(task: str, arguments: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--task", task, *sys.argv[1:]]
    try:
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    except subprocess.CalledProcessError as error:
        return {"task": task, "failed": (error.stderr or "").strip().splitlines()[-1:]}
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def prepare(arguments: argparse.Namespace) -> None:
    if arguments.engine in {"duckdb", "spark"} and not Path(arguments.data).exists():
        sys.path.insert(0, str(HERE))
        from audit_fairness import generate

        generate(Path(arguments.data), arguments.rows)
    if arguments.engine == "postgresql":
        import psycopg

        with psycopg.connect(arguments.url, autocommit=True) as connection:
            present = connection.execute(
                "SELECT count(*) FROM pg_class WHERE oid = to_regclass(%s)", (arguments.table,)
            ).fetchone()
            if present and present[0] and not arguments.regenerate:
                return
            connection.execute(f"DROP TABLE IF EXISTS {arguments.table}")
            connection.execute(
                f"""
                CREATE UNLOGGED TABLE {arguments.table} AS
                SELECT sex, region, age_band, label,
                       (random() < 0.15 + 0.5 * label - CASE WHEN sex = 'F' THEN 0.05 ELSE 0 END)
                           ::int AS prediction
                FROM (
                    SELECT (ARRAY['F', 'M', 'X'])[1 + floor(random() * 2.02)::int] AS sex,
                           (ARRAY['Flemish Region', 'Walloon Region', 'Brussels-Capital Region'])
                               [1 + floor(random() * 3)::int] AS region,
                           (ARRAY['<18', '18-64', '65+'])[1 + floor(random() * 3)::int] AS age_band,
                           (random() < 0.4)::int AS label
                    FROM generate_series(1, {int(arguments.rows)})
                ) AS generated
                """
            )
            connection.execute(f"ANALYZE {arguments.table}")


TASKS = {
    "duckdb": ["balise-duckdb", "ibis-duckdb", "pandas-file"],
    "postgresql": ["balise-postgresql", "pandas-postgresql"],
    "spark": ["balise-spark", "pandas-spark"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("engine", choices=sorted(TASKS))
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--data", help="the Parquet file (generated when missing)")
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--table", default="balise_benchmark_decisions")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--spark-memory", default="2g")
    parser.add_argument("--pandas-rows", type=int, default=0)
    parser.add_argument("--task")
    arguments = parser.parse_args()
    arguments.data = arguments.data or f"/tmp/balise-benchmark-{arguments.rows}.parquet"
    if arguments.task:
        print(json.dumps(measure(arguments.task, arguments)))
        return
    prepare(arguments)
    results = [child(task, arguments) for task in TASKS[arguments.engine]]
    print(
        json.dumps(
            {
                "engine": arguments.engine,
                "rows": arguments.rows,
                "pandas_rows": arguments.pandas_rows or arguments.rows,
                "load_average": [round(x, 1) for x in os.getloadavg()],
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
