"""The fairness domain on hand-made count tables: undefined rates, suppression, bootstrap."""

from __future__ import annotations

import numpy as np
import pytest

from balise.domain.audits.fairness import (
    AuditParameters,
    CountTable,
    assess,
    between_groups,
    expected_calibration_error,
    rate_arrays,
    to_overall,
)

# tp, fp, fn, tn
TABLE = CountTable.from_cells(
    ["sex"],
    {("M",): [30, 10, 20, 40], ("F",): [15, 5, 25, 55], (None,): [5, 5, 5, 5]},
)


def test_rates_from_counts() -> None:
    rates = rate_arrays(np.array([30, 10, 20, 40]))
    assert float(rates["selection_rate"]) == 0.4
    assert float(rates["base_rate"]) == 0.5
    assert float(rates["tpr"]) == 0.6
    assert float(rates["fnr"]) == 0.4
    assert float(rates["fpr"]) == 0.2
    assert float(rates["tnr"]) == 0.8
    assert float(rates["precision"]) == 0.75
    assert float(rates["accuracy"]) == 0.7


def test_a_zero_denominator_is_undefined_never_zero() -> None:
    table = CountTable.from_cells(["g"], {("a",): [0, 3, 0, 7], ("b",): [2, 0, 2, 6]})
    result = assess(table, AuditParameters(min_group_size=1, bootstrap=0))
    a = result.groups[0]
    assert a.rates["tpr"].value is None
    assert a.rates["fnr"].value is None
    assert a.rates["tpr"].interval is None
    assert a.rates["fpr"].value == 0.3
    b = result.groups[1]
    assert b.rates["precision"].value == 1.0
    # only b has a TPR: the difference is over one group
    assert result.by_rate["tpr"]["difference"] == 0.0


def test_groups_are_sorted_with_missing_last() -> None:
    assert TABLE.keys == (("F",), ("M",), (None,))


def test_small_groups_are_suppressed_and_left_out_of_disparities() -> None:
    result = assess(TABLE, AuditParameters(min_group_size=50, bootstrap=0))
    published = {group.key: group.published for group in result.groups}
    assert published == {("F",): True, ("M",): True, (None,): False}
    assert result.groups[2].rates == {}
    assert result.disparities["demographic_parity_difference"].value == pytest.approx(0.2)
    assert result.overall.count == 220
    assert result.four_fifths.ratios == {("F",): pytest.approx(0.5), ("M",): 1.0}
    assert result.four_fifths.below() == [("F",)]


def test_between_groups_and_to_overall_follow_fairlearn() -> None:
    values = np.array([0.2, 0.5, np.nan, 0.0])
    mask = np.array([True, True, True, True])
    difference, ratio = between_groups(values, mask)
    assert (float(difference), float(ratio)) == (0.5, 0.0)
    difference, ratio = to_overall(values, np.array(0.4), mask)
    assert float(difference) == pytest.approx(0.4)
    assert float(ratio) == 0.0
    zero = np.array([0.0, 0.0])
    assert np.isnan(between_groups(zero, np.array([True, True]))[1])  # 0 / 0, as in Fairlearn
    _, ratio = to_overall(np.array([0.0, 0.3]), np.array(0.0), np.array([True, True]))
    assert float(ratio) == 0.0  # 0.3 / 0 = inf, taken below one: 0 (Fairlearn)
    nothing = between_groups(np.array([np.nan]), np.array([True]))
    assert np.isnan(nothing[0])


def test_the_bootstrap_is_seeded_and_brackets_the_estimate() -> None:
    parameters = AuditParameters(min_group_size=1, bootstrap=400, seed=3)
    first = assess(TABLE, parameters)
    assert first.disparities == assess(TABLE, parameters).disparities
    estimate = first.disparities["demographic_parity_difference"]
    assert estimate.interval is not None
    assert estimate.interval.low < (estimate.value or 0) < estimate.interval.high
    other = assess(TABLE, AuditParameters(min_group_size=1, bootstrap=400, seed=4))
    assert other.disparities != first.disparities


def test_marginal_tables_sum_intersections() -> None:
    table = CountTable.from_cells(
        ["sex", "region"],
        {("F", "BXL"): [1, 2, 3, 4], ("F", "VL"): [1, 1, 1, 1], ("M", "VL"): [0, 0, 1, 1]},
    )
    by_sex = table.marginal(["sex"])
    assert by_sex.keys == (("F",), ("M",))
    assert by_sex.counts.tolist() == [[2, 3, 4, 5], [0, 0, 1, 1]]


def test_expected_calibration_error() -> None:
    bins = np.zeros((10, 3))
    bins[1] = (10, 2, 1.5)  # mean score 0.15, positive share 0.2
    bins[8] = (30, 27, 25.5)  # mean score 0.85, positive share 0.9
    assert expected_calibration_error(bins) == pytest.approx((0.5 + 1.5) / 40)
    assert expected_calibration_error(np.zeros((10, 3))) is None


def test_invalid_tables_and_parameters_are_refused() -> None:
    with pytest.raises(ValueError):
        CountTable(("g",), (("a",),), np.array([[1, -1, 0, 0]]))
    with pytest.raises(ValueError):
        CountTable(("g",), (("a",), ("a",)), np.zeros((2, 4), dtype=np.int64))
    with pytest.raises(ValueError):
        AuditParameters(min_group_size=0)
    with pytest.raises(ValueError):
        AuditParameters(four_fifths_threshold=1.5)
