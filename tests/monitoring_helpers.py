"""A published system, filed requests and reported incidents, shared by monitoring tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import message_from_bytes
from email.message import Message as EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.monitoring.incidents import IncidentCategory, IncidentReport, ReporterRole
from balise.domain.monitoring.requests import Contact, RequestInput, RequestKind
from balise.domain.shared.clock import FixedClock
from balise.domain.shared.i18n import Language
from balise.services import monitoring
from register_support import actor_of, create_published

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday


def fix_clock(container: Container, at: datetime = NOW) -> FixedClock:
    clock = FixedClock(at)
    container.clock = clock
    return clock


def german_request(**changes: Any) -> RequestInput:
    values: dict[str, Any] = {
        "kind": RequestKind.HUMAN_REVIEW,
        "decision_reference": "AZ-2026-4711",
        "text": "Bitte prüfen Sie meinen Bescheid durch einen Menschen.",
        "contact": Contact(email="buerger@example.be"),
        "language": Language.DE,
    }
    values.update(changes)
    return RequestInput(**values)


def death_report(**changes: Any) -> IncidentReport:
    values: dict[str, Any] = {
        "category": IncidentCategory.HEALTH,
        "aware_on": date(2026, 12, 2),
        "description": "A triage score delayed an urgent treatment.",
        "death": True,
        "affected_persons": 1,
        "affected_groups": "Patients of the emergency department",
        "immediate_measures": "",
    }
    values.update(changes)
    return IncidentReport(**values)


@dataclass
class MonitoringWorld:
    system_slug: str
    system_id: int
    organisation_id: int
    other_organisation_id: int
    references: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)


def build_monitoring_world(container: Container, world: dict[str, Any]) -> MonitoringWorld:
    """A published system of alpha, one filed request and one reported incident."""
    fix_clock(container)
    record = create_published(container, world, "triage")
    assert record.id is not None
    built = MonitoringWorld(
        system_slug=record.slug,
        system_id=record.id,
        organisation_id=world["organisations"]["alpha"].id,
        other_organisation_id=world["organisations"]["beta"].id,
    )
    with container.uow() as uow:
        filed = monitoring.file_request(
            uow, actor=Actor(), given=german_request(), system_slug=record.slug
        )
        reported = monitoring.report_incident(
            uow,
            actor=actor_of(world, "editor"),
            organisation_id=built.organisation_id,
            reporter_role=ReporterRole.DEPLOYER,
            report=death_report(),
            system_id=record.id,
        )
        uow.commit()
    built.references["request"] = filed.request.reference
    built.secrets["request"] = filed.secret
    built.references["incident"] = reported.incident.reference
    return built


class Inbox:
    """What the local SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: Session, envelope: Envelope) -> str:  # noqa: N802
        content = envelope.content
        assert isinstance(content, bytes)
        self.messages.append(message_from_bytes(content, policy=default))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
