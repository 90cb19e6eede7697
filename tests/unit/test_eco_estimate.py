"""The Green-Algorithms-style estimate, on hand-computed examples."""

from __future__ import annotations

from math import sqrt

import pytest

from balise.domain.eco.estimate import (
    DEFAULT_PUE,
    ESTIMATED_CARBON_U,
    ESTIMATED_ENERGY_U,
    MEASURED_CARBON_U,
    EstimateInput,
    Range,
    estimate,
    estimate_input,
)
from balise.domain.eco.reference import Grid, load_reference
from balise.domain.shared.errors import ValidationError

BELGIUM = Grid("BEL", "BE", "Belgium", 138.107, 2023)


def test_cpu_memory_and_pue_by_hand() -> None:
    # 4 cores of a Xeon Gold 6248 (150 W / 20 cores = 7.5 W a core) at full load, 16 GB:
    # 4 x 7.5 + 16 x 0.3725 = 35.96 W; 10 h x 35.96 W x 1.5 = 539.4 Wh
    given = estimate_input(
        {
            "hours": "10",
            "cpu_model": "Intel Xeon Gold 6248",
            "cpu_cores": 4,
            "memory_gb": 16,
            "pue": "1.5",
        }
    )
    found = estimate(given)
    assert found.power_w == pytest.approx(35.96)
    assert found.energy_kwh.value == pytest.approx(0.5394)
    assert found.carbon_kg.value == pytest.approx(0.5394 * 0.138107)
    assert found.grid.code == "BEL"  # Belgium by default
    assert found.grid.year == 2023
    assert found.water_l is None


def test_gpus_usage_grid_and_water_by_hand() -> None:
    # 2 cards of 400 W at 50 % and 1 core of 10 W at 20 %: 400 + 2 = 402 W; no memory.
    # 730 h x 402 W = 293.46 kWh of IT energy; x 1.2 = 352.152 kWh; in France (56.039 g/kWh)
    # 19.734 kg; WUE 1.8 L/kWh of IT energy: 528.228 L.
    found = estimate(
        EstimateInput(
            hours=730,
            cpu_cores=1,
            cpu_watts_per_core=10,
            cpu_usage=0.2,
            gpu_count=2,
            gpu_watts=400,
            gpu_usage=0.5,
            pue=1.2,
            grid=load_reference().grid("fr"),
            wue_l_per_kwh=1.8,
        )
    )
    assert found.power_w == pytest.approx(402)
    assert found.energy_kwh.value == pytest.approx(352.152)
    assert found.carbon_kg.value == pytest.approx(352.152 * 0.056039)
    assert found.water_l == pytest.approx(528.228)


def test_the_range_combines_the_uncertainties_in_quadrature() -> None:
    assert pytest.approx(sqrt(0.2**2 + 0.15**2 + 0.1**2)) == ESTIMATED_ENERGY_U  # 26.9 %
    assert pytest.approx(sqrt(0.2**2 + 0.15**2 + 0.1**2 + 0.15**2)) == ESTIMATED_CARBON_U
    assert pytest.approx(sqrt(0.1**2 + 0.15**2)) == MEASURED_CARBON_U
    found = estimate(EstimateInput(hours=1, memory_gb=1000, pue=1.0, grid=BELGIUM))
    energy = found.energy_kwh
    assert energy.value == pytest.approx(0.3725)
    assert energy.low == pytest.approx(0.3725 * (1 - ESTIMATED_ENERGY_U))
    assert energy.high == pytest.approx(0.3725 * (1 + ESTIMATED_ENERGY_U))
    assert Range.around(10, 2).low == 0  # never below zero


def test_defaults_and_typed_figures() -> None:
    given = estimate_input(
        {"hours": "2", "cpu_cores": "2", "cpu_watts_per_core": "12,5", "carbon_intensity": "100"}
    )
    assert given.pue == DEFAULT_PUE
    assert given.cpu_usage == 1.0
    assert given.cpu_watts_per_core == 12.5  # a decimal comma, as Belgians type it
    assert given.grid is not None
    assert given.grid.g_per_kwh == 100
    assert estimate(given).carbon_kg.value == pytest.approx(2 * 25 * DEFAULT_PUE / 1000 * 0.1)


def test_every_error_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        estimate_input(
            {
                "hours": "-1",
                "cpu_cores": "two",
                "gpu_count": "1",
                "gpu_model": "Quantum 9000",
                "cpu_usage": "1.5",
                "pue": "0.9",
                "country": "XYZ",
            }
        )
    assert set(caught.value.errors) == {
        "hours",
        "cpu_cores",
        "gpu_model",
        "cpu_usage",
        "pue",
        "country",
    }
    with pytest.raises(ValidationError) as nothing:
        estimate_input({"hours": "3"})
    assert set(nothing.value.errors) == {"cpu_cores"}


def test_the_reference_data_names_its_years_and_source() -> None:
    reference = load_reference()
    assert reference.default_grid.name == "Belgium"
    assert len(reference.grids) == 27  # the EU member states
    assert all(g.year == 2023 for g in reference.grids.values())
    assert "CodeCarbon" in reference.grid_source
    assert "MIT" in reference.grid_source
    assert reference.grid("be") == reference.grid("BEL")
    assert reference.cpus["AMD EPYC 7763"].watts_per_unit == pytest.approx(280 / 64)
