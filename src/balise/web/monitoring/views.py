"""The documents monitoring pages, their JSON twins and the API share."""

from __future__ import annotations

from datetime import date
from typing import Any

from balise.domain.monitoring.incidents import Incident, IncidentVersion, PublicIncident
from balise.domain.monitoring.requests import CitizenRequest
from balise.domain.shared.i18n import N_
from balise.services.monitoring import RequestStatistics

# The legal citations of the deadlines (domain/monitoring/deadlines.yaml), so that the pages can
# show them in the reader's language; the documents keep the citation as stored.
CITATIONS = (
    N_("Regulation (EU) 2024/1689, Art 73(2)"),
    N_("Regulation (EU) 2024/1689, Art 73(3)"),
    N_("Regulation (EU) 2024/1689, Art 73(3) and Art 3(49)(b)"),
    N_("Regulation (EU) 2024/1689, Art 73(4)"),
    N_("Regulation (EU) 2016/679 (GDPR), Art 12(3)"),
    N_("Law of 11 April 1994 on the publicity of administration, Art 6 §5"),
)


def request_follow_up_view(request: CitizenRequest, *, today: date) -> dict[str, Any]:
    """What the person sees through the secret link: no staff names, no internal notes."""
    answer = request.answer
    return {
        "reference": request.reference,
        "kind": request.kind.value,
        "state": request.state.value,
        "language": request.language.value,
        "received_on": request.received_on.isoformat(),
        "due_on": request.current_due_on.isoformat(),
        "original_due_on": request.due_on.isoformat(),
        "article": request.article,
        "overdue": request.overdue(today),
        "extended": request.extended_due_on is not None,
        "extension_reason": request.extension_reason or None,
        "outcome": answer.outcome.value if answer else None,
        "answered_on": request.answered_on.isoformat() if request.answered_on else None,
        "answer": {
            "ai_role": answer.ai_role,
            "main_elements": answer.main_elements,
            "data_used": answer.data_used,
            "how_to_contest": answer.how_to_contest,
            "text": answer.text,
        }
        if answer
        else None,
    }


def request_staff_view(request: CitizenRequest, *, today: date) -> dict[str, Any]:
    return {
        **request_follow_up_view(request, today=today),
        "channel": request.channel.value,
        "decision_reference": request.decision_reference,
        "text": request.text,
        "contact": {
            "email": request.contact.email,
            "postal_address": request.contact.postal_address,
        },
        "contact_erased": request.contact_erased_at is not None,
        "reviewer_id": request.reviewer_id,
        "decision_maker_id": request.decision_maker_id,
        "system_id": request.system_id,
        "url": f"/monitoring/requests/{request.reference}",
    }


def incident_view(
    incident: Incident, versions: list[IncidentVersion] | None = None, *, today: date
) -> dict[str, Any]:
    return {
        "reference": incident.reference,
        "reporter_role": incident.reporter_role.value,
        "system": {"id": incident.system_id, "name": incident.system_name},
        "provider_name": incident.provider_name,
        "provider_in_balise": incident.provider_organisation_id is not None,
        "report": incident.report.to_json(),
        "due_on": incident.due_on.isoformat(),
        "article": incident.article,
        "reported_on": incident.reported_at.date().isoformat(),
        "late": incident.late,
        "days_left": (incident.due_on - today).days,
        "state": incident.state.value,
        "version": incident.version,
        "investigation": incident.investigation or None,
        "measures": incident.measures or None,
        "follow_up_due_on": incident.follow_up_due_on.isoformat()
        if incident.follow_up_due_on
        else None,
        "follow_up_overdue": incident.follow_up_overdue(today),
        "published": incident.published_at is not None,
        "public_summary": incident.public_summary or None,
        "versions": [
            {
                "number": version.number,
                "submitted_at": version.submitted_at.isoformat(),
                "report": version.report.to_json(),
            }
            for version in versions or []
        ],
        "url": f"/monitoring/incidents/{incident.reference}",
    }


def public_incidents_view(incidents: list[PublicIncident]) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "licence": "CC0-1.0",
        "incidents": [incident.to_json() for incident in incidents],
    }


def statistics_view(
    rows: list[tuple[str, str, RequestStatistics]], *, level: str
) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "level": level,
        "rows": [{"slug": slug, "name": name, **stats.to_json()} for slug, name, stats in rows],
    }
