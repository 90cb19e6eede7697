"""Wilson intervals and chi-square tails against published and closed-form values."""

from __future__ import annotations

import math

import pytest

from balise.domain.audits.stats import (
    chi_square_sf,
    regularized_upper_gamma,
    wilson,
    z_for,
)


def test_the_95_percent_quantile() -> None:
    assert z_for(0.95) == pytest.approx(1.959963984540054, abs=1e-12)


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        # Newcombe (1998), table I; statsmodels proportion_confint(method="wilson").
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (5, 10, 0.2366, 0.7634),
    ],
)
def test_wilson_matches_published_intervals(
    successes: int, trials: int, low: float, high: float
) -> None:
    interval = wilson(successes, trials)
    assert interval is not None
    assert (interval.low, interval.high) == pytest.approx((low, high), abs=5e-5)


def test_wilson_is_undefined_without_trials() -> None:
    assert wilson(0, 0) is None


def test_wilson_stays_within_zero_and_one() -> None:
    for successes in (0, 7):
        interval = wilson(successes, 7)
        assert interval is not None
        assert 0 <= interval.low <= successes / 7 <= interval.high <= 1


def even_df_sf(x: float, df: int) -> float:
    """Closed form for even degrees of freedom: exp(-x/2) Σ_{k < df/2} (x/2)^k / k!."""
    half = x / 2
    return math.exp(-half) * sum(half**k / math.factorial(k) for k in range(df // 2))


@pytest.mark.parametrize("df", [2, 4, 10, 30])
@pytest.mark.parametrize("x", [0.01, 0.5, 1.0, 3.84, 10.0, 25.0, 60.0])
def test_chi_square_tail_for_even_degrees_of_freedom(x: float, df: int) -> None:
    assert chi_square_sf(x, df) == pytest.approx(even_df_sf(x, df), rel=1e-10, abs=1e-300)


@pytest.mark.parametrize("x", [0.001, 0.5, 1.0, 3.841458820694124, 6.63, 20.0])
def test_chi_square_tail_for_one_degree_of_freedom(x: float) -> None:
    assert chi_square_sf(x, 1) == pytest.approx(math.erfc(math.sqrt(x / 2)), rel=1e-10)


@pytest.mark.parametrize(
    ("x", "df", "expected"),
    [
        (3.841458820694124, 1, 0.05),  # the textbook critical values
        (11.070497693516351, 5, 0.05),
        (23.209251158954356, 10, 0.01),
        (124.34211340400407, 100, 0.05),
        (0.0, 3, 1.0),
    ],
)
def test_chi_square_tail_at_critical_values(x: float, df: int, expected: float) -> None:
    assert chi_square_sf(x, df) == pytest.approx(expected, rel=1e-9)


def test_regularized_gamma_for_a_half_integer() -> None:
    # Q(1/2, x) = erfc(sqrt(x)); Q(3/2, x) = erfc(sqrt(x)) + 2 sqrt(x/π) exp(-x)
    for x in (0.2, 1.5, 7.0):
        assert regularized_upper_gamma(0.5, x) == pytest.approx(math.erfc(math.sqrt(x)))
        expected = math.erfc(math.sqrt(x)) + 2 * math.sqrt(x / math.pi) * math.exp(-x)
        assert regularized_upper_gamma(1.5, x) == pytest.approx(expected, rel=1e-10)


def test_invalid_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        chi_square_sf(1.0, 0)
    with pytest.raises(ValueError):
        regularized_upper_gamma(0, 1.0)
    with pytest.raises(ValueError):
        wilson(3, 2)
