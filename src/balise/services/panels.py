"""Use cases for citizens' panels: load a pool, check quotas, select, commit to a draw, verify it.

No database yet: these functions take text and return plain results; the solver is passed in by the
entrypoint (the command line today, the web later).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from balise import __version__
from balise.domain.panels.csvfiles import parse_people, parse_quotas
from balise.domain.panels.draw import (
    Check,
    Commitment,
    commit,
    lottery_document,
    pool_document,
    quotas_document,
    seeded_ticket,
    verify,
)
from balise.domain.panels.fairness import fairness
from balise.domain.panels.feasibility import Feasibility, check_feasibility
from balise.domain.panels.invitations import draw_invitations, parse_addresses, parse_strata
from balise.domain.panels.legacy import legacy, legacy_draw
from balise.domain.panels.leximin import Distribution, Progress, leximin, maximin
from balise.domain.panels.lottery import DEFAULT_LOTTERY_SIZE, Lottery, round_to_lottery
from balise.domain.panels.model import Instance
from balise.domain.panels.solver import Solver

SOFTWARE = f"balise {__version__}"
DIGITS = 12


def _figures(probabilities: Mapping[str, float], size: int) -> dict[str, float]:
    return {
        name: round(value, DIGITS)
        for name, value in fairness(probabilities, size).as_dict().items()
    }


class Algorithm(StrEnum):
    LEXIMIN = "leximin"
    MAXIMIN = "maximin"
    LEGACY = "legacy"


def load_instance(
    *, respondents: str, categories: str, size: int, id_column: str | None = None
) -> Instance:
    """The instance from the two CSV texts; errors name the line and the column."""
    quotas = parse_quotas(categories)
    pool = parse_people(respondents, quotas.categories, id_column=id_column, quotas=quotas)
    return Instance(pool, quotas, size)


def check_quotas(instance: Instance, *, solver: Solver) -> Feasibility:
    return check_feasibility(instance, solver)


@dataclass(frozen=True)
class Selection:
    instance: Instance
    algorithm: Algorithm
    solver: str
    distribution: Distribution
    lottery: Lottery | None
    seed: int
    ticket: int | None
    panel: tuple[int, ...]

    def as_dict(self) -> dict[str, Any]:
        ids = self.instance.pool.ids
        size = self.instance.size
        probabilities = {
            ids[i]: round(p, DIGITS) for i, p in enumerate(self.distribution.probabilities)
        }
        document: dict[str, Any] = {
            "algorithm": self.algorithm.value,
            "software": SOFTWARE,
            "solver": self.solver,
            "size": size,
            "pool_size": len(ids),
            "probabilities": probabilities,
            "portfolio": [
                {"panel": sorted(ids[i] for i in panel), "probability": round(weight, DIGITS)}
                for panel, weight in zip(
                    self.distribution.panels, self.distribution.panel_probabilities, strict=True
                )
            ],
            "fairness": _figures(
                dict(zip(ids, self.distribution.probabilities, strict=True)), size
            ),
            "seed": self.seed,
            "ticket": self.ticket,
            "panel": sorted(ids[i] for i in self.panel),
            "lottery": None,
        }
        if self.lottery is not None:
            rounded = self.lottery.probabilities(len(ids))
            document["lottery"] = {
                "tickets": self.lottery.size,
                "table": lottery_document(self.lottery, self.instance.pool),
                "fairness": _figures(dict(zip(ids, rounded, strict=True)), size),
                "max_change": max(
                    abs(a - b)
                    for a, b in zip(rounded, self.distribution.probabilities, strict=True)
                ),
            }
        return document


def select_panel(
    instance: Instance,
    *,
    solver: Solver,
    algorithm: Algorithm = Algorithm.LEXIMIN,
    seed: int = 0,
    lottery_size: int = DEFAULT_LOTTERY_SIZE,
    legacy_draws: int = 1_000,
    progress: Progress | None = None,
) -> Selection:
    """Selection probabilities, the portfolio, its lottery and the panel drawn with `seed`."""
    if algorithm is Algorithm.LEGACY:
        distribution = legacy(instance, draws=legacy_draws, seed=seed)
        panel = legacy_draw(instance, random.Random(seed))  # noqa: S311 - reproducible by design
        return Selection(instance, algorithm, "none", distribution, None, seed, None, panel)
    method = leximin if algorithm is Algorithm.LEXIMIN else maximin
    distribution = method(instance, solver, progress=progress)
    lottery = round_to_lottery(distribution, len(instance.pool), size=lottery_size)
    ticket = seeded_ticket(seed, lottery.size)
    panel = lottery.tickets()[ticket - 1]
    return Selection(instance, algorithm, solver.name, distribution, lottery, seed, ticket, panel)


def prepare_draw(
    selection: Selection, *, party_commitments: Sequence[str], public_source: str
) -> dict[str, Any]:
    """The files to publish before the draw: the commitment, the pool, the quotas, the lottery."""
    assert selection.lottery is not None
    instance = selection.instance
    commitment = commit(
        instance=instance,
        lottery=selection.lottery,
        algorithm=selection.algorithm.value,
        software=f"{SOFTWARE}; {selection.solver}",
        party_commitments=party_commitments,
        public_source=public_source,
    )
    return {
        "commitment": commitment.as_dict(),
        "commitment_sha256": commitment.sha256,
        "pool": pool_document(instance.pool),
        "quotas": quotas_document(instance.quotas),
        "lottery": lottery_document(selection.lottery, instance.pool),
    }


def verify_draw(
    published: Mapping[str, Any],
    *,
    secrets: Sequence[str],
    public_value: str,
    claimed_panel: Sequence[str] | None = None,
) -> tuple[bool, list[Check], Commitment]:
    """Every check of a draw from its published files; `True` when all pass."""
    checks = verify(
        commitment=published["commitment"],
        pool=published["pool"],
        quotas=published["quotas"],
        lottery=published["lottery"],
        secrets=secrets,
        public_value=public_value,
        claimed_panel=claimed_panel,
    )
    return all(check.ok for check in checks), checks, Commitment.from_dict(published["commitment"])


def draw_invitation_letters(
    *, addresses: str, strata: str, letters: int, seed: int
) -> dict[str, Any]:
    """Which addresses get a letter: stratified, proportional with over-sampling, seeded."""
    allocation, invited = draw_invitations(
        parse_strata(strata), parse_addresses(addresses), letters, seed
    )
    return {"letters": letters, "seed": seed, "allocation": allocation, "invited": invited}
