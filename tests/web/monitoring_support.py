"""Monitoring rows of the access matrix: a request and an incident about the published "alpha"."""

from __future__ import annotations

from datetime import date
from typing import Any

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.monitoring.incidents import IncidentCategory, IncidentReport, ReporterRole
from balise.domain.monitoring.requests import Contact, RequestInput, RequestKind
from balise.domain.shared.i18n import Language
from balise.services import monitoring

STAFF = frozenset({Role.EDITOR, Role.REVIEWER})
EDITOR_ONLY = frozenset({Role.EDITOR})
REPORTERS = frozenset({Role.ADMIN, Role.EDITOR})
REGULATOR_ONLY = frozenset({Role.REGULATOR})
INCIDENT_READERS = frozenset({Role.REGULATOR, Role.ADMIN, Role.EDITOR})
INCIDENTS_WRITE = Scope.INCIDENTS_WRITE
REQUEST_FORM = {
    "organisation": "alpha",
    "kind": "explanation",
    "decision_reference": "D-1",
    "text": "Why?",
    "contact_email": "person@example.be",
}
REQUEST_JSON = {**REQUEST_FORM, "system": "alpha", "organisation": ""}
LETTER_FORM = {**REQUEST_FORM, "channel": "letter", "received_on": "2026-11-30"}
ANSWER_FORM = {
    "outcome": "upheld",
    "ai_role": "A score.",
    "main_elements": "Income.",
    "data_used": "The form.",
    "how_to_contest": "The Data Protection Authority.",
}
INCIDENT_FORM = {
    "reporter_role": "deployer",
    "category": "fundamental_rights",
    "aware_on": "2026-11-30",
    "description": "Unequal refusals.",
    "system_name": "Scoring tool",
    "provider_name": "Vendor SA",
}
INCIDENT_JSON = {**INCIDENT_FORM, "system": "alpha"}
COMPLETE_FORM = {**INCIDENT_FORM, "stage": "complete", "immediate_measures": "Paused."}


def make_matrix_monitoring(container: Container, world: dict[str, Any]) -> dict[str, str]:
    """A request filed online and an incident reported by alpha as provider of "alpha"."""
    alpha = world["organisations"]["alpha"].id
    with container.uow() as uow:
        filed = monitoring.file_request(
            uow,
            actor=Actor(),
            given=RequestInput(
                kind=RequestKind.HUMAN_REVIEW,
                decision_reference="D-0",
                text="Please review.",
                contact=Contact(email="person@example.be"),
                language=Language.FR,
            ),
            system_slug="alpha",
        )
        record = uow.systems.find_by_slug("alpha")
        assert record is not None
        reported = monitoring.report_incident(
            uow,
            actor=Actor(user=world["users"]["editor"]),
            organisation_id=alpha,
            reporter_role=ReporterRole.PROVIDER,
            report=IncidentReport(
                category=IncidentCategory.HEALTH,
                aware_on=date(2026, 11, 30),
                description="A wrong priority.",
            ),
            system_id=record.id,
        )
        uow.commit()
    return {
        "reference": filed.request.reference,
        "incident_reference": reported.incident.reference,
    }
