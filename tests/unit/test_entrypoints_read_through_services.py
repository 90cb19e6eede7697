"""Web pages, API routes, CLI commands and the worker reach data only through the services.

A repository call from an entrypoint skips the permission checks that the service functions
make, so the only attribute of a unit of work they may use besides `commit` is its clock.
"""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).parents[2] / "src" / "balise"
ENTRYPOINTS = [*sorted((SOURCE / "web").rglob("*.py")), *sorted((SOURCE / "cli").rglob("*.py"))]
REPOSITORY_CALL = re.compile(r"\buow\.(?!clock\b)([a-z_]+)\.[a-z_]+")


def test_no_entrypoint_calls_a_repository() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}: uow.{match.group(1)}"
        for path in [*ENTRYPOINTS, SOURCE / "worker.py"]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if (match := REPOSITORY_CALL.search(line))
    ]
    assert found == []


def test_the_check_sees_a_repository_call() -> None:
    assert REPOSITORY_CALL.search("record = uow.systems.find_by_slug(slug)")
    assert not REPOSITORY_CALL.search("today = uow.clock.now().date()")
