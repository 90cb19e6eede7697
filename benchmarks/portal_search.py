"""Portal search at 100,000 records with the result cache disabled: new queries, every time.

    uv run python benchmarks/portal_search.py
    uv run python benchmarks/portal_search.py --backends sqlite --records 20000 --seconds 3

For each database (SQLite, then PostgreSQL in a scratch database created and dropped on the
server given by `--postgres`) the script migrates an empty database and loads `--records`
published records through the fast path of `benchmarks/register.py` (same synthetic records,
same organisations). It then serves the real app with uvicorn on loopback, one worker, with the
portal's page and API caches turned off (`BALISE_PORTAL_CACHE_ENTRIES=0`: what a new query or
the first query after a publication costs), and measures:

- warm-up first (after one page without words, which takes the app's own start-up out): one
  client searches for `--warmup` seconds for other words than the measured ones (the records'
  other sentences, in four languages, with filters and orders), so that PostgreSQL's buffers
  and the system's file cache hold the tables and indexes as on a server that has been
  running: the figures that follow are a warm database's. The warm-up's own p50 and p95 are
  printed too: on a database just loaded (or a server just started) they are the cold figures;
- latency: one client sends varied searches one at a time (words in four languages, pairs of
  words, filters, each sort order, later pages): p50 and p95;
- load: `--connections` clients (20 by default, closed loop, HTTP/1.1 keep-alive) on `/healthz`
  (the ceiling), the portal's search page and the API's search, `--seconds` each, in
  `--rounds` rounds (3): the medians of requests per second and of each round's share of that
  round's ceiling (a shared machine's speed drifts over minutes), p95 and errors over all
  rounds.

Targets: search p95 ≤ 20 ms (SQLite) and ≤ 40 ms (PostgreSQL) one client at a time, and the
portal's search at ≥ 25 % of the ceiling under load. Runs in about seven minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from register import (
    FILLER,
    QUERIES,
    ROOT,
    Measurement,
    drop,
    free_port,
    load_records,
    measure,
    organisations_for,
    prepare,
    start_server,
)

from balise.bootstrap import Container
from balise.config import Settings
from balise.services import organisations

TARGET_P95 = {"sqlite": 20.0, "postgresql": 40.0}
TARGET_SHARE = 0.25


def searches(seed: int) -> list[str]:
    """Varied portal searches: words alone and in pairs, with a filter, another sort order or a
    later page now and then."""
    rng = random.Random(seed)
    found = []
    for query in QUERIES:
        params: dict[str, str] = {"q": query}
        draw = rng.random()
        if draw < 0.15:
            params["risk_category"] = rng.choice(["high_risk", "minimal", "transparency_only"])
        elif draw < 0.25:
            params["level"] = rng.choice(["federal", "regional", "local"])
        elif draw < 0.35:
            params["sort"] = rng.choice(["name", "recent"])
        elif draw < 0.45:
            params["page"] = str(rng.randint(2, 5))
        found.append("/systems?" + urlencode(params))
    found += ["/systems", "/systems?sort=recent", "/systems?page=3", "/systems?sector=health"]
    rng.shuffle(found)
    return found


def warm_up_searches(seed: int) -> list[str]:
    """Searches for words the measured ones never use: the records' other sentences."""
    rng = random.Random(seed)
    words = sorted(
        {word for texts in FILLER.values() for text in texts for word in text.split()[1:4]}
    )
    found = []
    for word in words:
        params = {"q": word.strip(".,")}
        draw = rng.random()
        if draw < 0.2:
            params["risk_category"] = rng.choice(["high_risk", "minimal", "transparency_only"])
        elif draw < 0.3:
            params["level"] = rng.choice(["federal", "regional", "local"])
        elif draw < 0.4:
            params["sort"] = rng.choice(["name", "recent"])
        found.append("/systems?" + urlencode(params))
    rng.shuffle(found)
    return found


def api_searches() -> list[str]:
    return ["/api/v1/systems?" + urlencode({"q": query}) for query in QUERIES]


def start(settings: Any, port: int) -> Any:
    """`balise serve`'s app with the portal's cache turned off (BALISE_PORTAL_CACHE_ENTRIES)."""
    os.environ["BALISE_PORTAL_CACHE_ENTRIES"] = "0"
    return start_server(settings, port)


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def run_backend(backend: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    existing = dict(pair.split("=", 1) for pair in filter(None, args.existing.split(",")))
    with tempfile.TemporaryDirectory() as folder:
        if backend in existing:  # loaded by an earlier run: measure only, keep it
            settings = Settings(data_dir=Path(folder), database_url=existing[backend])
            database = None
        else:
            settings, database = prepare(backend, Path(folder), args.postgres)
        container = Container(settings)
        try:
            if backend not in existing:
                load(container, backend, args)
            port = free_port()
            server = start(settings, port)
            print(f"{backend}: load average before measuring: {load_average()}", flush=True)
            try:
                # The app's own start-up (templates, catalogues) is not the database's: a
                # first page without words takes it out of the figures.
                measure("start-up", port, ["/systems"], connections=1, seconds=0.5, warmup=0)
                warm: Measurement | None = None
                if args.warmup > 0:
                    warm = measure(
                        "warm-up: other words, before measuring",
                        port,
                        warm_up_searches(args.seed),
                        connections=1,
                        seconds=args.warmup,
                        warmup=0,
                    )
                    print(line_of(row_of(backend, 1, warm, 1.0)), flush=True)
                one = measure(
                    "portal search, one client",
                    port,
                    searches(args.seed),
                    connections=1,
                    seconds=args.seconds * 2,
                    warmup=1,
                )
                rounds = [
                    [
                        measure(
                            label,
                            port,
                            paths,
                            connections=args.connections,
                            seconds=args.seconds,
                            warmup=1,
                        )
                        for label, paths in (
                            ("ceiling: /healthz", ["/healthz"]),
                            ("portal search /systems?q=", searches(args.seed + 1)),
                            ("API search /api/v1/systems?q=", api_searches()),
                        )
                    ]
                    for _ in range(args.rounds)
                ]
            finally:
                server.terminate()
                server.wait(30)
            print(f"{backend}: load average after measuring: {load_average()}", flush=True)
            ceiling = statistics.median(each[0].throughput for each in rounds)
            if warm is not None:
                rows.append(row_of(backend, 1, warm, ceiling))
            rows.append(row_of(backend, 1, one, ceiling))
            print(line_of(rows[-1]), flush=True)
            for index in range(3):
                rows.append(loaded_row(backend, args.connections, rounds, index))
                print(line_of(rows[-1]), flush=True)
        finally:
            container.dispose()
            if database:
                drop(args.postgres, database)
    return rows


def load(container: Container, backend: str, args: argparse.Namespace) -> None:
    container.migrate()
    with container.uow() as uow:
        made = [
            organisations.create_organisation(uow, actor=ROOT, organisation=o)
            for o in organisations_for(60)
        ]
        uow.commit()
    started = time.perf_counter()
    rng = random.Random(args.seed)
    load_records(container, made, first_id=1, count=args.records, rng=rng)
    print(
        f"{backend}: loaded {args.records:,} records in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def row_of(backend: str, clients: int, result: Measurement, ceiling: float) -> dict[str, Any]:
    return {
        "backend": backend,
        "clients": clients,
        "endpoint": result.label,
        "throughput": result.throughput,
        "p50": result.percentile(0.50),
        "p95": result.percentile(0.95),
        "share": result.throughput / ceiling,
        "failures": result.failures,
        "requests": result.requests,
    }


def loaded_row(
    backend: str, clients: int, rounds: list[list[Measurement]], index: int
) -> dict[str, Any]:
    """One endpoint under load over every round: the median of its requests per second and of
    its shares of the ceiling measured just before it in the same round (the machine's speed
    may drift between rounds), its latencies and errors over all rounds."""
    results = [each[index] for each in rounds]
    row = row_of(backend, clients, merged(results), 1.0)
    row["throughput"] = statistics.median(result.throughput for result in results)
    row["share"] = statistics.median(each[index].throughput / each[0].throughput for each in rounds)
    return row


def merged(results: list[Measurement]) -> Measurement:
    return Measurement(
        results[0].label,
        sum(result.requests for result in results),
        sum(result.seconds for result in results),
        [latency for result in results for latency in result.latencies],
        sum(result.failures for result in results),
    )


def line_of(row: dict[str, Any]) -> str:
    return (
        f"| {row['backend']} | {row['clients']} | {row['endpoint']} | "
        f"{row['throughput']:,.0f} | {row['p50']:.1f} | {row['p95']:.1f} | "
        f"{row['failures']} | {row['share']:.0%} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of the three loads (ceiling, portal, API), each share against the ceiling "
        "of its own round; the medians are reported",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=10.0,
        help="seconds of searches for other words before measuring (0: none, a cold database)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BALISE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432"),
        help="PostgreSQL server where a scratch database is created and dropped",
    )
    parser.add_argument(
        "--existing",
        default="",
        help="backend=URL pairs, comma-separated, of databases an earlier load left (same "
        "--records and --seed): measured as they are, neither loaded nor dropped",
    )
    args = parser.parse_args()
    began = time.perf_counter()
    rows = []
    for backend in args.backends.split(","):
        rows.extend(run_backend(backend, args))
    print(f"\nLoad average at the end: {load_average()}")
    print("\n| database | clients | endpoint | req/s | p50 ms | p95 ms | errors | share |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(line_of(row))
    verdicts = []
    for row in rows:
        if row["endpoint"].startswith("warm-up"):
            continue
        if row["clients"] == 1:
            verdicts.append(row["p95"] <= TARGET_P95[row["backend"]])
        elif row["endpoint"].startswith("portal"):
            verdicts.append(row["share"] >= TARGET_SHARE)
    failures = sum(row["failures"] for row in rows)
    met = all(verdicts)
    print(
        "\nTargets (one client: p95 ≤ 20 ms SQLite, ≤ 40 ms PostgreSQL; "
        f"{args.connections} clients: portal ≥ 25 % of the ceiling): {'met' if met else 'NOT met'}"
        f" — {time.perf_counter() - began:.0f} s in all"
    )
    if failures:
        print(f"{failures} requests did not answer 200")
    sys.exit(0 if met and not failures else 1)


if __name__ == "__main__":
    main()
