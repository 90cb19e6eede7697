"""What the regulator's overview shows: each figure with its label and the list behind it."""

from __future__ import annotations

from typing import Any

from balise.domain.register.standard import CHOICES
from balise.domain.shared.i18n import Language
from balise.services.oversight import Overview
from balise.web.labels import LABELS

RISK_LABELS = dict(CHOICES["risk_category"])


def overview_view(overview: Overview, language: Language) -> dict[str, Any]:
    incidents = overview.incidents
    return {
        "incidents_open": incidents.open,
        "incidents_by_state": [
            {"label": LABELS[state], "count": count, "href": "/monitoring/regulator"}
            for state, count in incidents.by_state.items()
        ],
        "incidents_reported_late": incidents.reported_late,
        "incidents_follow_up_overdue": incidents.follow_up_overdue,
        "requests_overdue": overview.requests_overdue,
        "overdue_requests": [
            {
                "organisation": text.text
                if (text := row.organisation.in_language(language))
                else "",
                "slug": row.organisation_slug,
                "count": row.count,
            }
            for row in overview.overdue_requests
        ],
        "notifications": overview.notifications,
        "awaiting_committee": overview.awaiting_committee,
        "systems_by_risk": [
            {
                "label": RISK_LABELS[category],
                "count": count,
                "href": f"/systems?risk_category={category}",
            }
            for category, count in overview.systems_by_risk
        ],
        "questions_open": overview.questions_open,
        "questions_overdue": overview.questions_overdue,
    }
