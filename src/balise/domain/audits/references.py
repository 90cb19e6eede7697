"""Reference populations a dataset is compared with: the Belgian population shipped with Balise
(Statbel, 1 January 2025; see balise/data/statbel/README.md), or a CSV file people give."""

from __future__ import annotations

from functools import cache
from importlib import resources

from balise.domain.audits.representativeness import ReferenceError, ReferencePopulation
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

STATBEL_PACKAGE = "balise.data.statbel"
STATBEL_FILE = "population_2025_region_sex_age.csv"
STATBEL_NAME = "Statbel, legal population of Belgium on 1 January 2025 (region, age_band, sex)"


@cache
def _statbel_text() -> str:
    return resources.files(STATBEL_PACKAGE).joinpath(STATBEL_FILE).read_text(encoding="utf-8")


def statbel_reference() -> ReferencePopulation:
    """The Belgian population of 1 January 2025, shipped with Balise (see its README)."""
    return ReferencePopulation.from_csv(_statbel_text())


def reference_columns() -> tuple[str, ...]:
    """The columns of the Belgian population shipped with Balise (region, age_band, sex)."""
    return statbel_reference().columns


def reference_values() -> dict[str, list[str]]:
    """The values each column of the Belgian population uses, for people to match."""
    header, *lines = [line.split(",") for line in _statbel_text().splitlines() if line.strip()]
    return {column: sorted({line[i] for line in lines}) for i, column in enumerate(header[:-1])}


def reference_from_text(text: str) -> ReferencePopulation:
    """A reference population from a CSV file's text; a validation error says what is wrong."""
    try:
        return ReferencePopulation.from_csv(text)
    except ReferenceError as error:
        raise ValidationError.single(
            "reference", N_("The reference file cannot be used: %(reason)s"), reason=str(error)
        ) from error
