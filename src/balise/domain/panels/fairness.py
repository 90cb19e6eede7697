"""Fairness figures of a selection: how equal the people's chances are."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Fairness:
    min_probability: float
    max_probability: float
    gini: float
    geometric_mean: float
    share_below_k_over_n: float
    k_over_n: float

    def as_dict(self) -> dict[str, float]:
        return {
            "min_probability": self.min_probability,
            "max_probability": self.max_probability,
            "gini": self.gini,
            "geometric_mean": self.geometric_mean,
            "share_below_k_over_n": self.share_below_k_over_n,
            "k_over_n": self.k_over_n,
        }


def gini(values: list[float]) -> float:
    """The Gini coefficient: 0 when all equal, towards 1 when concentrated on few."""
    ordered = sorted(values)
    n = len(ordered)
    total = sum(ordered)
    if n == 0 or total <= 0:
        return 0.0
    weighted = sum((2 * (rank + 1) - n - 1) * value for rank, value in enumerate(ordered))
    return max(0.0, weighted / (n * total))


def fairness(probabilities: Mapping[str, float], size: int, *, tolerance: float = 1e-6) -> Fairness:
    values = list(probabilities.values())
    k_over_n = size / len(values)
    geometric = math.exp(sum(math.log(v) for v in values) / len(values)) if min(values) > 0 else 0.0
    return Fairness(
        min_probability=min(values),
        max_probability=max(values),
        gini=gini(values),
        geometric_mean=geometric,
        share_below_k_over_n=sum(1 for v in values if v < k_over_n - tolerance) / len(values),
        k_over_n=k_over_n,
    )
