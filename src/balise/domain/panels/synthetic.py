"""Synthetic pools shaped like a Belgian citizens' panel's, seeded (benchmarks, tests, the demo).

`belgium(seed, people=1_170, size=60)`: six categories (region, gender, language, age band,
education, socio-economic level), the pool skewed as volunteer pools are (older, more educated),
and quotas set from population shares (±1 seat, language ±2), as real panels do. The shares are
rounded orders of magnitude for Belgium, not official statistics; nobody in these pools exists.
`belgium_files` gives the same pool as the two CSV files an organiser uploads.
"""

from __future__ import annotations

import random

from balise.domain.panels.model import Instance
from balise.domain.panels.selection import load_instance

# category: (value, share in the volunteer pool, share in the population)
BELGIUM: dict[str, list[tuple[str, float, float]]] = {
    "region": [("flanders", 0.50, 0.58), ("wallonia", 0.32, 0.32), ("brussels", 0.18, 0.10)],
    "gender": [("female", 0.45, 0.51), ("male", 0.55, 0.49)],
    "age": [
        ("16-24", 0.08, 0.13),
        ("25-39", 0.20, 0.24),
        ("40-54", 0.25, 0.25),
        ("55-69", 0.30, 0.23),
        ("70+", 0.17, 0.15),
    ],
    "education": [("low", 0.12, 0.25), ("middle", 0.33, 0.38), ("high", 0.55, 0.37)],
    "ses": [("low", 0.20, 0.30), ("middle", 0.40, 0.40), ("high", 0.40, 0.30)],
}
LANGUAGE = {"flanders": 0.97, "wallonia": 0.03, "brussels": 0.20}  # chance of Dutch by region


def belgium_files(seed: int = 0, people: int = 1_170, size: int = 60) -> tuple[str, str]:
    """The respondents CSV and the quotas CSV of a seeded Belgian-shaped pool."""
    draw = random.Random(seed)  # noqa: S311 - a reproducible synthetic pool, not a secret
    rows = ["id,region,gender,language,age,education,ses"]
    for person in range(people):
        values = {
            category: draw.choices([v for v, _, _ in options], [w for _, w, _ in options])[0]
            for category, options in BELGIUM.items()
        }
        dutch = draw.random() < LANGUAGE[values["region"]]
        language = "dutch" if dutch else "french"
        rows.append(
            f"p{person},{values['region']},{values['gender']},{language},{values['age']},"
            f"{values['education']},{values['ses']}"
        )
    quotas = ["category,feature,min,max"]
    population = {category: [(v, share) for v, _, share in o] for category, o in BELGIUM.items()}
    population["language"] = [("dutch", 0.60), ("french", 0.40)]
    for category, options in population.items():
        slack = 2 if category == "language" else 1
        for value, share in options:
            target = share * size
            low, high = max(0, int(target) - slack), int(target + 0.999) + slack
            quotas.append(f"{category},{value},{low},{high}")
    return "\n".join(rows) + "\n", "\n".join(quotas) + "\n"


def belgium(seed: int = 0, people: int = 1_170, size: int = 60) -> Instance:
    """A seeded synthetic Belgian-shaped instance (see the module docstring)."""
    respondents, categories = belgium_files(seed, people, size)
    return load_instance(respondents=respondents, categories=categories, size=size)
