"""Helpers for the panel tests (no tests here): the copied GPL-3.0 fixtures, tiny instances."""

from __future__ import annotations

from pathlib import Path

from balise.domain.panels.csvfiles import parse_people, parse_quotas
from balise.domain.panels.model import Instance

DATA = Path(__file__).resolve().parents[1] / "data" / "sortition"


def fixture_text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def small_20() -> Instance:
    quotas = parse_quotas(fixture_text("example_small_20_categories.csv"))
    pool = parse_people(fixture_text("example_small_20_respondents.csv"), quotas.categories)
    return Instance(pool, quotas, 20)


def sf_fixture(size: int = 22) -> Instance:
    quotas = parse_quotas(fixture_text("sf_fixture_features.csv"))
    pool = parse_people(fixture_text("sf_fixture_candidates.csv"), quotas.categories)
    return Instance(pool, quotas, size)


def published_leximin(name: str = "example_small_20_prob_allocs_data.csv") -> list[float]:
    lines = fixture_text(name).splitlines()[1:]
    return sorted(float(line.split(",")[2]) for line in lines if line.startswith("LexiMin,"))


def tiny(people: str, quotas: str, size: int) -> Instance:
    parsed = parse_quotas(quotas)
    return Instance(parse_people(people, parsed.categories), parsed, size)


# Two women, three men, one of each on a panel of 2: LEXIMIN gives 1/2 and 1/3; MAXIMIN only
# promises 1/3 to everyone.
TWO_BY_THREE = tiny(
    "id,gender\na,F\nb,F\nc,M\nd,M\ne,M\n",
    "feature,value,min,max\ngender,F,1,1\ngender,M,1,1\n",
    2,
)
