"""CodeCarbon's emissions.csv read through the one CSV reader: sums, metadata, errors."""

from __future__ import annotations

from datetime import date

import pytest

from balise.domain.eco.emissions import measured_part, read_runs
from balise.domain.eco.footprint import Method, Phase
from balise.domain.shared.errors import ValidationError
from eco_support import EMISSIONS_CSV, HEADER, RUN_1


def test_runs_are_added_up_and_their_metadata_kept() -> None:
    runs = read_runs(EMISSIONS_CSV.encode())
    assert [r.line for r in runs] == [2, 3]
    part = measured_part(runs, phase=Phase.TRAINING, recorded_on=date(2026, 12, 3))
    assert part.method is Method.MEASURED
    assert part.energy_kwh.value == pytest.approx(15.0)
    assert part.carbon_kg.value == pytest.approx(2.071605)
    assert part.energy_kwh.low == pytest.approx(13.5)  # measured: +-10 %
    assert part.grid.country == "BEL"
    assert part.grid.g_per_kwh == pytest.approx(138.107)  # what CodeCarbon applied
    assert part.grid.year == 2023
    assert part.details["hours"] == pytest.approx(15.0)  # 36,000 s + 18,000 s
    first = part.details["runs"][0]
    assert first["run_id"] == "run-1"
    assert first["cpu_model"] == "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz"
    assert first["gpu_count"] == 1.0
    assert first["tracking_mode"] == "machine"
    assert first["codecarbon_version"] == "3.3.2"


def test_a_semicolon_file_with_a_byte_order_mark_is_read() -> None:
    text = "\ufeff" + EMISSIONS_CSV.replace(",", ";").replace("Linux-6.8.0-x86_64", "Linux")
    assert len(read_runs(text.encode())) == 2


def test_every_faulty_line_and_column_at_once() -> None:
    broken = "\n".join(
        [
            HEADER,
            RUN_1.replace(",36000.0,", ",,"),  # duration missing
            RUN_1.replace(",10.0,Belgium", ",-2,Belgium").replace("2026-09-14T08:00:00", "soon"),
        ]
    )
    with pytest.raises(ValidationError) as caught:
        read_runs(broken)
    errors = caught.value.errors
    assert set(errors) == {
        "line 2: duration",
        "line 3: energy_consumed",
        "line 3: timestamp",
    }
    assert errors["line 3: energy_consumed"].params == {
        "line": 3,
        "column": "energy_consumed",
        "value": "-2",
    }


def test_a_file_that_is_not_codecarbons_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        read_runs("date,kwh\n2026-01-01,3\n")
    assert caught.value.errors["file"].params["columns"] == (
        "timestamp, duration, emissions, energy_consumed"
    )
    with pytest.raises(ValidationError):
        read_runs(HEADER + "\n")
    with pytest.raises(ValidationError):
        read_runs(b"")
