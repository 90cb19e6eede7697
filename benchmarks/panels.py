"""Time and fairness of Balise's LEXIMIN, MAXIMIN and LEGACY on the public sortition instances.

    uv run python benchmarks/panels.py [--data DIR] [--instances example_small_20,...]
        [--algorithms leximin,maximin,legacy] [--lottery 1000]

The instance name `belgium_60` (or `belgium_60:SEED`) is a seeded synthetic pool shaped like a
Belgian citizens' panel: 1,170 volunteers, k = 60, six categories (region, gender, language, age
band, education, socio-economic level), the pool skewed as volunteer pools are (older, more
educated) and quotas set from population shares, as real panels do.

`--data` is a folder laid out like the shared reference data (one folder per instance with
`categories.csv` + `respondents.csv`, or `features.csv` + `candidates.csv`, and, when published,
`<instance>_prob_allocs_data.csv`). Default: the small GPL-3.0 fixtures in tests/data/sortition.
For each run it prints wall time, the minimum probability, the published LEXIMIN minimum (when
there is one), the Gini coefficient, the portfolio size, the lottery's minimum probability and
the tickets the least served person loses in the lottery against the portfolio (`worst_loss`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from balise.bootstrap import build
from balise.domain.panels.fairness import fairness
from balise.domain.panels.model import Instance
from balise.domain.panels.record import Algorithm
from balise.domain.panels.selection import load_instance, select_panel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from panel_pools import belgium  # noqa: E402 - the synthetic pools live with the tests

__all__ = ["FIXTURES", "SIZES", "belgium", "load"]
FIXTURES = ROOT / "tests" / "data" / "sortition"
SIZES = {"example_small_20": 20, "example_large_200": 200, "sortition_algorithms_fixture": 22}


def load(data: Path, name: str) -> tuple[Instance, Path | None]:
    if name.startswith("belgium_60"):
        return belgium(int(name.partition(":")[2] or 0)), None
    folder = data / name
    if folder.is_dir():
        pairs = [("respondents.csv", "categories.csv"), ("candidates.csv", "features.csv")]
        people, quotas = next((folder / p, folder / q) for p, q in pairs if (folder / p).exists())
        published = folder / f"{name}_prob_allocs_data.csv"
    else:  # the flat layout of tests/data/sortition
        short = "sf_fixture" if name == "sortition_algorithms_fixture" else name
        people = data / f"{short}_{'candidates' if short == 'sf_fixture' else 'respondents'}.csv"
        quotas = data / f"{short}_{'features' if short == 'sf_fixture' else 'categories'}.csv"
        published = data / f"{name}_prob_allocs_data.csv"
    instance = load_instance(
        respondents=people.read_text(), categories=quotas.read_text(), size=SIZES[name]
    )
    return instance, published if published.exists() else None


def published_minimum(path: Path | None) -> str:
    if path is None:
        return "-"
    values = [
        float(line.split(",")[2])
        for line in path.read_text().splitlines()[1:]
        if line.startswith("LexiMin,")
    ]
    return f"{min(values):.6f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=FIXTURES)
    parser.add_argument("--instances", default="example_small_20,sortition_algorithms_fixture")
    parser.add_argument("--algorithms", default="leximin,maximin,legacy")
    parser.add_argument("--lottery", type=int, default=1_000)
    arguments = parser.parse_args()
    print(
        "instance | n | k | algorithm | seconds | min prob | published LEXIMIN min | gini | "
        "panels | lottery min | tickets lost by the least served"
    )
    for name in arguments.instances.split(","):
        instance, published = load(arguments.data, name)
        for algorithm in arguments.algorithms.split(","):
            started = time.perf_counter()
            selection = select_panel(
                instance,
                solver=build().solver(),
                algorithm=Algorithm(algorithm),
                lottery_size=arguments.lottery,
            )
            seconds = time.perf_counter() - started
            ids = instance.pool.ids
            figures = fairness(
                dict(zip(ids, selection.distribution.probabilities, strict=True)), instance.size
            )
            lottery_min = loss = "-"
            if selection.lottery is not None:
                rounded = selection.lottery.probabilities(len(ids))
                lottery_min = f"{min(rounded):.6f}"
                lottery_result = selection.result().lottery
                assert lottery_result is not None
                loss = f"{lottery_result.worst_loss:.2f}"
            print(
                f"{name} | {len(ids)} | {instance.size} | {algorithm} | {seconds:.1f} | "
                f"{figures.min_probability:.6f} | {published_minimum(published)} | "
                f"{figures.gini:.4f} | {len(selection.distribution.panels)} | {lottery_min} | "
                f"{loss}",
                flush=True,
            )


if __name__ == "__main__":
    main()
