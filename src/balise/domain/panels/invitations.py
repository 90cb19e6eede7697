"""The invitation stage: which addresses receive a letter, stratified by region or province.

Letters are shared out between strata in proportion to population times the stratum's
over-sampling factor (a stratum that answers less gets more letters), by largest remainders, never
more than the addresses a stratum has (what a full stratum cannot take goes to the others). In each
stratum the addresses are drawn without replacement by numpy's PCG64 generator seeded with the given
seed, from the addresses sorted by id: the same inputs and seed give the same letters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from balise.domain.shared.csvfiles import read_csv_table
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message


@dataclass(frozen=True)
class Stratum:
    name: str
    population: int
    oversampling: float = 1.0


def parse_strata(text: str) -> tuple[Stratum, ...]:
    """`stratum,population[,oversampling]`; errors name the line and column."""
    table = read_csv_table(text)
    header = [cell.strip().lower() for cell in table.header]
    if header[:2] != ["stratum", "population"]:
        raise ValidationError.single(
            "line 1, column stratum",
            N_("The header must be stratum,population[,oversampling]."),
        )
    strata: list[Stratum] = []
    errors: dict[str, Message] = {}
    for line, row in ((each.line, each.cells) for each in table.rows):
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        try:
            population = int(cells.get("population", ""))
            if population < 0:
                raise ValueError
        except ValueError:
            errors[f"line {line}, column population"] = Message(
                N_("Must be a whole number, at least 0.")
            )
            continue
        try:
            factor = float(cells.get("oversampling") or 1.0)
            if not math.isfinite(factor) or factor <= 0:
                raise ValueError
        except ValueError:
            errors[f"line {line}, column oversampling"] = Message(N_("Must be a number above 0."))
            continue
        strata.append(Stratum(cells.get("stratum", ""), population, factor))
    if errors:
        raise ValidationError(errors)
    return tuple(strata)


def parse_addresses(text: str) -> dict[str, list[str]]:
    """`id,stratum,...`: address ids by stratum (other columns are contact data, not read)."""
    table = read_csv_table(text)
    header = [cell.strip().lower() for cell in table.header]
    if "id" not in header or "stratum" not in header:
        raise ValidationError.single(
            "line 1, column id", N_("The address file needs the columns id and stratum.")
        )
    position, stratum_position = header.index("id"), header.index("stratum")
    by_stratum: dict[str, list[str]] = {}
    seen: set[str] = set()
    for line, row in ((each.line, each.cells) for each in table.rows):
        if len(row) != len(header):
            raise ValidationError.single(
                f"line {line}, column -",
                N_("Expected %(expected)s columns, found %(found)s."),
                expected=len(header),
                found=len(row),
            )
        address = row[position].strip()
        if not address or address in seen:
            raise ValidationError.single(
                f"line {line}, column id", N_("Each address needs its own id.")
            )
        seen.add(address)
        by_stratum.setdefault(row[stratum_position].strip(), []).append(address)
    return by_stratum


def address_rows(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """The address file's header, and each complete row by its id (for the letters' mail merge)."""
    table = read_csv_table(text)
    header = [cell.strip() for cell in table.header]
    lowered = [cell.lower() for cell in header]
    by_id: dict[str, list[str]] = {}
    if "id" in lowered:
        position = lowered.index("id")
        for row in (each.cells for each in table.rows):
            if len(row) == len(header):
                by_id[row[position].strip()] = [cell.strip() for cell in row]
    return header, by_id


def allocate(
    strata: Sequence[Stratum], letters: int, available: Mapping[str, int]
) -> dict[str, int]:
    """Letters per stratum: proportional to population x over-sampling, capped by addresses."""
    capacity = {s.name: available.get(s.name, 0) for s in strata}
    if letters > sum(capacity.values()):
        raise ValidationError.single(
            "letters",
            N_("%(letters)s letters asked for, but only %(available)s addresses."),
            letters=letters,
            available=sum(capacity.values()),
        )
    result = dict.fromkeys(capacity, 0)
    open_strata = [s for s in strata if capacity[s.name] > 0 and s.population > 0]
    left = letters
    while left > 0 and open_strata:
        weights = {s.name: s.population * s.oversampling for s in open_strata}
        total = sum(weights.values())
        quotas = {name: left * weight / total for name, weight in weights.items()}
        share = {name: math.floor(quota) for name, quota in quotas.items()}
        order = sorted(quotas, key=lambda name: (-(quotas[name] - share[name]), name))
        for name in order[: left - sum(share.values())]:
            share[name] += 1
        for name, count in share.items():
            given = min(count, capacity[name] - result[name])
            result[name] += given
            left -= given
        open_strata = [s for s in open_strata if result[s.name] < capacity[s.name]]
    return result


def draw_invitations(
    strata: Sequence[Stratum], addresses: Mapping[str, Sequence[str]], letters: int, seed: int
) -> tuple[dict[str, int], list[str]]:
    """The allocation, and the invited address ids (sorted by stratum, then drawing order)."""
    allocation = allocate(strata, letters, {name: len(ids) for name, ids in addresses.items()})
    generator = np.random.Generator(np.random.PCG64(seed))
    invited: list[str] = []
    for name in sorted(allocation):
        pool = sorted(addresses.get(name, ()))
        if allocation[name]:
            picks = generator.choice(len(pool), size=allocation[name], replace=False)
            invited.extend(pool[int(i)] for i in picks)
    return allocation, invited
