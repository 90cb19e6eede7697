"""Serious incidents and their report versions; citizens' requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db.monitoring_tables import citizen_requests, incident_versions, incidents
from balise.domain.monitoring.deadlines import RequestBasis
from balise.domain.monitoring.incidents import (
    Incident,
    IncidentReport,
    IncidentVersion,
    RegulatorState,
    ReporterRole,
)
from balise.domain.monitoring.requests import (
    Answer,
    CitizenRequest,
    Contact,
    RequestChannel,
    RequestKind,
    RequestState,
)
from balise.domain.shared.i18n import Language


def _next_number(connection: Connection, table: sa.Table, prefix: str) -> int:
    """One more than the highest number used this year (references are `PREFIX-YYYY-NNNNNN`)."""
    highest = connection.execute(
        sa.select(sa.func.max(table.c.reference)).where(table.c.reference.like(f"{prefix}%"))
    ).scalar_one()
    return int(str(highest).rsplit("-", 1)[1]) + 1 if highest else 1


class IncidentRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @staticmethod
    def _values(incident: Incident) -> dict[str, Any]:
        report = incident.report
        return {
            "reference": incident.reference,
            "organisation_id": incident.organisation_id,
            "reporter_role": incident.reporter_role.value,
            "system_id": incident.system_id,
            "system_name": incident.system_name,
            "provider_name": incident.provider_name,
            "provider_organisation_id": incident.provider_organisation_id,
            "category": report.category.value,
            "death": report.death,
            "widespread": report.widespread,
            "stage": report.stage.value,
            "aware_on": report.aware_on,
            "due_on": incident.due_on,
            "article": incident.article,
            "state": incident.state.value,
            "version": incident.version,
            "report": report.to_json(),
            "investigation": incident.investigation,
            "investigated_at": incident.investigated_at,
            "measures": incident.measures,
            "follow_up_due_on": incident.follow_up_due_on,
            "public_summary": incident.public_summary,
            "published_at": incident.published_at,
            "decided_at": incident.decided_at,
            "reported_at": incident.reported_at,
        }

    @staticmethod
    def _from_row(row: Row[Any]) -> Incident:
        return Incident(
            id=row.id,
            reference=row.reference,
            organisation_id=row.organisation_id,
            reporter_role=ReporterRole(row.reporter_role),
            report=IncidentReport.from_json(dict(row.report)),
            due_on=row.due_on,
            article=row.article,
            reported_at=row.reported_at,
            system_id=row.system_id,
            system_name=row.system_name,
            provider_name=row.provider_name,
            provider_organisation_id=row.provider_organisation_id,
            state=RegulatorState(row.state),
            version=row.version,
            investigation=row.investigation,
            investigated_at=row.investigated_at,
            measures=row.measures,
            follow_up_due_on=row.follow_up_due_on,
            public_summary=row.public_summary,
            published_at=row.published_at,
            decided_at=row.decided_at,
        )

    def next_number(self, year: int) -> int:
        return _next_number(self.connection, incidents, f"INC-{year:04d}-")

    def add(self, incident: Incident, *, submitted_by: str) -> Incident:
        new_id = self.connection.execute(
            incidents.insert().values(**self._values(incident)).returning(incidents.c.id)
        ).scalar_one()
        self.add_version(
            new_id,
            IncidentVersion(1, incident.report, incident.reported_at, submitted_by),
        )
        found = self.get(new_id)
        assert found is not None
        return found

    def add_version(self, incident_id: int, version: IncidentVersion) -> None:
        self.connection.execute(
            incident_versions.insert().values(
                incident_id=incident_id,
                number=version.number,
                report=version.report.to_json(),
                submitted_at=version.submitted_at,
                submitted_by=version.submitted_by,
            )
        )

    def update(self, incident: Incident) -> Incident:
        assert incident.id is not None
        self.connection.execute(
            incidents.update().where(incidents.c.id == incident.id).values(**self._values(incident))
        )
        return incident

    def get(self, incident_id: int) -> Incident | None:
        row = self.connection.execute(
            sa.select(incidents).where(incidents.c.id == incident_id)
        ).first()
        return self._from_row(row) if row is not None else None

    def find_by_reference(self, reference: str) -> Incident | None:
        row = self.connection.execute(
            sa.select(incidents).where(incidents.c.reference == reference)
        ).first()
        return self._from_row(row) if row is not None else None

    def versions(self, incident_id: int) -> list[IncidentVersion]:
        rows = self.connection.execute(
            sa.select(incident_versions)
            .where(incident_versions.c.incident_id == incident_id)
            .order_by(incident_versions.c.number)
        )
        return [
            IncidentVersion(
                row.number,
                IncidentReport.from_json(dict(row.report)),
                row.submitted_at,
                row.submitted_by,
            )
            for row in rows
        ]

    def list_for_organisation(self, organisation_id: int) -> list[Incident]:
        """Incidents the organisation reported, or that concern a system it provides."""
        rows = self.connection.execute(
            sa.select(incidents)
            .where(
                sa.or_(
                    incidents.c.organisation_id == organisation_id,
                    incidents.c.provider_organisation_id == organisation_id,
                )
            )
            .order_by(incidents.c.due_on, incidents.c.id)
        )
        return [self._from_row(row) for row in rows]

    def list_all(self) -> list[Incident]:
        rows = self.connection.execute(
            sa.select(incidents).order_by(incidents.c.due_on, incidents.c.id)
        )
        return [self._from_row(row) for row in rows]

    def list_published(self, *, system_id: int | None = None) -> list[Incident]:
        query = sa.select(incidents).where(incidents.c.published_at.is_not(None))
        if system_id is not None:
            query = query.where(incidents.c.system_id == system_id)
        rows = self.connection.execute(
            query.order_by(incidents.c.published_at.desc(), incidents.c.id.desc())
        )
        return [self._from_row(row) for row in rows]


class CitizenRequestRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @staticmethod
    def _values(request: CitizenRequest) -> dict[str, Any]:
        return {
            "reference": request.reference,
            "organisation_id": request.organisation_id,
            "system_id": request.system_id,
            "kind": request.kind.value,
            "channel": request.channel.value,
            "language": request.language.value,
            "decision_reference": request.decision_reference,
            "text": request.text,
            "contact_email": request.contact.email,
            "contact_postal_address": request.contact.postal_address,
            "basis": request.basis.value,
            "received_on": request.received_on,
            "due_on": request.due_on,
            "article": request.article,
            "secret_hash": request.secret_hash,
            "state": request.state.value,
            "reviewer_id": request.reviewer_id,
            "decision_maker_id": request.decision_maker_id,
            "extended_due_on": request.extended_due_on,
            "extension_reason": request.extension_reason,
            "outcome": request.answer.outcome.value if request.answer else None,
            "answer": request.answer.to_json() if request.answer else None,
            "answered_on": request.answered_on,
            "created_at": request.created_at,
            "closed_at": request.closed_at,
            "contact_erased_at": request.contact_erased_at,
        }

    @staticmethod
    def _from_row(row: Row[Any]) -> CitizenRequest:
        return CitizenRequest(
            id=row.id,
            reference=row.reference,
            organisation_id=row.organisation_id,
            system_id=row.system_id,
            kind=RequestKind(row.kind),
            channel=RequestChannel(row.channel),
            language=Language(row.language),
            decision_reference=row.decision_reference,
            text=row.text,
            contact=Contact(row.contact_email, row.contact_postal_address),
            basis=RequestBasis(row.basis),
            received_on=row.received_on,
            due_on=row.due_on,
            article=row.article,
            secret_hash=row.secret_hash,
            state=RequestState(row.state),
            reviewer_id=row.reviewer_id,
            decision_maker_id=row.decision_maker_id,
            extended_due_on=row.extended_due_on,
            extension_reason=row.extension_reason,
            answer=Answer.from_json(dict(row.answer)) if row.answer else None,
            answered_on=row.answered_on,
            created_at=row.created_at,
            closed_at=row.closed_at,
            contact_erased_at=row.contact_erased_at,
        )

    def next_number(self, year: int) -> int:
        return _next_number(self.connection, citizen_requests, f"BAL-{year:04d}-")

    def add(self, request: CitizenRequest) -> CitizenRequest:
        new_id = self.connection.execute(
            citizen_requests.insert()
            .values(**self._values(request))
            .returning(citizen_requests.c.id)
        ).scalar_one()
        found = self.get(new_id)
        assert found is not None
        return found

    def update(self, request: CitizenRequest) -> CitizenRequest:
        assert request.id is not None
        self.connection.execute(
            citizen_requests.update()
            .where(citizen_requests.c.id == request.id)
            .values(**self._values(request))
        )
        return request

    def get(self, request_id: int) -> CitizenRequest | None:
        row = self.connection.execute(
            sa.select(citizen_requests).where(citizen_requests.c.id == request_id)
        ).first()
        return self._from_row(row) if row is not None else None

    def find_by_reference(self, reference: str) -> CitizenRequest | None:
        row = self.connection.execute(
            sa.select(citizen_requests).where(citizen_requests.c.reference == reference)
        ).first()
        return self._from_row(row) if row is not None else None

    def list_for(
        self, *, organisation_id: int | None = None, system_id: int | None = None
    ) -> list[CitizenRequest]:
        query = sa.select(citizen_requests)
        if organisation_id is not None:
            query = query.where(citizen_requests.c.organisation_id == organisation_id)
        if system_id is not None:
            query = query.where(citizen_requests.c.system_id == system_id)
        rows = self.connection.execute(
            query.order_by(citizen_requests.c.due_on, citizen_requests.c.id)
        )
        return [self._from_row(row) for row in rows]

    def list_closed_before(self, moment: datetime) -> list[CitizenRequest]:
        """Answered requests closed before `moment` whose personal data is still kept."""
        rows = self.connection.execute(
            sa.select(citizen_requests)
            .where(
                citizen_requests.c.closed_at.is_not(None),
                citizen_requests.c.closed_at < moment,
                citizen_requests.c.contact_erased_at.is_(None),
            )
            .order_by(citizen_requests.c.id)
        )
        return [self._from_row(row) for row in rows]
