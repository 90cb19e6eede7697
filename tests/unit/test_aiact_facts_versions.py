"""Facts schema versions: the pure converter from version 1 to version 2 (ADR 0016)."""

from __future__ import annotations

from typing import Any

import pytest

from balise.domain.aiact.facts import GpaiRelease, MarketStatus, RbiObjective
from balise.domain.aiact.facts_schema import parse_facts
from balise.domain.aiact.facts_versions import (
    FACTS_SCHEMA_VERSION,
    facts_version,
    upgrade_answers,
    upgrade_facts,
)
from balise.domain.shared.errors import ValidationError

V1: dict[str, Any] = {
    "actor": {"roles": ["deployer"], "employer_workplace_use": True},
    "system": {"kind": "ai_system", "placed_on_market": None},
    "biometrics": {"remote_identification": True, "rbi_exception": "victims"},
    "annex_iii": {"point": "1(a)", "exclusion": "biometric_verification", "profiling": True},
    "gpai": {"open_release": True},
}


def test_a_version_1_document_becomes_the_version_2_document_saying_the_same() -> None:
    upgrade = upgrade_facts(V1)
    assert upgrade.converted
    assert upgrade.read_as == 1
    assert upgrade.document == {
        "schema_version": 2,
        "actor": {"roles": ["deployer"], "employer_use_on_workers": True},
        "system": {"kind": "ai_system", "market_status": "not_yet"},
        "biometrics": {"remote_identification": True, "rbi_objectives": ["victims"]},
        "annex_iii": {
            "profiling": True,
            "points": ["1(a)"],
            "exclusions": ["biometric_verification"],
        },
        "gpai": {"release": "open_source"},
    }
    named = {(note.params["old"], note.params["new"]) for note in upgrade.notes}
    assert ("annex_iii.point", "annex_iii.points") in named
    assert len(upgrade.notes) == 6
    assert V1["annex_iii"]["point"] == "1(a)"  # the input is not changed


def test_the_converted_document_reads_as_the_same_facts() -> None:
    facts = parse_facts(V1)
    assert facts.annex_iii.points == ("1(a)",)
    assert facts.biometrics.rbi_objectives == (RbiObjective.VICTIMS,)
    assert facts.gpai.release is GpaiRelease.OPEN_SOURCE
    assert facts.system.market_status is MarketStatus.NOT_YET
    assert facts.actor.employer_use_on_workers
    assert parse_facts(upgrade_facts(V1).document) == facts


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"biometrics": {"rbi_exception": "none"}}, {"biometrics": {"rbi_objectives": []}}),
        ({"gpai": {"open_release": False}}, {"gpai": {"release": "closed"}}),
        ({"annex_iii": {"point": None}}, {"annex_iii": {}}),
        (
            {"system": {"placed_on_market": "2025-03-01"}},
            {"system": {"placed_on_market": "2025-03-01"}},
        ),
        ({}, {}),
    ],
)
def test_each_version_1_field(old: dict[str, Any], new: dict[str, Any]) -> None:
    assert upgrade_facts(old).document == {"schema_version": FACTS_SCHEMA_VERSION, **new}


def test_a_version_2_document_and_anything_else_are_left_as_they_are() -> None:
    v2 = {"schema_version": 2, "annex_iii": {"points": ["4(a)", "1(a)"]}}
    assert upgrade_facts(v2).document is v2
    assert not upgrade_facts(v2).converted
    assert upgrade_facts([1, 2]).document == [1, 2]
    assert facts_version({"schema_version": 1}) == 1
    assert facts_version({"schema_version": "2"}) is None
    assert facts_version({"schema_version": True}) is None
    with pytest.raises(ValidationError) as caught:
        parse_facts({"schema_version": "2"})
    assert "schema_version" in caught.value.errors


def test_errors_in_a_converted_document_name_the_fields_it_used() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_facts({"annex_iii": {"point": "9(z)"}, "gpai": {"open_release": "yes"}})
    assert set(caught.value.errors) == {"annex_iii.point", "gpai.open_release"}


def test_flat_questionnaire_answers_are_converted_too() -> None:
    old = {
        "annex_iii.point": "4(a)",
        "biometrics.rbi_exception": "threat",
        "actor.roles": ["deployer"],
    }
    assert upgrade_answers(old) == {
        "annex_iii.points": ["4(a)"],
        "biometrics.rbi_objectives": ["threat"],
        "actor.roles": ["deployer"],
    }
    both = {"annex_iii.point": "4(a)", "annex_iii.points": ["5(b)"]}
    assert upgrade_answers(both) == {"annex_iii.points": ["5(b)"]}  # the version 2 answer wins
