"""Representativeness against a reference population; the Statbel reference shipped with it."""

from __future__ import annotations

import pytest

from balise.domain.audits.references import statbel_reference
from balise.domain.audits.representativeness import ReferenceError, ReferencePopulation, compare
from balise.domain.audits.stats import chi_square_sf

REFERENCE = ReferencePopulation(("sex",), {("F",): 600.0, ("M",): 400.0})


def test_the_statbel_reference_is_packaged() -> None:
    population = statbel_reference()
    assert population.columns == ("region", "age_band", "sex")
    assert sum(population.counts.values()) == 11_825_551
    assert len(population.counts) == 18
    by_region = population.marginal(["region"])
    assert set(by_region.counts) == {
        ("Flemish Region",),
        ("Brussels-Capital Region",),
        ("Walloon Region",),
    }


def test_shares_ratios_distance_and_test() -> None:
    result = compare({("F",): 50, ("M",): 50, (None,): 3, ("X",): 2}, REFERENCE)
    assert (result.rows, result.matched_rows) == (105, 100)
    assert result.unmatched == {(None,): 3, ("X",): 2}
    female, _ = result.cells
    assert (female.observed_share, female.reference_share) == (0.5, 0.6)
    assert female.ratio == pytest.approx(0.5 / 0.6)
    assert female.expected == 60
    assert result.total_variation_distance == pytest.approx(0.1)
    statistic = (50 - 60) ** 2 / 60 + (50 - 40) ** 2 / 40
    assert result.chi_square == pytest.approx(statistic)
    assert result.degrees_of_freedom == 1
    assert result.p_value == pytest.approx(chi_square_sf(statistic, 1))
    assert not female.under_represented  # 0.83 ≥ 0.8


def test_under_represented_cells_are_flagged() -> None:
    result = compare({("F",): 20, ("M",): 80}, REFERENCE, threshold=0.8)
    female = result.cells[0]
    assert female.under_represented
    assert female.significantly_under  # the whole interval lies below 60 %
    assert not result.cells[1].under_represented


def test_values_are_matched_as_text() -> None:
    reference = ReferencePopulation.from_csv("code,count\n1,10\n2,30\n")
    result = compare({(1,): 1, (2.0,): 3}, reference)
    assert result.matched_rows == 4
    assert result.total_variation_distance == pytest.approx(0.0)


def test_an_empty_dataset_has_no_statistics() -> None:
    result = compare({}, REFERENCE)
    assert result.total_variation_distance is None
    assert result.p_value is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("sex,people\nF,1\n", "population or count"),
        ("sex,count\nF,many\n", "line 2: count is not a number"),
        ("sex,count\nF,0\n", "empty"),
    ],
)
def test_unusable_references_are_refused(text: str, problem: str) -> None:
    with pytest.raises(ReferenceError, match=problem):
        ReferencePopulation.from_csv(text)


def test_the_marginal_needs_known_columns() -> None:
    with pytest.raises(ReferenceError, match="no column age"):
        REFERENCE.marginal(["age"])
