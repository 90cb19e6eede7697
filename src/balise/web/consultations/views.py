"""View models of consultations: one document for the page, the open data and the API.

The public document holds only published contributions and their answers: never an e-mail
address, never a contribution waiting for moderation or refused.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from balise.domain.consultations.model import (
    AnswerStatus,
    Consultation,
    ConsultationState,
    Contribution,
    ContributionState,
    refusal_reasons,
)
from balise.domain.shared.i18n import N_, Language
from balise.i18n import gettext
from balise.services.consultations import Figures

BRUSSELS = ZoneInfo("Europe/Brussels")

LABELS: dict[str, str] = {
    ConsultationState.DRAFT: N_("Draft"),
    ConsultationState.OPEN: N_("Open for contributions"),
    ConsultationState.CLOSED: N_("Closed, answers being written"),
    ConsultationState.ANSWERED: N_("Answered"),
    ContributionState.PENDING: N_("Waiting for moderation"),
    ContributionState.PUBLISHED: N_("Published"),
    ContributionState.REFUSED: N_("Refused"),
    AnswerStatus.TAKEN: N_("Taken into account"),
    AnswerStatus.PARTLY: N_("Partly taken into account"),
    AnswerStatus.NOT_TAKEN: N_("Not taken into account"),
    AnswerStatus.OUT_OF_SCOPE: N_("Out of scope"),
}


def label(value: str) -> str:
    return gettext(LABELS[value]) if value in LABELS else value


def day(value: datetime | None) -> str | None:
    return value.astimezone(BRUSSELS).date().isoformat() if value else None


def contribution_view(contribution: Contribution, *, staff: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": contribution.id,
        "section_id": contribution.section_id,
        "display_name": contribution.display_name,
        "language": contribution.language.value,
        "text": contribution.text,
        "submitted_on": day(contribution.submitted_at),
        "answer": {
            "status": contribution.answer_status.value,
            "text": contribution.answer,
            # Null for answers given before the answer's language was recorded.
            "language": contribution.answer_language.value
            if contribution.answer_language
            else None,
            "answered_on": day(contribution.answered_at),
        }
        if contribution.answer_status is not None
        else None,
    }
    if staff:
        found |= {
            "state": contribution.state.value,
            "refusal_reason": contribution.refusal_reason,
            "has_email": bool(contribution.email),
        }
    return found


def consultation_summary(consultation: Consultation, figures: Figures) -> dict[str, Any]:
    return {
        "slug": consultation.slug,
        "title": consultation.title.as_dict(),
        "summary": consultation.summary.as_dict(),
        "organiser": consultation.organiser,
        "state": consultation.state.value,
        "opens_on": consultation.opens_on.isoformat(),
        "closes_on": consultation.closes_on.isoformat(),
        "answered_on": day(consultation.answered_at),
        "url": f"/consultations/{consultation.slug}",
        "figures": figures.to_json(),
    }


def consultation_document(
    consultation: Consultation,
    contributions: list[Contribution],
    figures: Figures,
    *,
    accepting: bool,
    staff: bool = False,
) -> dict[str, Any]:
    """The consultation, each section with its contributions (published only, for the public)."""
    shown = [c for c in contributions if staff or c.state is ContributionState.PUBLISHED]
    return {
        **consultation_summary(consultation, figures),
        "accepting_contributions": accepting,
        "open_data": {
            "csv": f"/consultations/{consultation.slug}/contributions.csv",
            "json": f"/consultations/{consultation.slug}/contributions.json",
        },
        "sections": [
            {
                "id": section.id,
                "number": section.position + 1,
                "title": section.title.as_dict(),
                "text": section.text.as_dict(),
                "url": f"/consultations/{consultation.slug}/sections/{section.id}",
                "contributions": [
                    contribution_view(c, staff=staff) for c in shown if c.section_id == section.id
                ],
            }
            for section in consultation.sections
        ],
    }


def reason_options(language: Language) -> list[tuple[str, str]]:
    reasons = refusal_reasons()
    options = []
    for code, text in reasons.texts.items():
        found = text.in_language(language)
        options.append((code, found.text if found else code))
    return options


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
