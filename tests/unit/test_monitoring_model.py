"""The monitoring domain's invariants: incidents, their states and versions; requests, secrets."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from balise.domain.monitoring.deadlines import RequestBasis
from balise.domain.monitoring.incidents import (
    Incident,
    IncidentCategory,
    IncidentReport,
    RegulatorState,
    ReporterRole,
    ReportStage,
    incident_reference,
)
from balise.domain.monitoring.requests import (
    Answer,
    CitizenRequest,
    Contact,
    Outcome,
    RequestInput,
    RequestKind,
    RequestState,
    hash_secret,
    request_reference,
    secret_matches,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import Language

AT = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def report(**changes: object) -> IncidentReport:
    values: dict[str, object] = {
        "category": IncidentCategory.HEALTH,
        "aware_on": date(2026, 12, 2),
        "description": "Delayed care.",
    }
    values.update(changes)
    return IncidentReport(**values)  # type: ignore[arg-type]


def incident(**changes: object) -> Incident:
    first = report()
    deadline = first.deadline()
    values: dict[str, object] = {
        "reference": incident_reference(2026, 7),
        "organisation_id": 1,
        "reporter_role": ReporterRole.DEPLOYER,
        "report": first,
        "due_on": deadline.due_on,
        "article": deadline.article,
        "reported_at": AT,
        "system_name": "Triage",
        "provider_name": "Vendor",
    }
    values.update(changes)
    return Incident(**values)  # type: ignore[arg-type]


def test_references_are_readable() -> None:
    assert request_reference(2026, 123) == "BAL-2026-000123"
    assert incident_reference(2026, 7) == "INC-2026-000007"
    with pytest.raises(ValidationError):
        incident(reference="INC-26-7")


def test_a_report_names_every_wrong_field_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        report(
            category=IncidentCategory.PROPERTY_ENVIRONMENT,
            death=True,
            description=" ",
            occurred_on=date(2026, 12, 3),
            affected_persons=-1,
            stage=ReportStage.COMPLETE,
        )
    assert set(caught.value.errors) == {
        "death",
        "description",
        "occurred_on",
        "affected_persons",
        "immediate_measures",
    }


def test_the_shortest_clock_applies_to_a_report() -> None:
    assert report(death=True).deadline().due_on == date(2026, 12, 14)
    assert report(death=True, widespread=True).deadline().due_on == date(2026, 12, 4)
    assert (
        report(category=IncidentCategory.CRITICAL_INFRASTRUCTURE)
        .deadline()
        .article.endswith("Art 3(49)(b)")
    )
    assert report().deadline().due_on == date(2026, 12, 17)


def test_a_system_outside_the_register_needs_its_name_and_provider() -> None:
    with pytest.raises(ValidationError) as caught:
        incident(system_name="", provider_name="")
    assert set(caught.value.errors) == {"system", "provider_name"}


def test_regulator_states_and_versions() -> None:
    current = incident()
    with pytest.raises(Conflict):
        current.move_to(RegulatorState.MEASURES_REQUESTED, at=AT, measures="x")
    assessing = current.move_to(RegulatorState.UNDER_ASSESSMENT, at=AT)
    with pytest.raises(ValidationError):
        assessing.move_to(RegulatorState.MEASURES_REQUESTED, at=AT)
    with pytest.raises(Conflict):
        assessing.publish("Summary.", at=AT)
    asked = assessing.move_to(
        RegulatorState.MEASURES_REQUESTED,
        at=AT,
        measures="Retrain.",
        follow_up_due_on=date(2026, 12, 20),
    )
    assert asked.follow_up_overdue(date(2026, 12, 21))
    assert not asked.follow_up_overdue(date(2026, 12, 20))
    completed = asked.complete(report(stage=ReportStage.COMPLETE, immediate_measures="Paused."))
    assert completed.version == 2
    assert completed.due_on == current.due_on
    with pytest.raises(Conflict):
        completed.complete(report())
    closed = completed.move_to(RegulatorState.CLOSED, at=AT)
    with pytest.raises(Conflict):
        closed.complete(report(stage=ReportStage.COMPLETE, immediate_measures="x"))
    assert closed.publish(" Summary. ", at=AT).public_summary == "Summary."


def test_the_secret_is_stored_hashed_and_compared_by_hash() -> None:
    stored = hash_secret("s3cret")
    assert "s3cret" not in stored
    assert secret_matches("s3cret", stored)
    assert not secret_matches("s3cret ", stored)
    assert not secret_matches("", stored)


def citizen_request(**changes: object) -> CitizenRequest:
    given = RequestInput(
        kind=RequestKind.HUMAN_REVIEW,
        decision_reference="D-1",
        text="Please review.",
        contact=Contact(email=" Person@Example.be "),
        language=Language.NL,
    )
    made = CitizenRequest.file(
        reference="BAL-2026-000001",
        organisation_id=1,
        system_id=None,
        given=given,
        basis=RequestBasis.GDPR,
        received_on=date(2026, 1, 31),
        secret_hash=hash_secret("x"),
        at=AT,
    )
    return replace(made, **changes)  # type: ignore[arg-type]


def test_a_request_needs_a_contact_and_a_decision_reference() -> None:
    with pytest.raises(ValidationError) as caught:
        RequestInput(
            kind=RequestKind.EXPLANATION,
            decision_reference="",
            text="",
            contact=Contact(),
            language=Language.FR,
        )
    assert set(caught.value.errors) == {"decision_reference", "text", "contact"}
    information = RequestInput(
        kind=RequestKind.INFORMATION,
        decision_reference="",
        text="Which data?",
        contact=Contact(postal_address="Rue 1"),
        language=Language.FR,
    )
    assert information.decision_reference == ""
    with pytest.raises(ValidationError):
        Contact(email="not an address")


def test_handling_a_request() -> None:
    filed = citizen_request()
    assert filed.contact.email == "person@example.be"
    assert filed.due_on == date(2026, 3, 2)
    with pytest.raises(ValidationError):
        filed.assign(reviewer_id=5, decision_maker_id=5)
    answer = Answer(
        outcome=Outcome.CHANGED,
        ai_role="A score.",
        main_elements="Income.",
        data_used="The form.",
        how_to_contest="The Data Protection Authority.",
    )
    with pytest.raises(Conflict):
        filed.respond(answer, today=date(2026, 2, 10), at=AT)
    assigned = filed.assign(reviewer_id=5, decision_maker_id=6)
    assert assigned.state is RequestState.IN_REVIEW
    with pytest.raises(ValidationError):
        assigned.extend("Complex.", today=date(2026, 3, 3))
    extended = assigned.extend("Complex.", today=date(2026, 3, 2))
    assert extended.current_due_on == date(2026, 4, 30)
    with pytest.raises(Conflict):
        extended.extend("Again.", today=date(2026, 3, 2))
    assert extended.overdue(date(2026, 5, 1))
    answered = extended.respond(answer, today=date(2026, 4, 1), at=AT)
    assert answered.answered_on_time
    assert answered.days_to_answer() == 60
    assert not answered.overdue(date(2026, 6, 1))
    erased = answered.erase_contact(at=AT)
    assert not erased.contact.given
    assert erased.text == ""
    assert erased.answer == answer


def test_an_answer_gives_every_element_of_an_explanation() -> None:
    with pytest.raises(ValidationError) as caught:
        Answer(
            outcome=Outcome.UPHELD, ai_role="", main_elements="", data_used="", how_to_contest=""
        )
    assert set(caught.value.errors) == {"ai_role", "main_elements", "data_used", "how_to_contest"}
    assert Answer.from_json(Answer(Outcome.WITHDRAWN, "a", "b", "c", "d", "e").to_json()) == Answer(
        Outcome.WITHDRAWN, "a", "b", "c", "d", "e"
    )
