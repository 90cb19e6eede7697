"""View models of assessments: one document per page, rendered as HTML, JSON and the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from balise.domain.assessments.catalogue import template
from balise.domain.assessments.model import Assessment, Committee, PlanItem, action_plan
from balise.domain.shared.i18n import N_, Language
from balise.i18n import gettext
from balise.services.assessments import AssessedSystem, GateStatus, InboxItem, PublicAssessment
from balise.web.register.forms import field_label

# The legal basis of each template and of its sections (domain/assessments/templates/*.yaml), so
# that the pages show them in the reader's language; the JSON documents keep them as written.
BASES = (
    N_("Art 27(1)(a)"),
    N_("Art 27(1)(b)"),
    N_("Art 27(1)(c)"),
    N_("Art 27(1)(d)"),
    N_("Art 27(1)(e)"),
    N_("Art 27(1)(f)"),
    N_("Art 35(7)(a)"),
    N_("Art 35(7)(b)"),
    N_("Art 35(7)(c)"),
    N_("Art 35(7)(d)"),
    N_("HLEG requirement 1"),
    N_("HLEG requirement 2"),
    N_("HLEG requirement 3"),
    N_("HLEG requirement 4"),
    N_("HLEG requirement 5"),
    N_("HLEG requirement 6"),
    N_("HLEG requirement 7"),
    N_("HLEG Ethics Guidelines for Trustworthy AI (2019), seven requirements"),
    N_("Regulation (EU) 2016/679, Art 35(7)"),
    N_("Regulation (EU) 2024/1689 as amended by Regulation (EU) 2026/1744, Art 27"),
)


def answer_sources(assessment: Assessment, language: Language) -> dict[str, str]:
    """Where each prefilled answer came from, in the reader's words ("prefill:performance" is
    "the register record (Performance)"); typed answers are left out."""
    found = {}
    for question_id, answer in assessment.answers.items():
        kind, _, origin = answer.source.partition(":")
        if kind == "reused":
            found[question_id] = gettext(N_("another assessment of this system"))
        elif kind == "prefill" and origin == "audits":
            found[question_id] = gettext(N_("the system's published audit"))
        elif kind == "prefill":
            label = field_label(origin, language)
            found[question_id] = gettext(N_("the register record (%(field)s)")) % {"field": label}
    return found


def assessment_view(assessment: Assessment, *, today: date) -> dict[str, Any]:
    """The JSON document of an assessment (the page, its .json twin and the API)."""
    chosen = template(assessment.template)
    tally = assessment.tally()
    return {
        "id": assessment.id,
        "system_id": assessment.system_id,
        "organisation_id": assessment.organisation_id,
        **assessment.to_json(),
        "missing": list(assessment.missing(chosen)),
        "overdue_measures": [m.to_json() for m in assessment.overdue(today)],
        "tally": tally.to_json() if tally else None,
        "committee_id": assessment.committee_id,
        "created_at": assessment.created_at.isoformat() if assessment.created_at else None,
        "updated_at": assessment.updated_at.isoformat() if assessment.updated_at else None,
    }


def gate_view(gate: GateStatus) -> dict[str, Any]:
    return {
        "fria_required": gate.duty.required,
        "required_from": gate.duty.applies_from.isoformat() if gate.duty.applies_from else None,
        "applies_now": gate.applies,
        "satisfied_by_fria": gate.fria.id if gate.fria else None,
        "exemption": gate.exemption.reason if gate.exemption else None,
        "publication_allowed": gate.open,
    }


def committee_view(committee: Committee) -> dict[str, Any]:
    return {
        "slug": committee.slug,
        "organisation_id": committee.organisation_id,
        **committee.to_json(),
        "may_issue_opinions": not committee.composition_problems(),
    }


def inbox_view(item: InboxItem) -> dict[str, Any]:
    return {
        "assessment_id": item.assessment.id,
        "template": item.assessment.template.value,
        "state": item.assessment.state.value,
        "committee": item.committee.slug,
        "vote_due": item.vote_due,
    }


def assessed_system_view(subject: AssessedSystem | None) -> dict[str, Any] | None:
    """The system an assessment of a list is about and its organisation, in every language."""
    if subject is None:
        return None
    return {
        "slug": subject.slug,
        "name": dict(subject.names),
        "public_url": f"/systems/{subject.slug}" if subject.published else None,
        "organisation": {
            "slug": subject.organisation_slug,
            "name": subject.organisation_name.as_dict(),
        },
    }


def plan_item_view(item: PlanItem) -> dict[str, Any]:
    return {
        "risk": item.risk.key,
        "right": item.risk.right,
        "group": item.risk.group,
        "number": item.index + 1,
        **item.measure.to_json(),
        "overdue": item.overdue,
    }


def action_plan_view(assessment: Assessment, *, today: date) -> dict[str, Any]:
    """The action plan: every measure, overdue ones first (the page, its .json twin, the API)."""
    items = action_plan(assessment.risks, today)
    return {
        "assessment_id": assessment.id,
        "today": today.isoformat(),
        "overdue": sum(1 for item in items if item.overdue),
        "measures": [plan_item_view(item) for item in items],
    }


def public_assessments_view(found: list[PublicAssessment]) -> list[dict[str, Any]]:
    """What the portal publishes of a system's assessments: per template, the public summary and
    the committee's opinion with its conditions (no answers, votes, names or evidence)."""
    return [
        {
            "template": public.template.value,
            "version": public.number,
            "state": public.state.value,
            "summary": public.summary.as_dict(),
            "opinion": {
                "kind": public.opinion.kind.value,
                "text": public.opinion.text.as_dict(),
                "translations": {k: v.value for k, v in public.opinion.translations.items()},
                "issued_at": public.opinion.issued_at.date().isoformat(),
                "conditions": [
                    {
                        "text": c.text.as_dict(),
                        "due": c.due.isoformat(),
                        "closed": c.closed,
                    }
                    for c in public.opinion.conditions
                ],
            }
            if public.opinion
            else None,
        }
        for public in found
    ]
