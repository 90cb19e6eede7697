"""A selection from text to result, pure: load an instance, select, prepare and verify a draw.

The command line runs these on files; the panel services run them on what a panel keeps. The
solver is always passed in by the entrypoint.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from balise import __version__
from balise.domain.panels.csvfiles import parse_people, parse_quotas
from balise.domain.panels.documents import (
    LotteryResult,
    PortfolioEntry,
    PublishedDraw,
    SelectionResult,
    lottery_rows,
)
from balise.domain.panels.draw import Check, Commitment, commit, seeded_ticket, verify
from balise.domain.panels.fairness import fairness
from balise.domain.panels.feasibility import Feasibility, check_feasibility
from balise.domain.panels.invitations import draw_invitations, parse_addresses, parse_strata
from balise.domain.panels.legacy import legacy, legacy_draw
from balise.domain.panels.leximin import Distribution, OnProgress, Progress, leximin, maximin
from balise.domain.panels.lottery import Lottery, make_lottery, worst_loss
from balise.domain.panels.lottery_columns import CompositionSearch
from balise.domain.panels.model import Instance
from balise.domain.panels.record import DEFAULT_LOTTERY_SIZE, Algorithm
from balise.domain.panels.solver import Solver

SOFTWARE = f"balise {__version__}"
DIGITS = 12


def figures(probabilities: Mapping[str, float], size: int) -> dict[str, float]:
    """The fairness figures of everyone's chance, rounded as published."""
    return {
        name: round(value, DIGITS)
        for name, value in fairness(probabilities, size).as_dict().items()
    }


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

    def result(self) -> SelectionResult:
        """The published result: probabilities, portfolio, fairness, lottery, drawn panel."""
        ids = self.instance.pool.ids
        size = self.instance.size
        lottery = None
        if self.lottery is not None:
            rounded = self.lottery.probabilities(len(ids))
            lottery = LotteryResult(
                tickets=self.lottery.size,
                table=lottery_rows(self.lottery, self.instance.pool),
                fairness=figures(dict(zip(ids, rounded, strict=True)), size),
                max_change=max(
                    abs(a - b)
                    for a, b in zip(rounded, self.distribution.probabilities, strict=True)
                ),
                worst_loss=round(
                    worst_loss(self.distribution.probabilities, rounded, self.lottery.size), 6
                ),
            )
        return SelectionResult(
            algorithm=self.algorithm.value,
            software=SOFTWARE,
            solver=self.solver,
            size=size,
            pool_size=len(ids),
            probabilities={
                ids[i]: round(p, DIGITS) for i, p in enumerate(self.distribution.probabilities)
            },
            portfolio=tuple(
                PortfolioEntry(tuple(sorted(ids[i] for i in panel)), round(weight, DIGITS))
                for panel, weight in zip(
                    self.distribution.panels, self.distribution.panel_probabilities, strict=True
                )
            ),
            fairness=figures(dict(zip(ids, self.distribution.probabilities, strict=True)), size),
            seed=self.seed,
            ticket=self.ticket,
            panel=tuple(sorted(ids[i] for i in self.panel)),
            lottery=lottery,
        )

    def as_dict(self) -> dict[str, Any]:
        return self.result().to_json()


def select_panel(
    instance: Instance,
    *,
    solver: Solver,
    algorithm: Algorithm = Algorithm.LEXIMIN,
    seed: int = 0,
    lottery_size: int = DEFAULT_LOTTERY_SIZE,
    legacy_draws: int = 1_000,
    progress: Progress | None = None,
    on_progress: OnProgress | None = None,
) -> Selection:
    """Selection probabilities, the portfolio, its lottery and the panel drawn with `seed`.

    `on_progress(done, total)`, when given, is called as the work advances (for a progress bar).
    """
    if algorithm is Algorithm.LEGACY:
        if on_progress is not None:
            on_progress(0, 1)
        distribution = legacy(instance, draws=legacy_draws, seed=seed)
        panel = legacy_draw(instance, random.Random(seed))  # noqa: S311 - reproducible by design
        if on_progress is not None:
            on_progress(1, 1)
        return Selection(instance, algorithm, "none", distribution, None, seed, None, panel)
    method = leximin if algorithm is Algorithm.LEXIMIN else maximin
    distribution = method(instance, solver, progress=progress, on_progress=on_progress)
    lottery = make_lottery(
        distribution,
        len(instance.pool),
        size=lottery_size,
        search=CompositionSearch(instance, solver),
    )
    ticket = seeded_ticket(seed, lottery.size)
    panel = lottery.tickets()[ticket - 1]
    return Selection(instance, algorithm, solver.name, distribution, lottery, seed, ticket, panel)


def publish_draw(
    *,
    instance: Instance,
    lottery: Lottery,
    algorithm: str,
    software: str,
    party_commitments: Sequence[str],
    public_source: str,
) -> PublishedDraw:
    """The files to publish before the draw: the commitment, the pool, the quotas, the lottery."""
    commitment = commit(
        instance=instance,
        lottery=lottery,
        algorithm=algorithm,
        software=software,
        party_commitments=party_commitments,
        public_source=public_source,
    )
    return PublishedDraw(
        commitment=commitment,
        pool=instance.pool,
        quotas=instance.quotas,
        lottery=lottery_rows(lottery, instance.pool),
    )


def prepare_draw(
    selection: Selection, *, party_commitments: Sequence[str], public_source: str
) -> PublishedDraw:
    """The files to publish before the draw of a selection computed here."""
    assert selection.lottery is not None
    return publish_draw(
        instance=selection.instance,
        lottery=selection.lottery,
        algorithm=selection.algorithm.value,
        software=f"{SOFTWARE}; {selection.solver}",
        party_commitments=party_commitments,
        public_source=public_source,
    )


def verify_draw(
    published: Mapping[str, Any],
    *,
    secrets: Sequence[str],
    public_value: str,
    claimed_panel: Sequence[str] | None = None,
) -> tuple[bool, list[Check], Commitment]:
    """Every check of a draw from its published files (JSON); `True` when all pass."""
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
