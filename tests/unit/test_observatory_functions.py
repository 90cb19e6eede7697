"""The observatory's indicator functions on hand-computed examples, and its YAML definitions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from balise.domain.observatory.catalogue import Direction, Unit, load_indicators
from balise.domain.observatory.facts import (
    Facts,
    IncidentFact,
    Owner,
    PanelFact,
    PublishedSystem,
    QuotaFact,
    RequestFact,
    ReviewEvent,
    ReviewStep,
)
from balise.domain.observatory.functions import (
    FUNCTIONS,
    NOT_YET_BUILT,
    NOTHING_TO_COUNT,
    Result,
    counts,
    fairness_audit_published_share,
    first_review_compliance_share,
    high_risk_with_fria_share,
    incidents_on_time_share,
    median_days,
    panels_held,
    panels_quota_gap,
    publication_median_days,
    requests_decisions_changed_share,
    requests_median_response_days,
    requests_on_time_share,
    share,
    stale_records_share,
    systems_by_level,
    systems_published,
)
from balise.domain.observatory.snapshots import Snapshot, latest_per_day, next_version
from balise.domain.shared.i18n import LANGUAGES

CITY = Owner("city", "local", "public_administration")
STATE = Owner("state", "federal", "social_security")
D = date


def system(n: int, risk: str, owner: Owner = CITY, **more: object) -> PublishedSystem:
    return PublishedSystem(n, owner, risk, D(2026, 1, n), **more)  # type: ignore[arg-type]


SYSTEMS = (
    system(1, "high_risk"),
    system(2, "high_risk", STATE),
    system(3, "high_risk", withdrawn=True),
    system(4, "minimal", STATE, revision_date=D(2026, 3, 1)),
    system(5, "minimal", revision_date=D(2027, 1, 1)),
)


def test_share_and_median_by_hand() -> None:
    assert share(1, 4) == Result(0.25)
    assert share(0, 0) == Result(None, {}, NOTHING_TO_COUNT)
    with pytest.raises(ValueError):
        share(3, 2)
    # 3, 10, 4 days -> sorted 3, 4, 10 -> 4; with a fourth span of 6: (4 + 6) / 2 = 5
    spans = [
        (D(2026, 1, 1), D(2026, 1, 4)),
        (D(2026, 1, 1), D(2026, 1, 11)),
        (D(2026, 2, 27), D(2026, 3, 3)),
    ]
    assert median_days(spans) == Result(4.0)
    assert median_days([*spans, (D(2026, 1, 1), D(2026, 1, 7))]) == Result(5.0)
    assert median_days([]).value is None
    assert counts(["a", "b", "a"]) == Result(3.0, {"a": 2.0, "b": 1.0})
    assert counts([]) == Result(0.0)  # counting nothing is a real zero


def test_register_indicators_by_hand() -> None:
    facts = Facts(systems=SYSTEMS, signed_frias={1: D(2026, 2, 1)}, today=D(2026, 6, 1))
    # withdrawn system 3 left out: 2 high-risk, 2 minimal
    assert systems_published(facts) == Result(4.0, {"high_risk": 2.0, "minimal": 2.0})
    assert systems_by_level(facts) == Result(4.0, {"federal": 2.0, "local": 2.0})
    assert high_risk_with_fria_share(facts) == Result(0.5)  # 1 of systems 1 and 2
    assert stale_records_share(facts) == Result(0.25)  # system 4, revision date passed
    audited = Facts(systems=SYSTEMS, published_fairness_audits={5: D(2026, 1, 9)})
    assert fairness_audit_published_share(audited) == Result(0.25)
    assert high_risk_with_fria_share(Facts()).reason == NOTHING_TO_COUNT


def test_review_indicators_by_hand() -> None:
    def event(n: int, day: int, step: ReviewStep) -> ReviewEvent:
        return ReviewEvent(n, CITY, D(2026, 1, day), step)

    events = (
        # system 1: submitted on the 1st, approved, published on the 3rd -> 2 days, first time
        event(1, 1, ReviewStep.SUBMITTED),
        event(1, 2, ReviewStep.APPROVED),
        event(1, 3, ReviewStep.PUBLISHED),
        # system 2: sent back, submitted again on the 10th, published on the 20th -> 10 days
        event(2, 1, ReviewStep.SUBMITTED),
        event(2, 5, ReviewStep.SENT_BACK),
        event(2, 10, ReviewStep.SUBMITTED),
        event(2, 12, ReviewStep.APPROVED),
        event(2, 20, ReviewStep.PUBLISHED),
        # system 3: waiting for a reviewer
        event(3, 25, ReviewStep.SUBMITTED),
    )
    facts = Facts(review_events=events)
    # decided cycles: 1 approved, 2 sent back, 2 approved -> 2 of 3
    assert first_review_compliance_share(facts) == Result(2 / 3)
    # publications after 2 and 10 days -> median 6
    assert publication_median_days(facts) == Result(6.0)


def test_monitoring_indicators_by_hand() -> None:
    incidents = (
        IncidentFact(CITY, "health", D(2026, 1, 1), D(2026, 1, 16), D(2026, 1, 10)),
        IncidentFact(CITY, "health", D(2026, 1, 1), D(2026, 1, 3), D(2026, 1, 5)),
    )
    assert incidents_on_time_share(Facts(incidents=incidents)) == Result(0.5)
    requests = (
        # answered in 10 days, on time, decision changed
        RequestFact(CITY, "human_review", D(2026, 1, 1), D(2026, 2, 1), D(2026, 1, 11), "changed"),
        # answered in 40 days, late (deadline 1 February), upheld
        RequestFact(CITY, "explanation", D(2026, 1, 1), D(2026, 2, 1), D(2026, 2, 10), "upheld"),
        # answered in 20 days, on time
        RequestFact(STATE, "explanation", D(2026, 3, 1), D(2026, 4, 1), D(2026, 3, 21), "upheld"),
        # still open, deadline passed on 1 May: late
        RequestFact(STATE, "information", D(2026, 4, 1), D(2026, 5, 1)),
        # still open, deadline ahead: not counted yet
        RequestFact(STATE, "information", D(2026, 5, 20), D(2026, 6, 20)),
    )
    facts = Facts(requests=requests, today=D(2026, 6, 1))
    assert requests_median_response_days(facts) == Result(20.0)  # 10, 20, 40
    assert requests_on_time_share(facts) == Result(0.5)  # 2 of 3 answered + 1 late open
    assert requests_decisions_changed_share(facts) == Result(1 / 3)
    # filtered to the state: one answered request of 20 days
    assert requests_median_response_days(facts.filtered(organisation="state")) == Result(20.0)
    # as of 15 January, nothing answered yet
    assert requests_median_response_days(facts.as_of(D(2026, 1, 15))) == Result(10.0)
    assert requests_median_response_days(facts.as_of(D(2026, 1, 5))).value is None


def test_panel_indicators_by_hand() -> None:
    quotas = (QuotaFact("gender", "f", 2, 3), QuotaFact("gender", "m", 2, 3))
    drawn = tuple(
        {"gender": g} for g in ("f", "f", "f", "f", "m")
    )  # 4 women (1 too many), 1 man (1 short)
    panels = (
        PanelFact(CITY, D(2026, 1, 1), quotas, drawn),
        PanelFact(STATE, D(2026, 2, 1), quotas, (*drawn[1:], {"gender": "m"})),  # 3 f, 2 m: 0
        PanelFact(STATE, None),
    )
    facts = Facts(panels=panels)
    assert panels_held(facts) == Result(2.0)
    assert panels_quota_gap(facts).value == 1.0  # (2 + 0) / 2
    assert panels_quota_gap(Facts()).reason == NOTHING_TO_COUNT


def test_modules_that_do_not_exist_yet_report_no_data() -> None:
    result = FUNCTIONS["ecolabels_distribution"](Facts())
    assert result.value is None
    assert result.reason == NOT_YET_BUILT


def test_the_yaml_defines_every_code_in_four_languages() -> None:
    indicators = load_indicators()
    codes = {i.code for i in indicators}
    assert {
        "systems_published",
        "high_risk_with_fria_share",
        "first_review_compliance_share",
        "requests_median_response_days",
        "requests_on_time_share",
        "incidents_on_time_share",
        "questions_median_response_days",
    } <= codes
    for indicator in indicators:
        for language in LANGUAGES:
            assert indicator.name.in_language(language).fallback is False  # type: ignore[union-attr]
            assert indicator.definition.in_language(language).fallback is False  # type: ignore[union-attr]
        assert indicator.function in FUNCTIONS
        assert indicator.basis
        assert isinstance(indicator.unit, Unit)
        assert isinstance(indicator.direction, Direction)


def test_snapshots_are_versioned_never_overwritten() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    first = Snapshot("x", D(2026, 1, 1), 1, Result(1.0), "v", at)
    assert next_version(None, Result(1.0)) == 1
    assert next_version(first, Result(1.0)) is None
    assert next_version(first, Result(2.0)) == 2
    second = Snapshot("x", D(2026, 1, 1), 2, Result(2.0), "v", at)
    assert latest_per_day([second, first]) == [second]
    with pytest.raises(ValueError):
        Result(None)  # no value needs a reason
