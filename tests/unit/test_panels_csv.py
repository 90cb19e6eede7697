"""Reading quotas and pools in the Sortition Foundation and Nature-replication formats."""

from __future__ import annotations

import pytest
from test_panels_support import fixture_text

from balise.domain.panels.csvfiles import parse_people, parse_quotas
from balise.domain.panels.model import Instance
from balise.domain.shared.errors import ValidationError


def test_replication_format() -> None:
    quotas = parse_quotas(fixture_text("example_small_20_categories.csv"))
    assert quotas.categories == ("gender", "leaning")
    assert next((q.category, q.value, q.minimum, q.maximum) for q in quotas.quotas) == (
        "gender",
        "female",
        9,
        20,
    )
    pool = parse_people(fixture_text("example_small_20_respondents.csv"), quotas.categories)
    assert len(pool) == 200
    assert pool.people[0].id == "0"
    assert pool.people[199].id == "199"
    assert pool.contacts == {}


def test_sortition_foundation_format_keeps_contacts_apart() -> None:
    quotas = parse_quotas(fixture_text("sf_fixture_features.csv"))
    assert quotas.quotas[0].min_flex == 0
    assert quotas.quotas[0].max_flex == 12
    pool = parse_people(fixture_text("sf_fixture_candidates.csv"), quotas.categories)
    assert len(pool) == 150
    first = pool.people[0]
    assert first.id == "p0"
    assert set(first.features) == {"Gender", "age_bracket", "edu_level", "geo_bucket"}
    assert pool.contacts["p0"]["email"] == "email0"
    assert "email" not in first.features


def test_flex_columns_are_optional() -> None:
    quotas = parse_quotas("feature,value,min,max\ng,a,1,2\ng,b,0,1\n")
    assert quotas.quotas[1].max_flex is None


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("feature,value,min,max\ng,a,one,2\n", "line 2, column min", "not a whole number"),
        ("feature,value,min,max\ng,a,1,2\ng,b,3,1\n", "line 3, column max", "below the minimum"),
        ("feature,value,min,max\ng,a,1,2\ng,a,1,2\n", "line 3, column value", "more than once"),
        ("category,feature,min,max\ng,a,-1,2\n", "line 2, column min", "negative"),
        ("category,feature,min,max\ng,,1,2\n", "line 2, column feature", "empty"),
        ("feature,value,min,max\ng,a,1\n", "line 2, column -", "Expected 4 columns"),
        ("name,value,min,max\ng,a,1,2\n", "line 1, column name", "header must start"),
        ("feature,value,min\ng,a,1\n", "line 1, column max", "missing"),
    ],
)
def test_quota_errors_name_line_and_column(text: str, where: str, words: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_quotas(text)
    assert where in raised.value.errors
    assert words in raised.value.errors[where].key % dict(raised.value.errors[where].params)


def test_people_errors_name_line_and_column() -> None:
    with pytest.raises(ValidationError) as raised:
        parse_people("id,g\np1,a\np1,b\np3,\n", ["g"])
    assert set(raised.value.errors) == {"line 3, column id", "line 4, column g"}
    with pytest.raises(ValidationError) as missing:
        parse_people("id,h\np1,a\n", ["g"])
    assert "line 1, column g" in missing.value.errors


def test_a_value_without_quota_is_refused() -> None:
    quotas = parse_quotas("feature,value,min,max\ng,a,0,2\n")
    with pytest.raises(ValidationError) as by_line:
        parse_people("id,g\np1,a\n\np2,z\n", ["g"], quotas=quotas)
    assert list(by_line.value.errors) == ["line 4, column g"]
    with pytest.raises(ValidationError) as raised:
        Instance(parse_people("id,g\np1,a\np2,z\n", ["g"]), quotas, 1)
    assert "person p2, column g" in raised.value.errors


def test_panel_size_must_fit_the_pool() -> None:
    quotas = parse_quotas("feature,value,min,max\ng,a,0,2\n")
    with pytest.raises(ValidationError):
        Instance(parse_people("id,g\np1,a\n", ["g"]), quotas, 2)
