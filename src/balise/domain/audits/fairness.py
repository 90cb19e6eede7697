"""Group fairness metrics from a count table, with Fairlearn's semantics where it defines one.

The count table holds, for each group (one value per sensitive column, None for a missing value),
how many rows are true positives, false positives, false negatives and true negatives. Every
metric is a ratio of sums of those four counts, so the whole audit is computed from the table
alone, and the bootstrap resamples the table (a multinomial draw per group) instead of the rows.

Differences from Fairlearn, on purpose: a rate whose denominator is zero is undefined (None), where
Fairlearn (through scikit-learn's confusion matrix) reports 0; undefined values and groups below the
minimum size take no part in the disparities. Where every value is defined and every group is
published, each number equals Fairlearn's MetricFrame result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from balise.domain.audits.stats import Interval, wilson

Value = str | int | float | bool | None
GroupKey = tuple[Value, ...]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

TP, FP, FN, TN = range(4)
# Each rate: the cells that count as successes, and the cells that make its denominator.
RATES: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "base_rate": ((TP, FN), (TP, FP, FN, TN)),
    "selection_rate": ((TP, FP), (TP, FP, FN, TN)),
    "tpr": ((TP,), (TP, FN)),
    "fpr": ((FP,), (FP, TN)),
    "fnr": ((FN,), (TP, FN)),
    "tnr": ((TN,), (FP, TN)),
    "precision": ((TP,), (TP, FP)),
    "accuracy": ((TP, TN), (TP, FP, FN, TN)),
}
RATE_NAMES: tuple[str, ...] = tuple(RATES)
_NUMERATORS = np.array([[int(c in num) for c in range(4)] for num, _ in RATES.values()], np.int64)
_DENOMINATORS = np.array([[int(c in den) for c in range(4)] for _, den in RATES.values()], np.int64)

DISPARITY_METHODS = ("difference", "ratio", "difference_to_overall", "ratio_to_overall")
# The named disparities: which rate (or rates, for equalized odds) each is computed on.
NAMED: dict[str, tuple[str, ...]] = {
    "demographic_parity": ("selection_rate",),
    "equalized_odds": ("tpr", "fpr"),
    "equal_opportunity": ("tpr",),
}


@dataclass(frozen=True)
class CountTable:
    """Confusion counts (tp, fp, fn, tn) per group; optionally calibration bins per group.

    `calibration[g, b]` holds, for group g and score bin b: rows, positive labels, sum of scores.
    """

    columns: tuple[str, ...]
    keys: tuple[GroupKey, ...]
    counts: IntArray
    calibration: FloatArray | None = None

    def __post_init__(self) -> None:
        if not self.columns:
            raise ValueError("a count table needs at least one sensitive column")
        if self.counts.shape != (len(self.keys), 4):
            raise ValueError("counts must have one row of four cells per group")
        if any(len(key) != len(self.columns) for key in self.keys):
            raise ValueError("each group key needs one value per sensitive column")
        if len(set(self.keys)) != len(self.keys):
            raise ValueError("group keys must be unique")
        if (self.counts < 0).any():
            raise ValueError("counts cannot be negative")
        if self.calibration is not None and (
            self.calibration.ndim != 3
            or self.calibration.shape[0] != len(self.keys)
            or self.calibration.shape[2] != 3
        ):
            raise ValueError("calibration must be groups × bins × (rows, positives, score sum)")

    @property
    def rows(self) -> int:
        return int(self.counts.sum())

    @classmethod
    def from_cells(
        cls,
        columns: Sequence[str],
        cells: Mapping[GroupKey, Sequence[int]],
        calibration: Mapping[GroupKey, FloatArray] | None = None,
    ) -> CountTable:
        keys = tuple(sorted(cells, key=sort_key))
        counts = np.array([list(cells[key]) for key in keys], dtype=np.int64).reshape(-1, 4)
        bins = None
        if calibration is not None:
            bins = np.stack([calibration[key] for key in keys]).astype(np.float64)
        return cls(tuple(columns), keys, counts, bins)

    def marginal(self, columns: Sequence[str]) -> CountTable:
        """The table grouped by a subset of the sensitive columns."""
        positions = [self.columns.index(column) for column in columns]
        cells: dict[GroupKey, IntArray] = {}
        bins: dict[GroupKey, FloatArray] = {}
        for index, key in enumerate(self.keys):
            sub = tuple(key[p] for p in positions)
            cells[sub] = cells.get(sub, np.zeros(4, np.int64)) + self.counts[index]
            if self.calibration is not None:
                previous = bins.get(sub, np.zeros_like(self.calibration[index]))
                bins[sub] = previous + self.calibration[index]
        return CountTable.from_cells(
            columns, {k: v.tolist() for k, v in cells.items()}, bins or None
        )


def sort_key(key: GroupKey) -> tuple[tuple[bool, Any], ...]:
    """Groups in the order of their values, a missing value last."""
    return tuple((value is None, "" if value is None else value) for value in key)


def rate_arrays(counts: IntArray) -> dict[str, FloatArray]:
    """Every rate for counts of shape (..., 4); NaN where the denominator is zero."""
    numerators = counts @ _NUMERATORS.T
    denominators = counts @ _DENOMINATORS.T
    values = np.full(numerators.shape, np.nan)
    np.divide(numerators, denominators, out=values, where=denominators > 0)
    return {name: values[..., i] for i, name in enumerate(RATE_NAMES)}


def between_groups(
    values: FloatArray, mask: npt.NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray]:
    """max − min and min / max over the groups in `mask` (last axis) whose value is defined."""
    defined = mask & ~np.isnan(values)
    some = defined.any(axis=-1)
    high = np.where(defined, values, -np.inf).max(axis=-1)
    low = np.where(defined, values, np.inf).min(axis=-1)
    difference = np.full(some.shape, np.nan)
    np.subtract(high, low, out=difference, where=some)
    ratio = np.full(some.shape, np.nan)
    np.divide(low, high, out=ratio, where=some & (high > 0))
    return difference, ratio


def to_overall(
    values: FloatArray, overall: FloatArray, mask: npt.NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray]:
    """max |group − overall|, and the smallest group/overall ratio taken below one (Fairlearn)."""
    centre = np.asarray(overall)[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        deviation = np.abs(values - centre)
        ratios = values / centre
        ratios = np.where(ratios > 1, 1 / ratios, ratios)
    results = []
    for candidate, reducer in ((deviation, np.max), (ratios, np.min)):
        defined = mask & ~np.isnan(candidate)
        fill = -np.inf if reducer is np.max else np.inf
        reduced = reducer(np.where(defined, candidate, fill), axis=-1)
        results.append(np.where(defined.any(axis=-1), reduced, np.nan))
    return results[0], results[1]


def disparities_of(
    rates: Mapping[str, FloatArray],
    overall: Mapping[str, FloatArray],
    mask: npt.NDArray[np.bool_],
    names: Sequence[str] = RATE_NAMES,
) -> dict[str, dict[str, FloatArray]]:
    """For each rate: difference, ratio (between groups), and both to the overall value."""
    result: dict[str, dict[str, FloatArray]] = {}
    for name in names:
        difference, ratio = between_groups(rates[name], mask)
        difference_overall, ratio_overall = to_overall(rates[name], overall[name], mask)
        result[name] = {
            "difference": difference,
            "ratio": ratio,
            "difference_to_overall": difference_overall,
            "ratio_to_overall": ratio_overall,
        }
    return result


def _worst(arrays: Sequence[FloatArray], method: str) -> FloatArray:
    """Equalized odds: the larger difference, or the smaller ratio, of the defined ones."""
    stacked = np.stack(arrays)
    defined = ~np.isnan(stacked)
    if method.startswith("difference"):
        reduced = np.where(defined, stacked, -np.inf).max(axis=0)
    else:
        reduced = np.where(defined, stacked, np.inf).min(axis=0)
    return np.where(defined.any(axis=0), reduced, np.nan)


def named_disparities(per_rate: Mapping[str, Mapping[str, FloatArray]]) -> dict[str, FloatArray]:
    """demographic_parity_difference, equalized_odds_ratio_to_overall, ... from per-rate values."""
    result: dict[str, FloatArray] = {}
    for name, rates in NAMED.items():
        for method in DISPARITY_METHODS:
            result[f"{name}_{method}"] = _worst([per_rate[rate][method] for rate in rates], method)
    return result


def _number(value: float | np.floating[Any] | FloatArray) -> float | None:
    number = float(value)
    return None if math.isnan(number) else number


@dataclass(frozen=True)
class Estimate:
    """A number that may be undefined, with its confidence interval when one could be computed."""

    value: float | None
    interval: Interval | None = None


@dataclass(frozen=True)
class GroupResult:
    key: GroupKey
    count: int
    published: bool
    share: float
    rates: dict[str, Estimate]
    ece: float | None = None


@dataclass(frozen=True)
class FourFifths:
    threshold: float
    highest_selection_rate: float | None
    ratios: dict[GroupKey, float | None]

    def below(self) -> list[GroupKey]:
        return [k for k, r in self.ratios.items() if r is not None and r < self.threshold]


@dataclass(frozen=True)
class FairnessResult:
    columns: tuple[str, ...]
    rows: int
    overall: GroupResult
    groups: tuple[GroupResult, ...]
    disparities: dict[str, Estimate]
    by_rate: dict[str, dict[str, float | None]]
    four_fifths: FourFifths
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditParameters:
    min_group_size: int = 10
    confidence: float = 0.95
    bootstrap: int = 1000
    seed: int = 0
    four_fifths_threshold: float = 0.8

    def __post_init__(self) -> None:
        if self.min_group_size < 1:
            raise ValueError("the minimum group size must be at least 1")
        if not 0 < self.confidence < 1:
            raise ValueError("the confidence level must lie strictly between 0 and 1")
        if self.bootstrap < 0:
            raise ValueError("the number of bootstrap replicates cannot be negative")
        if not 0 < self.four_fifths_threshold <= 1:
            raise ValueError("the four-fifths threshold must lie in (0, 1]")


def expected_calibration_error(bins: FloatArray) -> float | None:
    """Σ_b (n_b / n) |mean score_b − positive share_b| = Σ_b |score sum_b − positives_b| / n."""
    rows = float(bins[:, 0].sum())
    if rows == 0:
        return None
    return float(np.abs(bins[:, 2] - bins[:, 1]).sum() / rows)


def _group_result(
    key: GroupKey,
    counts: IntArray,
    total: int,
    published: bool,
    confidence: float,
    bins: FloatArray | None,
) -> GroupResult:
    n = int(counts.sum())
    if not published:
        return GroupResult(key, n, False, n / total if total else 0.0, {})
    values = rate_arrays(counts)
    rates: dict[str, Estimate] = {}
    for name, (numerator, denominator) in RATES.items():
        successes = int(counts[list(numerator)].sum())
        trials = int(counts[list(denominator)].sum())
        rates[name] = Estimate(_number(values[name]), wilson(successes, trials, confidence))
    ece = None if bins is None else expected_calibration_error(bins)
    return GroupResult(key, n, True, n / total if total else 0.0, rates, ece)


def _bootstrap(
    table: CountTable, mask: npt.NDArray[np.bool_], parameters: AuditParameters
) -> dict[str, Interval | None]:
    """Percentile intervals of the named disparities, resampling each group's cells (stratified)."""
    if parameters.bootstrap == 0 or not table.keys:
        return {}
    rng = np.random.default_rng(parameters.seed)
    replicates = parameters.bootstrap
    draws = np.empty((replicates, len(table.keys), 4), dtype=np.int64)
    for g, counts in enumerate(table.counts):
        n = int(counts.sum())
        draws[:, g, :] = rng.multinomial(n, counts / n, size=replicates)
    rates = rate_arrays(draws)
    overall = rate_arrays(draws.sum(axis=1))
    per_rate = disparities_of(rates, overall, mask, names=("selection_rate", "tpr", "fpr"))
    alpha = (1 - parameters.confidence) / 2
    intervals: dict[str, Interval | None] = {}
    for name, values in named_disparities(per_rate).items():
        defined = values[~np.isnan(values)]
        if defined.size == 0:
            intervals[name] = None
            continue
        low, high = np.quantile(defined, [alpha, 1 - alpha])
        intervals[name] = Interval(float(low), float(high))
    return intervals


def assess(table: CountTable, parameters: AuditParameters | None = None) -> FairnessResult:
    """Every per-group metric, interval and disparity of a count table."""
    parameters = parameters or AuditParameters()
    total = table.rows
    sizes = table.counts.sum(axis=1)
    mask = sizes >= parameters.min_group_size
    overall_counts = table.counts.sum(axis=0)
    overall_bins = None if table.calibration is None else table.calibration.sum(axis=0)
    overall = _group_result(
        (), overall_counts, total, total > 0, parameters.confidence, overall_bins
    )
    groups = tuple(
        _group_result(
            key,
            table.counts[g],
            total,
            bool(mask[g]),
            parameters.confidence,
            None if table.calibration is None else table.calibration[g],
        )
        for g, key in enumerate(table.keys)
    )
    rates = rate_arrays(table.counts)
    overall_rates = rate_arrays(overall_counts)
    per_rate = disparities_of(rates, overall_rates, mask)
    intervals = _bootstrap(table, mask, parameters)
    disparities = {
        name: Estimate(_number(value), intervals.get(name))
        for name, value in named_disparities(per_rate).items()
    }
    by_rate = {
        name: {method: _number(value) for method, value in methods.items()}
        for name, methods in per_rate.items()
    }
    return FairnessResult(
        columns=table.columns,
        rows=total,
        overall=overall,
        groups=groups,
        disparities=disparities,
        by_rate=by_rate,
        four_fifths=four_fifths(groups, parameters.four_fifths_threshold),
    )


def four_fifths(groups: Sequence[GroupResult], threshold: float = 0.8) -> FourFifths:
    """Each published group's selection rate over the highest one: a screening signal only."""
    rates = {group.key: group.rates["selection_rate"].value for group in groups if group.published}
    defined = [rate for rate in rates.values() if rate is not None]
    highest = max(defined) if defined else None
    ratios = {
        key: (rate / highest if rate is not None and highest else None)
        for key, rate in rates.items()
    }
    return FourFifths(threshold, highest, ratios)
