"""Portal search at 100,000 records with the result cache disabled: new queries, every time.

    uv run python benchmarks/portal_search.py
    uv run python benchmarks/portal_search.py --backends sqlite --records 20000 --seconds 3

For each database (SQLite, then PostgreSQL in a scratch database created and dropped on the
server given by `--postgres`) the script migrates an empty database and loads `--records`
published records through the fast path of `benchmarks/register.py` (same synthetic records,
same organisations). It then serves the real app with uvicorn on loopback, one worker, with the
portal's page and API caches emptied after every request (what a new query or the first query
after a publication costs), and measures:

- latency: one client sends varied searches one at a time (words in four languages, pairs of
  words, filters, each sort order, later pages): p50 and p95;
- load: `--connections` clients (20 by default, closed loop, HTTP/1.1 keep-alive) on `/healthz`
  (the ceiling), the portal's search page and the API's search, `--seconds` each: requests per
  second, p95, errors and the share of the ceiling.

Targets: search p95 ≤ 20 ms (SQLite) and ≤ 40 ms (PostgreSQL) one client at a time, and the
portal's search at ≥ 25 % of the ceiling under load. Runs in about four minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from register import (
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
from balise.services import organisations

if TYPE_CHECKING:
    from fastapi import FastAPI

HERE = Path(__file__).resolve().parent
TARGET_P95 = {"sqlite": 20.0, "postgresql": 40.0}
TARGET_SHARE = 0.25


def uncached_app() -> FastAPI:
    """The app as `balise serve` builds it, with caches that keep nothing."""
    from balise.cli.serve import app_from_environment
    from balise.web.page_cache import PageCache

    app = app_from_environment()
    app.state.page_cache = PageCache[bytes](max_entries=0)
    app.state.api_cache = PageCache[dict[str, Any]](max_entries=0)
    return app


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


def api_searches() -> list[str]:
    return ["/api/v1/systems?" + urlencode({"q": query}) for query in QUERIES]


def start(settings: Any, port: int) -> Any:
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(HERE), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return start_server(settings, port, app="portal_search:uncached_app")


def run_backend(backend: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        settings, database = prepare(backend, Path(folder), args.postgres)
        container = Container(settings)
        try:
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
                f"{backend}: loaded {args.records:,} records in "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )
            port = free_port()
            server = start(settings, port)
            try:
                one = measure(
                    "portal search, one client",
                    port,
                    searches(args.seed),
                    connections=1,
                    seconds=args.seconds * 2,
                    warmup=1,
                )
                loaded = [
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
            finally:
                server.terminate()
                server.wait(30)
            ceiling = loaded[0].throughput
            for result, clients in ((one, 1), *((each, args.connections) for each in loaded)):
                rows.append(row_of(backend, clients, result, ceiling))
                print(line_of(rows[-1]), flush=True)
        finally:
            container.dispose()
            if database:
                drop(args.postgres, database)
    return rows


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
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BALISE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432"),
        help="PostgreSQL server where a scratch database is created and dropped",
    )
    args = parser.parse_args()
    began = time.perf_counter()
    rows = []
    for backend in args.backends.split(","):
        rows.extend(run_backend(backend, args))
    load = os.getloadavg()
    print(f"\nLoad average at the end: {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}")
    print("\n| database | clients | endpoint | req/s | p50 ms | p95 ms | errors | share |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(line_of(row))
    verdicts = []
    for row in rows:
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
