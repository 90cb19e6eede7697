"""Reading the `emissions.csv` that CodeCarbon writes, into a measured part.

CodeCarbon (https://github.com/mlco2/codecarbon) appends one row per tracked run, with the
columns of its `EmissionsData`: timestamp, project_name, run_id, duration (s), emissions (kg
CO2eq), emissions_rate (kg/s), cpu_power, gpu_power, ram_power (W), cpu_energy, gpu_energy,
ram_energy, energy_consumed (kWh), country_name, country_iso_code, region, cloud_provider,
cloud_region, os, python_version, codecarbon_version, cpu_count, cpu_model, gpu_count,
gpu_model, longitude, latitude, ram_total_size, tracking_mode, on_cloud, pue (and, in recent
versions, water and experiment columns that are kept when present). Every row of the file is one
run of the same life-cycle phase; the part adds them up and keeps each run's metadata.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from math import isfinite
from typing import Any

from balise.domain.eco.estimate import MEASURED_CARBON_U, MEASURED_ENERGY_U, Range
from balise.domain.eco.footprint import GridUsed, Method, Part, Phase
from balise.domain.eco.reference import Reference, load_reference
from balise.domain.shared.csvfiles import CsvRow, read_csv_table
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message

REQUIRED = ("timestamp", "duration", "emissions", "energy_consumed")
NUMBERS = (
    "duration",
    "emissions",
    "emissions_rate",
    "cpu_power",
    "gpu_power",
    "ram_power",
    "cpu_energy",
    "gpu_energy",
    "ram_energy",
    "energy_consumed",
    "cpu_count",
    "gpu_count",
    "ram_total_size",
    "pue",
    "water_consumed",
)
KEPT = (
    "timestamp",
    "project_name",
    "run_id",
    "experiment_id",
    "country_name",
    "country_iso_code",
    "region",
    "cloud_provider",
    "cloud_region",
    "os",
    "python_version",
    "codecarbon_version",
    "cpu_model",
    "gpu_model",
    "tracking_mode",
    "on_cloud",
    *NUMBERS,
)
MAX_ROWS = 100_000
MISSING = N_("Line %(line)s, column %(column)s: this value is missing.")
NOT_A_NUMBER = N_("Line %(line)s, column %(column)s: %(value)s is not a number of zero or more.")
NOT_A_TIME = N_("Line %(line)s, column %(column)s: %(value)s is not a date and time.")


@dataclass(frozen=True)
class Run:
    """One row of the file: its line, its figures and the metadata kept."""

    line: int
    duration_s: float
    energy_kwh: float
    emissions_kg: float
    water_l: float | None
    metadata: dict[str, Any]


def _number(text: str) -> float:
    value = float(text.strip())
    if not isfinite(value) or value < 0:
        raise ValueError(text)
    return value


def _problem(errors: dict[str, Message], line: int, column: str, key: str, value: str) -> None:
    errors[f"line {line}: {column}"] = Message(
        key, {"line": line, "column": column, "value": value[:40]}
    )


def _run(header: tuple[str, ...], row: CsvRow, errors: dict[str, Message]) -> Run | None:
    """One row read, or None with its problems added to `errors`."""
    cells = dict(zip(header, row.cells, strict=False))
    before = len(errors)
    numbers: dict[str, float] = {}
    for name in NUMBERS:
        raw = (cells.get(name) or "").strip()
        if not raw:
            if name in REQUIRED:
                _problem(errors, row.line, name, MISSING, raw)
            continue
        try:
            numbers[name] = _number(raw)
        except ValueError:
            _problem(errors, row.line, name, NOT_A_NUMBER, raw)
    stamp = (cells.get("timestamp") or "").strip()
    if not stamp:
        _problem(errors, row.line, "timestamp", MISSING, stamp)
    else:
        try:
            datetime.fromisoformat(stamp)
        except ValueError:
            _problem(errors, row.line, "timestamp", NOT_A_TIME, stamp)
    if len(errors) > before:
        return None
    metadata: dict[str, Any] = {
        k: (cells.get(k) or "").strip() for k in KEPT if (cells.get(k) or "").strip()
    }
    metadata.update(numbers)
    return Run(
        line=row.line,
        duration_s=numbers["duration"],
        energy_kwh=numbers["energy_consumed"],
        emissions_kg=numbers["emissions"],
        water_l=numbers.get("water_consumed"),
        metadata=metadata,
    )


def read_runs(
    data: bytes | str, on_progress: Callable[[int, int], None] | None = None
) -> list[Run]:
    """Every run of the file, or one error naming each faulty line and column, all at once.

    `on_progress(done, total)` hears how many rows were read, every 500 rows and at the end.
    """
    table = read_csv_table(data)
    if not table.header:
        raise ValidationError.single("file", N_("The file is empty."))
    header = tuple(h.strip() for h in table.header)
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ValidationError.single(
            "file",
            N_("This is not a CodeCarbon emissions file: the columns %(columns)s are missing."),
            columns=", ".join(missing),
        )
    if not table.rows:
        raise ValidationError.single("file", N_("The file has no runs."))
    if len(table.rows) > MAX_ROWS:
        raise ValidationError.single(
            "file", N_("The file has more than %(count)s runs."), count=MAX_ROWS
        )
    errors: dict[str, Message] = {}
    runs: list[Run] = []
    total = len(table.rows)
    for done, row in enumerate(table.rows, start=1):
        run = _run(header, row, errors)
        if run is not None:
            runs.append(run)
        if on_progress is not None and (done % 500 == 0 or done == total):
            on_progress(done, total)
    if errors:
        raise ValidationError(errors)
    return runs


def measured_part(
    runs: list[Run],
    *,
    phase: Phase,
    recorded_on: date,
    decisions: int | None = None,
    reference: Reference | None = None,
) -> Part:
    """The runs added up into one measured part, each run's metadata kept."""
    ref = reference or load_reference()
    energy = sum(r.energy_kwh for r in runs)
    carbon = sum(r.emissions_kg for r in runs)
    waters = [r.water_l for r in runs if r.water_l is not None]
    countries = {str(r.metadata.get("country_iso_code", "")).upper() for r in runs} - {""}
    country = countries.pop() if len(countries) == 1 else ""
    grid = ref.grid(country) if country else None
    return Part(
        phase=phase,
        method=Method.MEASURED,
        energy_kwh=Range.around(energy, MEASURED_ENERGY_U),
        carbon_kg=Range.around(carbon, MEASURED_CARBON_U),
        grid=GridUsed(
            country or "",
            carbon / energy * 1000 if energy else 0.0,
            grid.year if grid else None,
        ),
        recorded_on=recorded_on,
        water_l=sum(waters) if waters else None,
        decisions=decisions,
        details={
            "source": "codecarbon",
            "hours": sum(r.duration_s for r in runs) / 3600,
            "runs": [r.metadata for r in runs],
        },
    )
