"""How fast the `balise` command starts: whole processes, as a user runs them.

    uv run python benchmarks/cli_startup.py [--runs 11] [--limit 0.5] [--imports]
    git archive COMMIT src examples | tar -x -C /tmp/before
    uv run python benchmarks/cli_startup.py --baseline /tmp/before/src

Each command runs `--runs` times in a fresh process, through the `balise` script of this
environment, after one warm-up run. The warm-up writes Python's bytecode cache, as the first run
of an installed command does (the cache goes to a temporary PYTHONPYCACHEPREFIX, not into the
checkout; PYTHONDONTWRITEBYTECODE is removed for the children). The table gives the median, the
fastest run, the median CPU time (user + system) of the child, and the median without any
bytecode cache (every module compiled from source, as on the very first run). CPU time tells a
slow machine from a busy one: on a shared machine the wall time grows with the load, the CPU
time hardly. Commands with a limit make the script exit with 1 when their median wall time
(with the cache) is above it (default 0.5 s, the target of issue 10). `--imports` prints, for each
command, the modules that cost the most to import (`python -X importtime`), to find what to make
lazy. `--baseline SRC` also times another version of the package (its `src` folder, run as
`python -m balise.cli` with PYTHONPATH=SRC), in the same run, for a before/after comparison.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "examples" / "aiact" / "credit-scoring-bank.yaml"


@dataclass(frozen=True)
class Case:
    name: str
    arguments: tuple[str, ...]
    limited: bool


CASES = (
    Case("balise --help", ("--help",), limited=True),
    Case(
        "balise aiact classify credit-scoring-bank.yaml",
        ("aiact", "classify", str(FACTS)),
        limited=True,
    ),
    Case("balise audit fairness --help", ("audit", "fairness", "--help"), limited=True),
    Case("balise db current (empty SQLite)", ("db", "current"), limited=False),
)


@dataclass(frozen=True)
class Timing:
    wall: list[float]
    cpu: list[float]


def balise_command() -> list[str]:
    """The `balise` script installed beside this Python, else `python -m balise.cli`."""
    script = Path(sys.executable).with_name("balise")
    return [str(script)] if script.exists() else [sys.executable, "-m", "balise.cli"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    cpu_before = children_cpu()
    start = time.perf_counter()
    completed = subprocess.run(command, env=environment, capture_output=True, check=False)
    wall = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} exited with {completed.returncode}:\n"
            + completed.stderr.decode(errors="replace")
        )
    return wall, children_cpu() - cpu_before


def measure(
    case: Case, runs: int, environment: dict[str, str], program: list[str] | None = None
) -> Timing:
    command = [*(program or balise_command()), *case.arguments]
    run_once(command, environment)  # warm-up: the page cache, the bytecode cache
    timings = [run_once(command, environment) for _ in range(runs)]
    return Timing([wall for wall, _ in timings], [cpu for _, cpu in timings])


def without_bytecode_cache(environment: dict[str, str], directory: str) -> dict[str, str]:
    """An environment where Python neither finds nor writes compiled modules."""
    return {
        **environment,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPYCACHEPREFIX": str(Path(directory) / "no-bytecode"),
    }


IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


def heaviest_imports(case: Case, environment: dict[str, str], count: int = 8) -> list[str]:
    """The top-level imports of one run that took longest, cumulative, in milliseconds."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "balise.cli", *case.arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    found = []
    for line in completed.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match and len(match.group(3)) <= 3:  # imported by the command itself, or one below
            found.append((int(match.group(2)) / 1000, match.group(4)))
    return [f"{ms:7.1f} ms  {name}" for ms, name in sorted(found, reverse=True)[:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11, help="runs per command (after a warm-up)")
    parser.add_argument("--limit", type=float, default=0.5, help="seconds, median wall time")
    parser.add_argument("--imports", action="store_true", help="show the costliest imports")
    parser.add_argument("--baseline", type=Path, help="the src folder of a version to compare")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("BALISE_") and key != "PYTHONDONTWRITEBYTECODE"
        }
        environment["BALISE_DATA_DIR"] = str(Path(directory) / "data")
        environment["PYTHONPYCACHEPREFIX"] = str(Path(directory) / "bytecode")
        cold = without_bytecode_cache(environment, directory)
        baseline = {
            **environment,
            "PYTHONPATH": str(arguments.baseline),
            "PYTHONPYCACHEPREFIX": str(Path(directory) / "baseline-bytecode"),
        }
        before = " baseline median |" if arguments.baseline else ""
        print(f"{' '.join(balise_command())}, {arguments.runs} runs each after a warm-up")
        print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
        print()
        print(
            f"| command | median | fastest | median CPU | no bytecode cache |{before} "
            f"limit {arguments.limit:.1f} s |"
        )
        print("| --- | ---: | ---: | ---: | ---: |" + (" ---: |" if before else "") + " --- |")
        over = []
        for case in CASES:
            timing = measure(case, arguments.runs, environment)
            first = measure(case, max(3, arguments.runs // 3), cold)
            old = ""
            if arguments.baseline:
                program = [sys.executable, "-m", "balise.cli"]
                timed = measure(case, max(3, arguments.runs // 3), baseline, program)
                old = f" {statistics.median(timed.wall):.3f} s |"
            median = statistics.median(timing.wall)
            verdict = "-"
            if case.limited:
                verdict = "met" if median <= arguments.limit else "NOT MET"
                if median > arguments.limit:
                    over.append(case.name)
            print(
                f"| `{case.name}` | {median:.3f} s | {min(timing.wall):.3f} s | "
                f"{statistics.median(timing.cpu):.3f} s | "
                f"{statistics.median(first.wall):.3f} s |{old} {verdict} |"
            )
        print()
        print(f"load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
        if arguments.imports:
            for case in CASES:
                print(f"\nheaviest imports of `{case.name}` (cumulative):")
                for line in heaviest_imports(case, environment):
                    print(f"  {line}")
    if over:
        print(f"\nabove {arguments.limit} s: {', '.join(over)}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
