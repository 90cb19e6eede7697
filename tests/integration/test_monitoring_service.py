"""Monitoring use cases on SQLite and PostgreSQL: requests, incidents, e-mails through SMTP."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from balise.adapters.mail.smtp import SmtpMailer
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.monitoring.incidents import RegulatorState, ReportStage
from balise.domain.monitoring.requests import (
    Answer,
    Contact,
    Outcome,
    RequestChannel,
    RequestState,
)
from balise.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationError
from balise.services import monitoring
from monitoring_helpers import (
    NOW,
    build_monitoring_world,
    death_report,
    fix_clock,
    german_request,
    smtp_server,
)
from register_support import actor_of


def an_answer(outcome: Outcome = Outcome.CHANGED) -> Answer:
    return Answer(
        outcome=outcome,
        ai_role="Das System hat eine Dringlichkeitsstufe vorgeschlagen.",
        main_elements="Einkommen und Familiensituation.",
        data_used="Angaben aus Ihrem Antrag.",
        how_to_contest="Datenschutzbehörde, föderaler Ombudsmann.",
    )


def test_a_request_is_filed_with_a_reference_a_deadline_and_a_hashed_secret(
    container: Container, world: dict[str, Any]
) -> None:
    built = build_monitoring_world(container, world)
    reference = built.references["request"]
    assert reference == "BAL-2026-000001"
    with container.uow() as uow:
        stored = uow.citizen_requests.find_by_reference(reference)
        assert stored is not None
        assert stored.due_on == date(2027, 1, 4)  # 2 Jan 2027 is a Saturday
        assert built.secrets["request"] not in stored.secret_hash
        found = monitoring.follow_request(uow, reference=reference, secret=built.secrets["request"])
        assert found.id == stored.id
        with pytest.raises(NotFound):
            monitoring.follow_request(uow, reference=reference, secret="wrong")
        events = uow.audit_log.history("citizen_request", reference)
        assert [e.event_type for e in events] == ["request.filed"]
        assert "buerger@example.be" not in str(events[0].after)


def test_a_request_without_contact_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        german_request(contact=Contact(), decision_reference=" ")
    assert set(caught.value.errors) == {"contact", "decision_reference"}


def test_handling_refuses_the_decision_maker_as_reviewer(
    container: Container, world: dict[str, Any]
) -> None:
    built = build_monitoring_world(container, world)
    reference = built.references["request"]
    editor = actor_of(world, "editor")
    reviewer = world["users"]["reviewer"]
    with container.uow() as uow:
        with pytest.raises(ValidationError) as caught:
            monitoring.assign_request(
                uow,
                actor=editor,
                reference=reference,
                reviewer_id=reviewer.id,
                decision_maker_id=reviewer.id,
            )
        assert "reviewer_id" in caught.value.errors
        with pytest.raises(NotFound):
            monitoring.assign_request(
                uow,
                actor=actor_of(world, "other-editor"),
                reference=reference,
                reviewer_id=reviewer.id,
                decision_maker_id=None,
            )


def test_the_whole_request_journey_sends_e_mails_in_german(
    container: Container, world: dict[str, Any]
) -> None:
    built = build_monitoring_world(container, world)
    reference = built.references["request"]
    editor = actor_of(world, "editor")
    reviewer = actor_of(world, "reviewer")
    with smtp_server() as (inbox, port):
        mailer = SmtpMailer(host="127.0.0.1", port=port, sender="balise@alpha.example")
        with container.uow() as uow:
            assigned = monitoring.assign_request(
                uow,
                actor=editor,
                reference=reference,
                reviewer_id=world["users"]["reviewer"].id,
                decision_maker_id=world["users"]["editor"].id,
            )
            uow.commit()
        for mail in assigned.mails:
            mailer.send(mail)
        fix_clock(container, NOW + timedelta(days=10))
        with container.uow() as uow:
            extended = monitoring.extend_request(
                uow, actor=reviewer, reference=reference, reason="Komplexer Fall."
            )
            uow.commit()
        assert extended.request.current_due_on == date(2027, 3, 2)
        for mail in extended.mails:
            mailer.send(mail)
        with container.uow() as uow:
            with pytest.raises(ValidationError):
                monitoring.answer_request(
                    uow, actor=editor, reference=reference, answer=an_answer()
                )
            answered = monitoring.answer_request(
                uow, actor=reviewer, reference=reference, answer=an_answer()
            )
            uow.commit()
        for mail in answered.mails:
            mailer.send(mail)
        assert answered.request.state is RequestState.ANSWERED
        assert answered.request.answered_on_time
        subjects = [str(message["Subject"]) for message in inbox.messages]
        assert len(subjects) == 3
        assert all(reference in subject for subject in subjects)
        assert "geprüft" in subjects[0] or "überprüft" in subjects[0]
        assert all(str(m["To"]) == "buerger@example.be" for m in inbox.messages)
    with container.uow() as uow:
        stats = monitoring.request_statistics(uow, organisation_id=built.organisation_id)
        assert stats.total == 1
        assert stats.share_changed == 1.0
        assert stats.share_on_time == 1.0
        assert stats.median_days_to_answer == 10.0
        with pytest.raises(Conflict):
            monitoring.extend_request(uow, actor=reviewer, reference=reference, reason="x")


def test_personal_data_is_purged_after_retention(
    container: Container, world: dict[str, Any]
) -> None:
    built = build_monitoring_world(container, world)
    reference = built.references["request"]
    with container.uow() as uow:
        monitoring.assign_request(
            uow,
            actor=actor_of(world, "editor"),
            reference=reference,
            reviewer_id=world["users"]["reviewer"].id,
            decision_maker_id=None,
        )
        monitoring.answer_request(
            uow, actor=actor_of(world, "reviewer"), reference=reference, answer=an_answer()
        )
        uow.commit()
    fix_clock(container, NOW + timedelta(days=400))
    with container.uow() as uow:
        assert monitoring.purge_expired_personal_data(uow, actor=Actor(), retention_days=365) == 1
        uow.commit()
    with container.uow() as uow:
        stored = uow.citizen_requests.find_by_reference(reference)
        assert stored is not None
        assert not stored.contact.given
        assert stored.text == ""
        assert monitoring.compute_statistics([stored]).answered == 1


def test_staff_register_a_letter(container: Container, world: dict[str, Any]) -> None:
    built = build_monitoring_world(container, world)
    with container.uow() as uow:
        filed = monitoring.register_request(
            uow,
            actor=actor_of(world, "reviewer"),
            organisation_id=built.organisation_id,
            given=german_request(channel=RequestChannel.LETTER),
            received_on=date(2026, 11, 30),
        )
        uow.commit()
    assert filed.request.reference == "BAL-2026-000002"
    assert filed.request.due_on == date(2026, 12, 30)
    with container.uow() as uow, pytest.raises(PermissionDenied):
        monitoring.register_request(
            uow,
            actor=actor_of(world, "other-editor"),
            organisation_id=built.organisation_id,
            given=german_request(channel=RequestChannel.PHONE),
            received_on=date(2026, 11, 30),
        )


def test_an_incident_gets_its_clock_versions_and_regulator_states(
    container: Container, world: dict[str, Any]
) -> None:
    built = build_monitoring_world(container, world)
    reference = built.references["incident"]
    editor = actor_of(world, "editor")
    regulator = actor_of(world, "regulator")
    with container.uow() as uow:
        incident, versions = monitoring.get_incident(uow, actor=regulator, reference=reference)
        assert incident.due_on == date(2026, 12, 14)
        assert "73(4)" in incident.article
        assert len(versions) == 1
        with pytest.raises(NotFound):
            monitoring.get_incident(uow, actor=actor_of(world, "other-editor"), reference=reference)
        monitoring.complete_incident_report(
            uow,
            actor=editor,
            reference=reference,
            report=death_report(stage=ReportStage.COMPLETE, immediate_measures="System paused."),
        )
        monitoring.assess_incident(
            uow, actor=regulator, reference=reference, state=RegulatorState.UNDER_ASSESSMENT
        )
        with pytest.raises(PermissionDenied):
            monitoring.assess_incident(
                uow, actor=editor, reference=reference, state=RegulatorState.CLOSED
            )
        monitoring.assess_incident(
            uow,
            actor=regulator,
            reference=reference,
            state=RegulatorState.MEASURES_REQUESTED,
            measures="Retrain the model and add a human check.",
            follow_up_due_on=date(2027, 1, 15),
        )
        published = monitoring.publish_incident(
            uow, actor=regulator, reference=reference, summary="A triage score delayed care."
        )
        uow.commit()
    assert published.published_at is not None
    with container.uow() as uow:
        _, versions = monitoring.get_incident(uow, actor=regulator, reference=reference)
        assert [v.report.stage for v in versions] == [ReportStage.INITIAL, ReportStage.COMPLETE]
        public = monitoring.list_public_incidents(uow)
        assert [p.reference for p in public] == [reference]
        document = public[0].to_json()
        assert "Patients" not in str(document)
        assert document["system"]["slug"] == built.system_slug
        inbox = monitoring.list_incidents(uow, actor=regulator)
        assert inbox[0].reference == reference


def test_the_purge_command_erases_expired_personal_data(
    container: Container, world: dict[str, Any], balise: Any
) -> None:
    build_monitoring_world(container, world)
    result = balise("monitor", "purge-personal-data", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"erased": 0' in result.stdout
    assert '"retention_days": 365' in result.stdout
