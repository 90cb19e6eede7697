"""Estimating a footprint from the hardware and the hours, Green-Algorithms style.

The formula is the one of the Green Algorithms calculator (Lannelongue, Grealey and Inouye,
"Green Algorithms: Quantifying the Carbon Footprint of Computation", Advanced Science 8(12),
2021, doi:10.1002/advs.202100707), written here in our own code:

    power (W)    = cores × power per core × usage          (processors)
                 + cards × power per card × usage          (graphics cards)
                 + memory (GB) × 0.3725 W/GB               (memory)
    energy (kWh) = hours × power × PUE / 1000
    carbon (kg)  = energy × grid intensity (g/kWh) / 1000
    water (L)    = hours × power / 1000 × WUE (L/kWh)      (only when the data centre reports it)

The power of a busy core is the processor's design power (TDP) divided by its cores; the power of
a card is its board power. Both come from `reference.yaml` when the model is listed, else the
user gives them. The uncertainty range is explained at `UNCERTAINTY`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import isfinite, sqrt
from typing import Any

from balise.domain.eco.reference import Grid, Reference, load_reference
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message

MEMORY_W_PER_GB = 0.3725
"""Power drawn by one GB of memory (Green Algorithms, after Karyakin and Salem, 2017)."""
DEFAULT_PUE = 1.67
"""Power usage effectiveness of a data centre that does not report it: the world average of the
Uptime Institute's 2019 survey, as in Green Algorithms."""

# Relative standard uncertainties, combined in quadrature; the range shown is the central value
# minus and plus the combined uncertainty.
#  - a chip's design power (TDP) is a ceiling, not a measured draw: 20 %
#  - the usage factor is a guess unless it was measured: 15 %
#  - the PUE of a data centre changes with the season and the load: 10 %
#  - a country's yearly mean grid intensity hides the hour-to-hour variation: 15 %
#  - a measured run (CodeCarbon reads RAPL and NVML counters, or falls back on TDP): 10 %
UNCERTAINTY = {"power": 0.20, "usage": 0.15, "pue": 0.10, "grid": 0.15, "measured": 0.10}


def combined(*parts: float) -> float:
    """The combined relative uncertainty of independent relative uncertainties."""
    return sqrt(sum(p * p for p in parts))


ESTIMATED_ENERGY_U = combined(UNCERTAINTY["power"], UNCERTAINTY["usage"], UNCERTAINTY["pue"])
ESTIMATED_CARBON_U = combined(ESTIMATED_ENERGY_U, UNCERTAINTY["grid"])
MEASURED_ENERGY_U = UNCERTAINTY["measured"]
MEASURED_CARBON_U = combined(MEASURED_ENERGY_U, UNCERTAINTY["grid"])


@dataclass(frozen=True)
class Range:
    """A central value and its low and high ends."""

    value: float
    low: float
    high: float

    @classmethod
    def around(cls, value: float, relative: float) -> Range:
        return cls(value, value * max(0.0, 1 - relative), value * (1 + relative))

    def scaled(self, factor: float) -> Range:
        return Range(self.value * factor, self.low * factor, self.high * factor)

    def __add__(self, other: Range) -> Range:
        return Range(self.value + other.value, self.low + other.low, self.high + other.high)

    def to_json(self) -> dict[str, float]:
        return {"value": self.value, "low": self.low, "high": self.high}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Range:
        return cls(float(data["value"]), float(data["low"]), float(data["high"]))


@dataclass(frozen=True)
class EstimateInput:
    """What the estimate needs; every field checked by `estimate_input`."""

    hours: float
    cpu_cores: int = 0
    cpu_watts_per_core: float = 0.0
    cpu_usage: float = 1.0
    gpu_count: int = 0
    gpu_watts: float = 0.0
    gpu_usage: float = 1.0
    memory_gb: float = 0.0
    pue: float = DEFAULT_PUE
    grid: Grid | None = None
    wue_l_per_kwh: float | None = None
    cpu_model: str = ""
    gpu_model: str = ""

    def to_json(self) -> dict[str, Any]:
        grid = self.grid
        return {
            "hours": self.hours,
            "cpu_model": self.cpu_model,
            "cpu_cores": self.cpu_cores,
            "cpu_watts_per_core": self.cpu_watts_per_core,
            "cpu_usage": self.cpu_usage,
            "gpu_model": self.gpu_model,
            "gpu_count": self.gpu_count,
            "gpu_watts": self.gpu_watts,
            "gpu_usage": self.gpu_usage,
            "memory_gb": self.memory_gb,
            "pue": self.pue,
            "wue_l_per_kwh": self.wue_l_per_kwh,
            "country": grid.code if grid else None,
            "g_per_kwh": grid.g_per_kwh if grid else None,
        }


@dataclass(frozen=True)
class Estimate:
    power_w: float
    energy_kwh: Range
    carbon_kg: Range
    water_l: float | None
    grid: Grid


def estimate(given: EstimateInput) -> Estimate:
    """The energy, carbon and water of the work described, with their ranges."""
    grid = given.grid or load_reference().default_grid
    power = (
        given.cpu_cores * given.cpu_watts_per_core * given.cpu_usage
        + given.gpu_count * given.gpu_watts * given.gpu_usage
        + given.memory_gb * MEMORY_W_PER_GB
    )
    it_energy = given.hours * power / 1000
    energy = it_energy * given.pue
    carbon = energy * grid.g_per_kwh / 1000
    water = it_energy * given.wue_l_per_kwh if given.wue_l_per_kwh is not None else None
    return Estimate(
        power_w=power,
        energy_kwh=Range.around(energy, ESTIMATED_ENERGY_U),
        carbon_kg=Range.around(carbon, ESTIMATED_CARBON_U),
        water_l=water,
        grid=grid,
    )


# --- reading the input (a form, a YAML spec, a JSON body): every error at once -----------------

NOT_A_NUMBER = N_("Enter a number.")
NOT_A_WHOLE_NUMBER = N_("Enter a whole number.")
NEGATIVE = N_("Enter a number that is zero or more.")
NOT_POSITIVE = N_("Enter a number greater than zero.")
NOT_A_SHARE = N_("Enter a share between 0 and 1 (0.5 for half the time).")
BAD_PUE = N_("A data centre's PUE is at least 1 (1.2 for an efficient one).")
UNKNOWN_COUNTRY = N_("There are no grid figures for %(country)s; give the carbon intensity.")
UNKNOWN_CPU = N_("This processor is not in the list; give the power per core in watts.")
UNKNOWN_GPU = N_("This graphics card is not in the list; give its power in watts.")
NO_HARDWARE = N_("Give processor cores, graphics cards or memory.")


class _Reader:
    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.errors: dict[str, Message] = {}

    def text(self, name: str) -> str:
        value = self.values.get(name)
        return "" if value is None else str(value).strip()

    def number(
        self, name: str, default: float | None, *, positive: bool = False, share: bool = False
    ) -> float | None:
        raw = self.text(name).replace(",", ".")
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            self.errors[name] = Message(NOT_A_NUMBER)
            return default
        if not isfinite(value):
            self.errors[name] = Message(NOT_A_NUMBER)
        elif share and not 0 <= value <= 1:
            self.errors[name] = Message(NOT_A_SHARE)
        elif positive and value <= 0:
            self.errors[name] = Message(NOT_POSITIVE)
        elif value < 0:
            self.errors[name] = Message(NEGATIVE)
        else:
            return value
        return default

    def whole(self, name: str, default: int) -> int:
        raw = self.text(name)
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            self.errors[name] = Message(NOT_A_WHOLE_NUMBER)
            return default
        if value < 0:
            self.errors[name] = Message(NEGATIVE)
            return default
        return value


def read_grid(
    values: Mapping[str, Any], errors: dict[str, Message], reference: Reference
) -> Grid | None:
    """The grid named by `country` (Belgium by default), or a typed `carbon_intensity`."""
    reader = _Reader(values)
    country = reader.text("country") or reference.default_country
    typed = reader.number("carbon_intensity", None)
    errors.update(reader.errors)
    grid = reference.grid(country)
    if typed is not None:
        year = grid.year if grid else 0
        return Grid(grid.code if grid else country.upper()[:3], "", "", typed, year)
    if grid is None:
        errors["country"] = Message(UNKNOWN_COUNTRY, {"country": country})
    return grid


def estimate_input(values: Mapping[str, Any], reference: Reference | None = None) -> EstimateInput:
    """The estimate's input from plain values (strings or numbers), or every error at once."""
    ref = reference or load_reference()
    r = _Reader(values)
    hours = r.number("hours", None, positive=True)
    if hours is None and "hours" not in r.errors:
        r.errors["hours"] = Message(NOT_POSITIVE)
    cpu_model = r.text("cpu_model")
    cpu_cores = r.whole("cpu_cores", 0)
    cpu_watts = r.number("cpu_watts_per_core", None)
    if cpu_watts is None and cpu_cores and "cpu_watts_per_core" not in r.errors:
        chip = ref.cpus.get(cpu_model)
        if chip is None:
            r.errors["cpu_model" if cpu_model else "cpu_watts_per_core"] = Message(UNKNOWN_CPU)
        else:
            cpu_watts = chip.watts_per_unit
    gpu_model = r.text("gpu_model")
    gpu_count = r.whole("gpu_count", 0)
    gpu_watts = r.number("gpu_watts", None)
    if gpu_watts is None and gpu_count and "gpu_watts" not in r.errors:
        card = ref.gpus.get(gpu_model)
        if card is None:
            r.errors["gpu_model" if gpu_model else "gpu_watts"] = Message(UNKNOWN_GPU)
        else:
            gpu_watts = card.watts_per_unit
    memory = r.number("memory_gb", 0.0) or 0.0
    if not (cpu_cores or gpu_count or memory) and not r.errors:
        r.errors["cpu_cores"] = Message(NO_HARDWARE)
    pue = r.number("pue", DEFAULT_PUE) or DEFAULT_PUE
    if pue < 1 and "pue" not in r.errors:
        r.errors["pue"] = Message(BAD_PUE)
    wue = r.number("wue_l_per_kwh", None)
    cpu_usage = r.number("cpu_usage", 1.0, share=True)
    gpu_usage = r.number("gpu_usage", 1.0, share=True)
    grid = read_grid(values, r.errors, ref)
    if r.errors:
        raise ValidationError(r.errors)
    assert hours is not None
    assert cpu_usage is not None
    assert gpu_usage is not None
    return EstimateInput(
        hours=hours,
        cpu_cores=cpu_cores,
        cpu_watts_per_core=cpu_watts or 0.0,
        cpu_usage=cpu_usage,
        gpu_count=gpu_count,
        gpu_watts=gpu_watts or 0.0,
        gpu_usage=gpu_usage,
        memory_gb=memory,
        pue=pue,
        grid=grid,
        wue_l_per_kwh=wue,
        cpu_model=cpu_model,
        gpu_model=gpu_model,
    )
