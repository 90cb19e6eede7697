"""The invitation stage: proportional letters per stratum, over-sampling, seeded draws."""

from __future__ import annotations

import pytest

from balise.domain.panels.invitations import (
    Stratum,
    allocate,
    draw_invitations,
    parse_addresses,
    parse_strata,
)
from balise.domain.shared.errors import ValidationError

STRATA = (
    "stratum,population,oversampling\n"
    "Flanders,6800000,1\nWallonia,3700000,1.5\nBrussels,1250000,2\n"
)


def addresses(per_stratum: int = 400) -> str:
    rows = ["id,stratum,street"]
    for name in ("Flanders", "Wallonia", "Brussels"):
        rows += [f"{name[:2]}{i},{name},Rue {i}" for i in range(per_stratum)]
    return "\n".join(rows) + "\n"


def test_allocation_is_proportional_with_oversampling() -> None:
    strata = parse_strata(STRATA)
    result = allocate(strata, 1_000, {"Flanders": 10_000, "Wallonia": 10_000, "Brussels": 10_000})
    assert sum(result.values()) == 1_000
    weights = {"Flanders": 6.8, "Wallonia": 3.7 * 1.5, "Brussels": 1.25 * 2}
    for name, weight in weights.items():
        assert result[name] == pytest.approx(1_000 * weight / sum(weights.values()), abs=1)


def test_a_full_stratum_passes_its_letters_on() -> None:
    strata = (Stratum("a", 90), Stratum("b", 10))
    assert allocate(strata, 50, {"a": 20, "b": 100}) == {"a": 20, "b": 30}
    with pytest.raises(ValidationError):
        allocate(strata, 500, {"a": 20, "b": 100})


def test_the_draw_is_reproducible_and_stays_in_each_stratum() -> None:
    strata = parse_strata(STRATA)
    by_stratum = parse_addresses(addresses())
    allocation, invited = draw_invitations(strata, by_stratum, 300, seed=2024)
    assert (allocation, invited) == draw_invitations(strata, by_stratum, 300, seed=2024)
    assert invited != draw_invitations(strata, by_stratum, 300, seed=2025)[1]
    assert len(invited) == len(set(invited)) == 300
    assert sum(1 for a in invited if a.startswith("Br")) == allocation["Brussels"]


def test_errors_name_line_and_column() -> None:
    with pytest.raises(ValidationError) as raised:
        parse_strata("stratum,population,oversampling\nA,many,1\nB,10,0\n")
    assert set(raised.value.errors) == {"line 2, column population", "line 3, column oversampling"}
    with pytest.raises(ValidationError) as duplicate:
        parse_addresses("id,stratum\nx,A\nx,B\n")
    assert "line 3, column id" in duplicate.value.errors
