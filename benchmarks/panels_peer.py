"""Balise's MAXIMIN next to the Sortition Foundation's, and how Balise's LEXIMIN time grows.

    uv run --group bench python benchmarks/panels_peer.py --data ../shared/data/sortition
    uv run --group bench python benchmarks/panels_peer.py --skip-peer --scaling-only

Part 1 runs, in the same process one after the other, Balise's MAXIMIN (`maximin`, HiGHS through
highspy) and `find_distribution_maximin` of `sortition-algorithms` (the Sortition Foundation's
library, GPL-3.0, on its default backend: HiGHS through highspy) on the example instances that have
a pool (`example_small_20`, `sortition_algorithms_fixture`, `example_large_200`, when `--data` has
them) and on seeded Belgian-shaped pools (see `benchmarks/panels.py`). Both are timed on the
algorithm alone (inputs converted beforehand), and both minimum probabilities are computed the same
way: the marginals of the returned portfolio, everyone included. The peer stops its column
generation when no panel improves the bound by more than its EPS (5 × 10⁻⁴), so its minimum may sit
a little below the optimum; the table shows the difference.

Part 2 times Balise's full LEXIMIN on Belgian-shaped pools of growing size (k = 60) and with growing
panels (n = 1,170). `sortition-algorithms` has a LEXIMIN too, but it needs Gurobi, so it is not run.

`sortition-algorithms` is a benchmark-only dependency: `uv sync --group bench` (or `uv run --group
bench ...`). Without it, or with `--skip-peer`, only Balise's columns are filled.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from panels import FIXTURES, SIZES, belgium, load

from balise.adapters.solvers.highs import HighsSolver
from balise.domain.panels.leximin import leximin, maximin, person_types
from balise.domain.panels.model import Instance

SHARED = ("example_small_20", "sortition_algorithms_fixture", "example_large_200")
BELGIAN = ("belgium:0:1170:60", "belgium:1:1170:60", "belgium:2:1170:60")
POOLS = ("belgium:0:300:60", "belgium:0:600:60", "belgium:0:1170:60")
PANELS = ("belgium:0:1170:30", "belgium:0:1170:60", "belgium:0:1170:100")

Result = tuple[float, float, int]  # seconds, minimum probability, panels in the portfolio


def instance_named(data: Path, name: str) -> Instance | None:
    """`belgium:SEED:POOL:K` or an example instance in `data`; None when its files are absent."""
    if name.startswith("belgium:"):
        _, seed, pool, size = name.split(":")
        return belgium(int(seed), people=int(pool), size=int(size))
    if name not in SIZES:
        return None
    try:
        return load(data, name)[0]
    except (StopIteration, FileNotFoundError):
        return None


def balise_run(algorithm: str, instance: Instance) -> Result:
    method = leximin if algorithm == "leximin" else maximin
    started = time.perf_counter()
    distribution = method(instance, HighsSolver())
    seconds = time.perf_counter() - started
    return seconds, min(distribution.probabilities), len(distribution.panels)


def peer_run(instance: Instance) -> Result:
    """`sortition-algorithms`' MAXIMIN on the same pool and quotas (imported only here)."""
    from sortition_algorithms import Settings, read_in_features, read_in_people
    from sortition_algorithms.committee_generation import (
        find_distribution_maximin,
    )

    logging.disable(logging.CRITICAL)
    rows = [
        {"feature": q.category, "value": q.value, "min": str(q.minimum), "max": str(q.maximum)}
        for q in instance.quotas.quotas
    ]
    features, _, _ = read_in_features(["feature", "value", "min", "max"], rows, instance.size)
    categories = list(instance.quotas.categories)
    people, _ = read_in_people(
        ["id", *categories],
        [
            {"id": person.id, **{c: person.features[c] for c in categories}}
            for person in instance.pool.people
        ],
        features,
        Settings(id_column="id", columns_to_keep=[]),
    )
    started = time.perf_counter()
    committees, probabilities, _ = find_distribution_maximin(features, people, instance.size, [])
    seconds = time.perf_counter() - started
    marginals = dict.fromkeys(instance.pool.ids, 0.0)
    for committee, probability in zip(committees, probabilities, strict=True):
        for person in committee:
            marginals[person] += probability
    return seconds, min(marginals.values()), len(committees)


def _child(work: Callable[..., Result], arguments: tuple[Any, ...], queue: Any) -> None:
    queue.put(work(*arguments))


def bounded(work: Callable[..., Result], *arguments: Any, limit: float) -> Result | None:
    """Run `work(*arguments)` in a child process; None when it takes longer than `limit` s."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child, args=(work, arguments, queue))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return queue.get() if not queue.empty() else None


def peer_available() -> bool:
    try:
        import sortition_algorithms  # noqa: F401
    except ImportError:
        return False
    return True


def side_by_side(data: Path, names: list[str], *, peer: bool, limit: float) -> None:
    print(
        "instance | n | k | types | Balise s | peer s | peer/Balise | Balise min | peer min | "
        "Balise - peer | Balise panels | peer panels"
    )
    for name in names:
        instance = instance_named(data, name)
        if instance is None:
            print(f"{name} | (no pool in {data})")
            continue
        ours = bounded(balise_run, "maximin", instance, limit=limit)
        theirs = bounded(peer_run, instance, limit=limit) if peer else None
        cells = [name, str(len(instance.pool)), str(instance.size)]
        cells.append(str(len(person_types(instance).members)))
        cells.append(f"{ours[0]:.1f}" if ours else f">{limit:.0f}")
        cells.append(f"{theirs[0]:.1f}" if theirs else ("-" if not peer else f">{limit:.0f}"))
        cells.append(f"{theirs[0] / ours[0]:.1f}" if ours and theirs else "-")
        cells.append(f"{ours[1]:.8f}" if ours else "-")
        cells.append(f"{theirs[1]:.8f}" if theirs else "-")
        cells.append(f"{ours[1] - theirs[1]:.1e}" if ours and theirs else "-")
        cells.append(str(ours[2]) if ours else "-")
        cells.append(str(theirs[2]) if theirs else "-")
        print(" | ".join(cells), flush=True)


def scaling(names: list[str], *, limit: float) -> None:
    print("LEXIMIN instance | n | k | types | seconds | min probability | panels")
    for name in names:
        instance = instance_named(FIXTURES, name)
        assert instance is not None
        result = bounded(balise_run, "leximin", instance, limit=limit)
        types = len(person_types(instance).members)
        timing = (
            f"{result[0]:.1f} | {result[1]:.6f} | {result[2]}" if result else f">{limit} | - | -"
        )
        print(f"{name} | {len(instance.pool)} | {instance.size} | {types} | {timing}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=FIXTURES)
    parser.add_argument("--instances", default=",".join(SHARED + BELGIAN))
    parser.add_argument("--scaling", default=",".join(dict.fromkeys(POOLS + PANELS)))
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--scaling-only", action="store_true")
    parser.add_argument("--limit", type=float, default=600.0, help="seconds per run")
    arguments = parser.parse_args()
    peer = not arguments.skip_peer and peer_available()
    if not arguments.skip_peer and not peer:
        print("sortition-algorithms is not installed: run with `uv run --group bench`.")
    if not arguments.scaling_only:
        side_by_side(
            arguments.data, arguments.instances.split(","), peer=peer, limit=arguments.limit
        )
        print()
    if arguments.scaling:
        scaling(arguments.scaling.split(","), limit=arguments.limit)


if __name__ == "__main__":
    main()
