"""The composition of a drawn panel: for each criterion and value, the target and what was achieved.

The target of a value is the quota the organisers set: between `minimum` and `maximum` seats of a
panel of k. Its target share is the middle of that range over k, (minimum + maximum) / 2k, with
the range itself (minimum / k to maximum / k) beside it; the achieved share is the number of drawn
members with the value over k. Pure arithmetic on the published quotas, pool and drawn ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from balise.domain.panels.model import Person, Quotas


@dataclass(frozen=True)
class CompositionRow:
    """One value of one criterion: its quota as shares of the panel, and the drawn panel."""

    category: str
    value: str
    minimum: int
    maximum: int
    target_share: float
    target_low: float
    target_high: float
    count: int
    achieved_share: float
    volunteers: int

    @property
    def met(self) -> bool:
        return self.minimum <= self.count <= self.maximum

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "value": self.value,
            "min": self.minimum,
            "max": self.maximum,
            "target_share": self.target_share,
            "target_range": [self.target_low, self.target_high],
            "count": self.count,
            "achieved_share": self.achieved_share,
            "volunteers": self.volunteers,
            "met": self.met,
        }


def composition(
    quotas: Quotas, people: Sequence[Person], drawn: Sequence[str], size: int
) -> tuple[CompositionRow, ...]:
    """Each quota, in file order, with its target and achieved shares of a panel of `size`."""
    if size <= 0:
        return ()
    chosen = set(drawn)
    rows = []
    for quota in quotas.quotas:
        members = [p for p in people if p.features.get(quota.category) == quota.value]
        count = sum(1 for p in members if p.id in chosen)
        rows.append(
            CompositionRow(
                category=quota.category,
                value=quota.value,
                minimum=quota.minimum,
                maximum=quota.maximum,
                target_share=(quota.minimum + quota.maximum) / (2 * size),
                target_low=quota.minimum / size,
                target_high=quota.maximum / size,
                count=count,
                achieved_share=count / size,
                volunteers=len(members),
            )
        )
    return tuple(rows)
