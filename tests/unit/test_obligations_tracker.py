"""The obligation tracker's pure rules: duties from results, status from the date, evidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from balise.domain.aiact import rules as package
from balise.domain.aiact.classifier import classify_facts
from balise.domain.aiact.result import Classification, Obligation
from balise.domain.obligations.evidence import Strength, evidence_rules
from balise.domain.obligations.model import (
    Evidence,
    EvidenceKind,
    Status,
    StatusInput,
    Tracking,
)
from balise.domain.obligations.tracker import duties_of, status_of, track
from balise.domain.shared.errors import ValidationError

TODAY = dt.date(2026, 12, 3)
SIGNED_FRIA = Evidence(EvidenceKind.ASSESSMENT, "fria 1", "7", "/assessments/7", "fria")
DPIA = Evidence(EvidenceKind.ASSESSMENT, "dpia 1", "8", "/assessments/8", "dpia")
AUDIT = Evidence(EvidenceKind.AUDIT, "fairness 3", "3", "/audits/3", "fairness")


def obligation(code: str, role: str = "deployer", on: dt.date | None = TODAY) -> Obligation:
    return Obligation(code, "Art. 27", role, on, True, {"en": code, "nl": code}, "rule")


def result(*obligations: Obligation, roles: tuple[str, ...] = ("deployer",)) -> Classification:
    return Classification(
        law="2026",
        law_title="",
        evaluation_date=TODAY,
        roles=roles,
        categories=(),
        legal_basis=(),
        fria_required=False,
        obligations=obligations,
        other_party_obligations=(),
        penalties=(),
        trace=(),
    )


def test_duties_come_from_the_newest_result_of_each_set_of_roles() -> None:
    newest = result(obligation("fria"), obligation("ai_literacy", "provider_deployer"))
    older = result(obligation("log_retention"))
    as_provider = result(obligation("risk_management", "provider"), roles=("provider",))
    duties = duties_of([newest, older, as_provider])
    assert [d.key for d in duties] == [
        ("fria", "deployer"),
        ("ai_literacy", "provider_deployer"),
        ("risk_management", "provider"),
    ]


def test_a_real_high_risk_deployer_result_gives_the_fria_duty() -> None:
    facts = {
        "actor": {"roles": ["deployer"], "public_body": True},
        "system": {"kind": "ai_system"},
        "annex_iii": {"points": ["5(a)"]},
    }
    found = classify_facts(facts, on=TODAY, complete=False)
    codes = {duty.code for duty in duties_of([found])}
    assert {"fria", "use_per_instructions", "human_oversight_assignment"} <= codes


def test_a_duty_to_do_before_its_date_is_not_yet_applicable() -> None:
    later = duties_of([result(obligation("fria", on=dt.date(2027, 12, 2)))])[0]
    assert status_of(later, None, TODAY) is Status.NOT_YET_APPLICABLE
    assert status_of(later, None, dt.date(2027, 12, 2)) is Status.TO_DO
    met = Tracking(1, "fria", "deployer", Status.MET, evidence=SIGNED_FRIA)
    assert status_of(later, met, TODAY) is Status.MET  # met early stays met


def test_evidence_is_suggested_by_the_versioned_rules() -> None:
    rules = evidence_rules()
    assert rules.version
    duties = duties_of(
        [result(obligation("fria"), obligation("input_data_quality"), obligation("ai_literacy"))]
    )
    tracker = track(duties, [], [SIGNED_FRIA, DPIA, AUDIT], rules, TODAY)
    fria, data, literacy = tracker.duties
    assert [(s.evidence, s.strength) for s in fria.suggestions] == [(SIGNED_FRIA, Strength.MEETS)]
    assert [(s.evidence, s.strength) for s in data.suggestions] == [(AUDIT, Strength.SUPPORTS)]
    assert literacy.suggestions == ()


def test_every_rule_names_an_obligation_of_the_catalogue_and_an_article() -> None:
    catalogue = yaml.safe_load((Path(package.__file__).parent / "obligations.yaml").read_text())
    for rule in evidence_rules().rules:
        assert rule.code in catalogue, rule.code
        assert rule.article.startswith("Art. ")


def test_the_summary_counts_only_duties_that_apply_today() -> None:
    duties = duties_of(
        [
            result(
                obligation("fria"),
                obligation("ai_literacy", "provider_deployer"),
                obligation("log_retention"),
                obligation("inform_workers"),
                obligation("disclose_deepfake", on=dt.date(2027, 8, 2)),
            )
        ]
    )
    said = [
        Tracking(1, "fria", "deployer", Status.MET, evidence=SIGNED_FRIA),
        Tracking(1, "log_retention", "deployer", Status.IN_PROGRESS),
        Tracking(1, "inform_workers", "deployer", Status.NOT_APPLICABLE, reason="No workers."),
        Tracking(1, "gone", "deployer", Status.MET),  # no longer a duty: left out
    ]
    tracker = track(duties, said, [], evidence_rules(), TODAY)
    summary = tracker.summary
    assert (summary.met, summary.applicable) == (1, 3)
    assert summary.counts[Status.NOT_YET_APPLICABLE] == 1
    assert summary.counts[Status.NOT_APPLICABLE] == 1
    document = tracker.to_json()
    assert document["summary"]["by_status"]["to_do"] == 1
    assert [d["status"] for d in document["duties"]] == [
        "met",
        "to_do",
        "in_progress",
        "not_applicable",
        "not_yet_applicable",
    ]


HELD = {SIGNED_FRIA.key: SIGNED_FRIA}


def test_a_status_is_checked_with_every_error_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        StatusInput(status="not_applicable", evidence_kind="document", evidence_url="ftp:x").check(
            HELD
        )
    assert set(caught.value.errors) == {
        "reason",
        "evidence_title",
        "evidence_url",
    }
    with pytest.raises(ValidationError) as caught:
        StatusInput(status="not_yet_applicable").check(HELD)
    assert set(caught.value.errors) == {"status"}
    with pytest.raises(ValidationError) as caught:
        StatusInput(status="met").check(HELD)
    assert set(caught.value.errors) == {"evidence_kind"}
    with pytest.raises(ValidationError) as caught:
        StatusInput(status="met", evidence_kind="assessment", evidence_reference="99").check(HELD)
    assert set(caught.value.errors) == {"evidence_reference"}
    with pytest.raises(ValidationError) as caught:
        StatusInput(status="met", evidence_kind="contract").check(HELD)
    assert set(caught.value.errors) == {"evidence_kind"}
    with pytest.raises(ValidationError) as caught:
        StatusInput(status="met", evidence_kind="document", evidence_title="Plan").check(HELD)
    assert set(caught.value.errors) == {"evidence_reference"}


def test_a_valid_status_keeps_the_reason_only_when_not_applicable() -> None:
    assert StatusInput(status="met", evidence_kind="assessment", evidence_reference="7").check(
        HELD
    ) == (Status.MET, "", SIGNED_FRIA)
    status, reason, evidence = StatusInput(
        status="in_progress",
        reason="ignored",
        evidence_kind="document",
        evidence_title="AI literacy plan",
        evidence_url="https://intranet.example/plan.pdf",
    ).check(HELD)
    assert (status, reason) == (Status.IN_PROGRESS, "")
    assert evidence == Evidence(
        EvidenceKind.DOCUMENT, "AI literacy plan", "", "https://intranet.example/plan.pdf"
    )
    assert StatusInput(status="not_applicable", reason=" No workers. ").check(HELD) == (
        Status.NOT_APPLICABLE,
        "No workers.",
        None,
    )
