"""Speed and memory of `balise audit fairness` against a plain pandas group-by and Fairlearn.

    uv run python benchmarks/audit_fairness.py --rows 10000000 [--engines balise,pandas,fairlearn]
    uv run python benchmarks/audit_fairness.py --rows 2000000 --format csv \
        --engines balise-command,fairlearn --min-ratio 50

Generates a synthetic decision log (sex × region × age band, binary label and prediction) as
Parquet with DuckDB, then runs each engine in its own process and reports wall time and peak
resident memory (ru_maxrss). Balise is timed end to end from the file (read, count, every metric,
1000 bootstrap replicates, SHA-256 of the file). pandas and Fairlearn are timed on the computation
only, on a DataFrame already in memory (loading it is not counted: a generous comparison); the
pandas baseline computes the same confusion counts with one group-by and derives the rates.

The `balise-command` engine is the whole `balise audit fairness FILE ... --format json` process,
as a user runs it: the interpreter starting, the command line's imports, reading the file, every
metric and the JSON report on standard output. It is timed from outside (median of `--repeat`
runs after a warm-up run that writes Python's bytecode cache, as the first run of an installed
command does). `--min-ratio R` exits with 1 when that whole command is less than R times faster
than Fairlearn's `MetricFrame` on the same rows, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

SENSITIVE = ["sex", "region", "age_band"]


def generate(path: Path, rows: int) -> None:
    duckdb.sql(
        f"""
        COPY (
            SELECT sex, region, age_band, label,
                   CAST(random() < 0.15 + 0.5 * label - IF(sex = 'F', 0.05, 0.0) AS INTEGER)
                       AS prediction,
                   least(1.0, 0.6 * label + 0.4 * random()) AS score
            FROM (
                SELECT ['F', 'M', 'X'][1 + CAST(floor(random() * 2.02) AS INTEGER)] AS sex,
                       ['Flemish Region', 'Walloon Region', 'Brussels-Capital Region'][
                           1 + CAST(floor(random() * 3) AS INTEGER)] AS region,
                       ['<18', '18-64', '65+'][1 + CAST(floor(random() * 3) AS INTEGER)]
                           AS age_band,
                       CAST(random() < 0.4 AS INTEGER) AS label
                FROM range({rows})
            )
        ) TO '{path}' ({"FORMAT csv, HEADER" if path.suffix == ".csv" else "FORMAT parquet"})
        """
    )


def run_balise(path: Path) -> dict[str, object]:
    from balise.adapters.analytics.duckdb_source import DuckDBSource
    from balise.services.audits import run_fairness_audit

    start = time.perf_counter()
    source = DuckDBSource(path, memory_limit="1GB")
    report = run_fairness_audit(
        source,
        file_name=path.name,
        label="label",
        prediction="prediction",
        sensitive=SENSITIVE,
    )
    source.close()
    elapsed = time.perf_counter() - start
    disparity = report.disparities["demographic_parity_difference"]
    return {"seconds": elapsed, "demographic_parity_difference": disparity}


def run_balise_command(path: Path, repeat: int, cache: Path) -> dict[str, object]:
    """The whole `balise audit fairness` process, timed from outside; the median of `repeat`."""
    script = Path(sys.executable).with_name("balise")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "balise.cli"]
    command += [
        "audit",
        "fairness",
        str(path),
        "--label",
        "label",
        "--prediction",
        "prediction",
        "--sensitive",
        ",".join(SENSITIVE),
        "--format",
        "json",
    ]
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("BALISE_") and key != "PYTHONDONTWRITEBYTECODE"
    }
    environment["PYTHONPYCACHEPREFIX"] = str(cache)
    environment["BALISE_DATA_DIR"] = str(cache / "data")
    seconds, cpu, peak = [], [], []
    output = b""
    for _ in range(repeat + 1):  # the first run writes the bytecode cache
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, env=environment)
        assert process.stdout is not None
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)  # this child's own resource usage
        seconds.append(time.perf_counter() - start)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"balise audit fairness exited with {process.returncode}")
        cpu.append(usage.ru_utime + usage.ru_stime)
        peak.append(usage.ru_maxrss / 1024)
    disparity = json.loads(output)["disparities"]["demographic_parity_difference"]
    return {
        "seconds": statistics.median(seconds[1:]),
        "runs": [round(value, 3) for value in seconds[1:]],
        "cpu_seconds": statistics.median(cpu[1:]),
        "demographic_parity_difference": disparity,
        "peak_rss_mib": max(peak[1:]),
    }


def load(path: Path) -> object:
    return duckdb.sql(f"SELECT * FROM '{path}'").df()


def run_pandas(path: Path) -> dict[str, object]:
    frame = load(path)
    start = time.perf_counter()
    cells = (
        frame.assign(  # type: ignore[attr-defined]
            tp=(frame["label"] == 1) & (frame["prediction"] == 1),  # type: ignore[index]
            fp=(frame["label"] == 0) & (frame["prediction"] == 1),  # type: ignore[index]
            fn=(frame["label"] == 1) & (frame["prediction"] == 0),  # type: ignore[index]
            tn=(frame["label"] == 0) & (frame["prediction"] == 0),  # type: ignore[index]
        )
        .groupby(SENSITIVE, observed=True)[["tp", "fp", "fn", "tn"]]
        .sum()
    )
    n = cells.sum(axis=1)
    selection = (cells["tp"] + cells["fp"]) / n
    _rates = {
        "tpr": cells["tp"] / (cells["tp"] + cells["fn"]),
        "fpr": cells["fp"] / (cells["fp"] + cells["tn"]),
        "precision": cells["tp"] / (cells["tp"] + cells["fp"]),
        "accuracy": (cells["tp"] + cells["tn"]) / n,
    }
    disparity = float(selection.max() - selection.min())
    return {"seconds": time.perf_counter() - start, "demographic_parity_difference": disparity}


def run_fairlearn(path: Path) -> dict[str, object]:
    import sklearn.metrics as skm
    from fairlearn.metrics import (
        MetricFrame,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )

    frame = load(path)
    start = time.perf_counter()
    cpu = time.process_time()
    metric_frame = MetricFrame(
        metrics={
            "selection_rate": selection_rate,
            "tpr": true_positive_rate,
            "fpr": false_positive_rate,
            "precision": skm.precision_score,
            "accuracy": skm.accuracy_score,
        },
        y_true=frame["label"],  # type: ignore[index]
        y_pred=frame["prediction"],  # type: ignore[index]
        sensitive_features=frame[SENSITIVE],  # type: ignore[index]
    )
    disparity = float(metric_frame.difference()["selection_rate"])
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "demographic_parity_difference": disparity,
    }


ENGINES = {"balise": run_balise, "pandas": run_pandas, "fairlearn": run_fairlearn}


def child(engine: str, path: Path) -> None:
    result = ENGINES[engine](path)
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def compare(results: dict[str, dict[str, Any]], min_ratio: float | None) -> None:
    """Print how much faster Balise is; exit with 1 below `min_ratio` (whole command, wall)."""
    for ours in ("balise", "balise-command"):
        if ours in results:
            for engine, result in results.items():
                if engine not in {"balise", "balise-command"}:
                    ratio = float(result["seconds"]) / float(results[ours]["seconds"])
                    print(f"{ours} is {ratio:.1f}× faster than {engine}")
    if "cpu_seconds" in results.get("fairlearn", {}) and "balise-command" in results:
        ratio = float(results["fairlearn"]["cpu_seconds"]) / float(
            results["balise-command"]["cpu_seconds"]
        )
        print(
            f"CPU time: Fairlearn {results['fairlearn']['cpu_seconds']:.1f} s, the whole "
            f"balise command {results['balise-command']['cpu_seconds']:.2f} s ({ratio:.1f}×)"
        )
    if min_ratio is not None:
        ratio = float(results["fairlearn"]["seconds"]) / float(results["balise-command"]["seconds"])
        if ratio < min_ratio:
            print(
                f"the whole balise command is only {ratio:.1f}× faster than Fairlearn "
                f"(at least {min_ratio:g}× asked)",
                file=sys.stderr,
            )
            raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--engines", default="balise,pandas,fairlearn")
    parser.add_argument("--file", type=Path, help="use this Parquet file instead of generating")
    parser.add_argument(
        "--format", choices=("parquet", "csv"), default="parquet", help="of the generated file"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of balise-command")
    parser.add_argument(
        "--min-ratio", type=float, help="fail unless balise-command is this many times faster"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child, arguments.file)
        return
    with tempfile.TemporaryDirectory() as directory:
        path = arguments.file or Path(directory) / f"log_{arguments.rows}.{arguments.format}"
        if arguments.file is None:
            start = time.perf_counter()
            generate(path, arguments.rows)
            print(f"generated {arguments.rows:,} rows in {time.perf_counter() - start:.1f} s")
        size = path.stat().st_size / 2**20
        print(f"file: {path.name}, {size:.0f} MiB")
        results: dict[str, dict[str, Any]] = {}
        for engine in arguments.engines.split(","):
            if engine == "balise-command":
                cache = Path(directory) / "bytecode"
                results[engine] = run_balise_command(path, arguments.repeat, cache)
            else:
                output = subprocess.run(
                    [sys.executable, __file__, "--child", engine, "--file", str(path)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[engine] = json.loads(output.strip().splitlines()[-1])
            print(
                f"{engine:14} {results[engine]['seconds']:8.2f} s  "
                f"{results[engine]['peak_rss_mib']:8.0f} MiB peak  "
                f"DP difference {results[engine]['demographic_parity_difference']:.6f}"
            )
            if engine == "balise-command":
                print(
                    f"{'':14} runs {results[engine]['runs']} s, "
                    f"median CPU {results[engine]['cpu_seconds']:.2f} s"
                )
        compare(results, arguments.min_ratio)


if __name__ == "__main__":
    main()
