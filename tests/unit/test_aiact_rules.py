"""The rule set as data, the facts schema and its validation."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

from balise.domain.aiact.conditions import path_exists, paths_in
from balise.domain.aiact.engine import classify
from balise.domain.aiact.facts import Facts
from balise.domain.aiact.facts_schema import facts_schema, parse_facts
from balise.domain.aiact.ruleset import LANGUAGES, LAW_IDS, load_rules
from balise.domain.shared.errors import ValidationError

RULES = load_rules()


def test_both_law_versions_are_loaded_with_their_dates() -> None:
    assert set(RULES.versions) == set(LAW_IDS)
    old, new = RULES.version("2024"), RULES.version("2026")
    assert old.date("high_risk_annex_iii") == dt.date(2026, 8, 2)
    assert new.date("high_risk_annex_iii") == dt.date(2027, 12, 2)
    assert old.date("high_risk_annex_i") == dt.date(2027, 8, 2)
    assert new.date("high_risk_annex_i") == dt.date(2028, 8, 2)
    assert old.date("new_prohibitions") is None
    assert new.date("new_prohibitions") == dt.date(2026, 12, 2)
    assert RULES.version_on(dt.date(2026, 7, 26)).id == "2024"
    assert RULES.version_on(dt.date(2026, 7, 27)).id == "2026"
    assert RULES.version_on(dt.date(2020, 1, 1)).id == "2024"


def test_every_rule_cites_an_article_and_reads_existing_facts() -> None:
    for rule in RULES.all_rules:
        assert rule.article.startswith(("Art.", "Annex"))
        assert set(rule.laws) <= set(LAW_IDS)
        for condition in (rule.when, rule.unless):
            if condition is not None:
                missing = [path for path in paths_in(condition) if not path_exists(path)]
                assert missing == [], rule.id


def test_every_obligation_is_explained_in_four_languages() -> None:
    for version in RULES.versions.values():
        for spec in version.obligations.values():
            assert spec.article.startswith("Art.")
            for language in LANGUAGES:
                assert len(spec.explanation[language]) > 20, (spec.code, language)


def test_every_obligation_the_engine_can_name_is_in_the_catalogue() -> None:
    from balise.domain.aiact import engine

    codes = {
        *engine.PROVIDER_HIGH_RISK,
        *engine.DEPLOYER_HIGH_RISK,
        *engine.IMPORTER_HIGH_RISK,
        *engine.DISTRIBUTOR_HIGH_RISK,
    }
    assert codes <= set(RULES.version("2026").obligations)


def test_literacy_wording_differs_between_versions() -> None:
    old = RULES.version("2024").obligations["ai_literacy"].explanation["en"]
    new = RULES.version("2026").obligations["ai_literacy"].explanation["en"]
    assert "sufficient level" in old
    assert "support" in new


def test_the_schema_is_valid_and_accepts_a_full_document() -> None:
    schema = facts_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert json.loads(json.dumps(schema)) == schema
    assert schema["properties"]["annex_iii"]["allOf"][0]["$ref"] == "#/$defs/AnnexIII"
    assert "5(b)" in schema["$defs"]["AnnexIII"]["properties"]["points"]["items"]["enum"]
    assert schema["properties"]["schema_version"]["enum"] == [2]
    assert parse_facts({}) == Facts() == parse_facts({"schema_version": 2})


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"actor": {"roles": ["boss"]}}, "actor.roles.0"),
        ({"actor": {"size_class": "huge"}}, "actor.size_class"),
        ({"annex_iii": {"point": "9(z)"}}, "annex_iii.point"),  # version 1: its own name
        ({"schema_version": 2, "annex_iii": {"points": ["9(z)"]}}, "annex_iii.points.0"),
        ({"schema_version": 3}, "schema_version"),
        ({"system": {"placed_on_market": "22/11/2026"}}, "system.placed_on_market"),
        ({"system": {"placed_on_market": "2026-02-30"}}, "system.placed_on_market"),
        ({"prohibited": {"manipulation": {"used": "yes"}}}, "prohibited.manipulation.used"),
        ({"gpai": {"training_compute_flop": -1}}, "gpai.training_compute_flop"),
        ({"actor": {"nickname": "x"}}, "actor.nickname"),
        ([1, 2], "(document)"),
    ],
)
def test_invalid_facts_name_the_field(document: object, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_facts(document)
    assert field in caught.value.errors


def test_yaml_dates_are_accepted() -> None:
    facts = parse_facts({"system": {"placed_on_market": dt.date(2026, 1, 1)}})
    assert facts.system.placed_on_market == dt.date(2026, 1, 1)


def test_the_trace_records_every_rule_of_both_versions() -> None:
    result = classify(Facts(), on=dt.date(2026, 11, 22))
    traced = {entry.rule for entry in result.trace}
    assert {rule.id for rule in RULES.all_rules} <= traced
    assert all(entry.reason for entry in result.trace)
