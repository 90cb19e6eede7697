"""What makes a result readable and honest: no conclusion from missing facts, a label in every
language for every trace step, citations in the reader's language."""

from __future__ import annotations

import pytest
from aiact_support import run
from test_aiact_scenarios import CASES

from balise.domain.aiact.classifier import classify_facts
from balise.domain.aiact.facts_schema import missing_facts
from balise.domain.aiact.labels import trace_labels
from balise.domain.aiact.ruleset import LANGUAGES, load_rules
from balise.domain.shared.errors import ValidationError
from balise.web.aiact.citations import cite


@pytest.mark.parametrize(
    ("document", "missing"),
    [
        ({}, ["actor.roles", "system.kind"]),
        ({"actor": {"roles": []}, "system": {"kind": "ai_system"}}, ["actor.roles"]),
        ({"actor": {"roles": ["deployer"]}}, ["system.kind"]),
        ({"actor": {"roles": ["deployer"]}, "system": {"kind": "gpai_model"}}, []),
    ],
)
def test_missing_facts_are_named(document: dict[str, object], missing: list[str]) -> None:
    assert missing_facts(document) == missing


def test_no_category_is_given_from_missing_facts() -> None:
    with pytest.raises(ValidationError) as caught:
        classify_facts({})
    assert set(caught.value.errors) == {"actor.roles", "system.kind"}
    # Facts stored before the rule are still read as they were.
    assert classify_facts({}, complete=False).categories


def test_every_trace_step_has_a_label_in_every_language() -> None:
    labels = trace_labels()
    steps = {rule.id for rule in load_rules().all_rules}
    for case in CASES:
        steps |= {entry.rule for entry in run(case.facts, on=case.on, law=case.law).trace}
    assert sorted(steps - set(labels)) == []
    assert all(set(texts) == set(LANGUAGES) for texts in labels.values())


@pytest.mark.parametrize(
    ("citation", "lang", "expected"),
    [
        ("Annex III point 4(a)", "nl", "bijlage III, punt 4(a)"),
        ("Annex III point 4(a)", "fr", "annexe III, point 4(a)"),
        ("Annex III point 4(a)", "de", "Anhang III Nummer 4(a)"),
        ("Annex III point 4(a)", "en", "Annex III point 4(a)"),
        ("Art. 50(4), first subparagraph", "nl", "art. 50(4), eerste alinea"),
        ("Annex III point 5(b) (excluded)", "de", "Anhang III Nummer 5(b) (ausgenommen)"),
        (
            "Annex I Section A point 11: Regulation (EU) 2017/745 (medical devices)",
            "nl",
            "bijlage I afdeling A, punt 11: Verordening (EU) 2017/745",
        ),
        ("Section B point 13: Regulation (EC) No 300/2008", "fr",
         "section B, point 13: règlement (CE) n° 300/2008"),
    ],
)  # fmt: skip
def test_citations_in_the_readers_language(citation: str, lang: str, expected: str) -> None:
    assert cite(citation, lang) == expected
