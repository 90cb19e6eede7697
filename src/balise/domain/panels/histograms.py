"""What the public page of a committed or drawn panel shows, computed from its published files.

Each volunteer's chance under the published lottery, those chances in equal bins, and each quota
with its volunteers and, once drawn, how many of the panel have the value. Never a contact detail:
only the published files go in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from balise.domain.organisations.model import Organisation
from balise.domain.panels.documents import (
    LotteryRow,
    Reveal,
    StoredCommitment,
    StoredDraw,
    StoredSelection,
)
from balise.domain.panels.model import Person, Quotas
from balise.domain.panels.record import Panel
from balise.domain.panels.replacements import Replacement, current_members
from balise.domain.panels.selection import figures

PUBLISHED_FILES = (
    "published",
    "reveal",
    "replacements",
    "pool",
    "quotas",
    "lottery",
    "commitment",
)
AFTER_THE_DRAW = frozenset({"reveal", "replacements"})


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "count": self.count}


@dataclass(frozen=True)
class QuotaRow:
    category: str
    value: str
    minimum: int
    maximum: int
    volunteers: int
    selected: int | None
    met: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "value": self.value,
            "min": self.minimum,
            "max": self.maximum,
            "volunteers": self.volunteers,
            "selected": self.selected,
            "met": self.met,
        }


def lottery_probabilities(
    table: Sequence[LotteryRow], ids: Sequence[str], tickets: int
) -> dict[str, float]:
    """Each person's chance under the published lottery: their tickets out of all."""
    counts = dict.fromkeys(ids, 0)
    for row in table:
        for person_id in row.panel:
            counts[person_id] += row.last - row.first + 1
    return {person_id: count / tickets for person_id, count in counts.items()}


def quota_rows(
    quotas: Quotas, people: Sequence[Person], drawn: Sequence[str] | None
) -> tuple[QuotaRow, ...]:
    """Each quota with its volunteers and, once drawn, how many of the panel have the value."""
    chosen = set(drawn or ())
    rows = []
    for quota in quotas.quotas:
        members = [p for p in people if p.features.get(quota.category) == quota.value]
        selected = sum(1 for p in members if p.id in chosen) if drawn is not None else None
        rows.append(
            QuotaRow(
                category=quota.category,
                value=quota.value,
                minimum=quota.minimum,
                maximum=quota.maximum,
                volunteers=len(members),
                selected=selected,
                met=selected is None or quota.minimum <= selected <= quota.maximum,
            )
        )
    return tuple(rows)


def histogram(values: Sequence[float], *, bins: int = 10) -> tuple[Bin, ...]:
    """Counts of probabilities in equal bins from 0 to the largest (rounded up to 1 %)."""
    top = max(values, default=0.0)
    upper = max(0.01, math.ceil(top * 100 - 1e-9) / 100)
    width = upper / bins
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, int(value / width + 1e-9))] += 1
    return tuple(Bin(width * i, width * (i + 1), count) for i, count in enumerate(counts))


@dataclass(frozen=True)
class PublicPanel:
    """Everything the public page, its JSON twin and the API show about a published panel."""

    panel: Panel
    organisation: Organisation
    commitment: StoredCommitment
    draw: StoredDraw | None
    pool_size: int
    quotas: tuple[QuotaRow, ...]
    fairness: Mapping[str, float]
    lottery_fairness: Mapping[str, float]
    histogram: tuple[Bin, ...]
    k_over_n: float
    files: tuple[str, ...]
    replacements: tuple[Replacement, ...] = ()

    @property
    def reveal(self) -> Reveal | None:
        return self.draw.reveal if self.draw else None

    @property
    def members(self) -> list[str] | None:
        """The panel as it stands after its replacements; None before the draw."""
        reveal = self.reveal
        return current_members(reveal.panel, self.replacements) if reveal else None

    @property
    def drawn_at(self) -> datetime | None:
        return self.draw.drawn_at if self.draw else None


def public_panel(
    panel: Panel,
    *,
    organisation: Organisation,
    commitment: StoredCommitment,
    selection: StoredSelection,
    draw: StoredDraw | None,
    replacements: Sequence[Replacement] = (),
) -> PublicPanel:
    published = commitment.published
    people = published.pool.people
    ids = [person.id for person in people]
    chances = lottery_probabilities(published.lottery, ids, published.commitment.tickets)
    reveal = draw.reveal if draw else None
    members = current_members(reveal.panel, replacements) if reveal else None
    return PublicPanel(
        panel=panel,
        organisation=organisation,
        commitment=commitment,
        draw=draw,
        pool_size=len(ids),
        quotas=quota_rows(published.quotas, people, members),
        fairness=selection.result.fairness,
        lottery_fairness=figures(chances, panel.size),
        histogram=histogram(sorted(chances.values())),
        k_over_n=panel.size / len(ids),
        files=tuple(
            name for name in PUBLISHED_FILES if name not in AFTER_THE_DRAW or reveal is not None
        ),
        replacements=tuple(replacements),
    )
