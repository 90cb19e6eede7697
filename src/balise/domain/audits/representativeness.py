"""How well a dataset's distribution over categorical columns matches a reference population.

Inputs are counts per cell (one value per column); values are compared as text, so a dataset
column of integers matches a reference written in a CSV file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from balise.domain.audits.stats import Interval, chi_square_sf, wilson

CellKey = tuple[str | None, ...]
COUNT_COLUMNS = ("population", "count")


class ReferenceError(ValueError):
    """A reference population file that cannot be used; the message names what is wrong."""


@dataclass(frozen=True)
class ReferencePopulation:
    """Counts per cell of a population, over named categorical columns."""

    columns: tuple[str, ...]
    counts: Mapping[tuple[str, ...], float]

    def __post_init__(self) -> None:
        if not self.columns:
            raise ReferenceError("a reference population needs at least one column")
        if any(len(key) != len(self.columns) for key in self.counts):
            raise ReferenceError("each reference cell needs one value per column")
        if any(count < 0 for count in self.counts.values()):
            raise ReferenceError("reference counts cannot be negative")
        if sum(self.counts.values()) <= 0:
            raise ReferenceError("the reference population is empty")

    @classmethod
    def from_csv(cls, text: str) -> ReferencePopulation:
        """Long format: one row per cell, the category columns, and a `population` or `count`."""
        reader = csv.DictReader(io.StringIO(text))
        header = list(reader.fieldnames or [])
        count_column = next((c for c in COUNT_COLUMNS if c in header), None)
        if count_column is None:
            raise ReferenceError("the reference needs a column named population or count")
        columns = tuple(c for c in header if c != count_column)
        counts: dict[tuple[str, ...], float] = {}
        for line, row in enumerate(reader, start=2):
            key = tuple((row[c] or "").strip() for c in columns)
            try:
                value = float(row[count_column])
            except (TypeError, ValueError):
                raise ReferenceError(f"line {line}: {count_column} is not a number") from None
            counts[key] = counts.get(key, 0.0) + value
        return cls(columns, counts)

    def marginal(self, columns: Sequence[str]) -> ReferencePopulation:
        missing = [c for c in columns if c not in self.columns]
        if missing:
            raise ReferenceError(f"the reference has no column {missing[0]}")
        positions = [self.columns.index(c) for c in columns]
        counts: dict[tuple[str, ...], float] = {}
        for key, value in self.counts.items():
            sub = tuple(key[p] for p in positions)
            counts[sub] = counts.get(sub, 0.0) + value
        return ReferencePopulation(tuple(columns), counts)


@dataclass(frozen=True)
class Cell:
    key: tuple[str, ...]
    observed: int
    observed_share: float
    reference_share: float
    expected: float
    ratio: float | None
    interval: Interval | None
    under_represented: bool
    significantly_under: bool


@dataclass(frozen=True)
class Representativeness:
    columns: tuple[str, ...]
    rows: int
    matched_rows: int
    unmatched: dict[CellKey, int]
    cells: tuple[Cell, ...]
    total_variation_distance: float | None
    chi_square: float | None
    degrees_of_freedom: int | None
    p_value: float | None
    threshold: float


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def compare(
    observed: Mapping[tuple[object, ...], int],
    reference: ReferencePopulation,
    *,
    threshold: float = 0.8,
    confidence: float = 0.95,
) -> Representativeness:
    """Shares, ratios, total variation distance and a chi-square goodness-of-fit test.

    Rows whose values are missing or absent from the reference are counted as unmatched and left
    out of the comparison. A cell is under-represented when its share in the data is below
    `threshold` times its share in the population; significantly so when the upper end of the
    Wilson interval of its share is still below the population share.
    """
    if not 0 < threshold <= 1:
        raise ValueError("the under-representation threshold must lie in (0, 1]")
    population = sum(reference.counts.values())
    counts: dict[tuple[str, ...], int] = dict.fromkeys(reference.counts, 0)
    unmatched: dict[CellKey, int] = {}
    for raw_key, count in observed.items():
        key = tuple(_text(value) for value in raw_key)
        if None not in key and key in counts:
            counts[key] += count  # type: ignore[index]
        else:
            unmatched[key] = unmatched.get(key, 0) + count
    matched = sum(counts.values())
    rows = matched + sum(unmatched.values())
    cells = []
    for key, count in counts.items():  # in the reference's own order
        share = count / matched if matched else 0.0
        reference_share = reference.counts[key] / population
        interval = wilson(count, matched, confidence)
        ratio = share / reference_share if reference_share > 0 and matched else None
        cells.append(
            Cell(
                key=key,
                observed=count,
                observed_share=share,
                reference_share=reference_share,
                expected=matched * reference_share,
                ratio=ratio,
                interval=interval,
                under_represented=ratio is not None and ratio < threshold,
                significantly_under=interval is not None and interval.high < reference_share,
            )
        )
    tvd = chi2 = p_value = None
    freedom = None
    if matched:
        tvd = 0.5 * sum(abs(c.observed_share - c.reference_share) for c in cells)
        tested = [c for c in cells if c.expected > 0]
        chi2 = sum((c.observed - c.expected) ** 2 / c.expected for c in tested)
        freedom = len(tested) - 1
        p_value = chi_square_sf(chi2, freedom) if freedom >= 1 else None
    return Representativeness(
        columns=reference.columns,
        rows=rows,
        matched_rows=matched,
        unmatched=unmatched,
        cells=tuple(cells),
        total_variation_distance=tvd,
        chi_square=chi2,
        degrees_of_freedom=freedom,
        p_value=p_value,
        threshold=threshold,
    )
