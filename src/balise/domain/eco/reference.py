"""Reference data of the footprint: grid carbon intensity per country, power of processors.

Read from `reference.yaml` beside this module (an extract of CodeCarbon's data files, MIT
licence, with the year of each figure); see the header of that file and docs/eco.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REFERENCE_FILE = Path(__file__).parent / "reference.yaml"


@dataclass(frozen=True)
class Grid:
    """A country's electricity: its yearly mean carbon intensity, and the year it describes."""

    code: str
    """ISO 3166-1 alpha-3, as CodeCarbon writes it (BEL)."""
    alpha2: str
    name: str
    g_per_kwh: float
    year: int


@dataclass(frozen=True)
class Chip:
    """A processor or graphics card: its design power and, for processors, its cores."""

    model: str
    kind: str
    """`cpu` or `gpu`."""
    tdp_w: float
    cores: int = 1

    @property
    def watts_per_unit(self) -> float:
        """Power of one busy core (processors) or one card (graphics cards)."""
        return self.tdp_w / self.cores


@dataclass(frozen=True)
class Reference:
    version: str
    default_country: str
    grid_source: str
    hardware_source: str
    grids: dict[str, Grid]
    cpus: dict[str, Chip]
    gpus: dict[str, Chip]

    def grid(self, code: str) -> Grid | None:
        """The grid of a country given by its alpha-3 or alpha-2 code, any case."""
        wanted = code.strip().upper()
        if wanted in self.grids:
            return self.grids[wanted]
        return next((g for g in self.grids.values() if g.alpha2 == wanted), None)

    @property
    def default_grid(self) -> Grid:
        return self.grids[self.default_country]


def _parse(raw: dict[str, Any]) -> Reference:
    grids = {
        code: Grid(code, str(g["alpha2"]), str(g["name"]), float(g["g_per_kwh"]), int(g["year"]))
        for code, g in raw["grid"].items()
    }
    cpus = {
        model: Chip(model, "cpu", float(c["tdp_w"]), int(c["cores"]))
        for model, c in raw["cpus"].items()
    }
    gpus = {model: Chip(model, "gpu", float(c["tdp_w"])) for model, c in raw["gpus"].items()}
    return Reference(
        version=str(raw["version"]),
        default_country=str(raw["default_country"]),
        grid_source=str(raw["grid_source"]),
        hardware_source=str(raw["hardware_source"]),
        grids=grids,
        cpus=cpus,
        gpus=gpus,
    )


@cache
def load_reference() -> Reference:
    return _parse(yaml.safe_load(REFERENCE_FILE.read_text(encoding="utf-8")))
