"""What is published: the portal's summaries and opinion, the Annex VIII points, and the
Art 27(3) notification pack."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from balise.domain.accounts.model import Actor
from balise.domain.assessments.catalogue import TemplateCode, template
from balise.domain.assessments.model import SUBMITTED_STATES, AssessmentState, Opinion
from balise.domain.shared.errors import NotFound
from balise.domain.shared.i18n import N_, LocalizedText, Message
from balise.services.assessments.gate import fria_duty
from balise.services.permissions import access_assessment
from balise.services.ports import UnitOfWork


@dataclass(frozen=True)
class PublicAssessment:
    template: TemplateCode
    number: int
    state: AssessmentState
    summary: LocalizedText
    opinion: Opinion | None


def public_assessments_for_system(uow: UnitOfWork, system_id: int) -> list[PublicAssessment]:
    """Per template, the newest assessment with an opinion, or the newest submitted one: its
    summary and the committee's opinion (the portal page and the Annex VIII export)."""
    record = uow.systems.get(system_id)
    if record is None or record.sensitive:  # Annex III points 1, 6, 7: not public (Art 49(4))
        return []
    chosen: dict[TemplateCode, PublicAssessment] = {}
    for assessment in uow.assessments.list_for_system(system_id):
        if assessment.state not in SUBMITTED_STATES:
            continue
        current = chosen.get(assessment.template)
        if current is not None and (current.opinion or current.number > assessment.number):
            continue
        chosen[assessment.template] = PublicAssessment(
            assessment.template,
            assessment.number,
            assessment.state,
            assessment.summary,
            assessment.opinion,
        )
    return [chosen[code] for code in TemplateCode if code in chosen]


def notification_pack(uow: UnitOfWork, *, actor: Actor, assessment_id: int) -> dict[str, Any]:
    """The Art 27(3) notification to the market-surveillance authority, as a document."""
    assessment = access_assessment(uow, actor, assessment_id, for_="view")
    if assessment.template is not TemplateCode.FRIA:
        raise NotFound(Message(N_("Only a FRIA is notified.")))
    record = uow.systems.get(assessment.system_id)
    organisation = uow.organisations.get(assessment.organisation_id)
    assert record is not None
    assert organisation is not None
    duty = fria_duty(uow, assessment.system_id)
    chosen = template(assessment.template)
    return {
        "schema_version": 1,
        "kind": "ai_act_art27_3_notification",
        "legal_basis": "Regulation (EU) 2024/1689, Art 27(3)",
        "deployer": {
            "slug": organisation.slug,
            "name": organisation.name.as_dict(),
            "enterprise_number": getattr(organisation, "enterprise_number", None),
        },
        "system": {
            "slug": record.slug,
            "uuid": record.uuid,
            "name": record.values.get("name") or {},
            "record_version": assessment.record_version,
            "annex_iii_point": duty.annex_iii_point,
        },
        "assessment": {
            "id": assessment.id,
            "template": assessment.template.value,
            "template_version": assessment.template_version,
            "number": assessment.number,
            "state": assessment.state.value,
            "submitted_at": assessment.submitted_at.isoformat()
            if assessment.submitted_at
            else None,
            "notified_at": assessment.notified_at.isoformat() if assessment.notified_at else None,
            "sections": [
                {
                    "id": section.id,
                    "basis": section.basis,
                    "answers": [
                        {"question_id": q.id, "answer": assessment.answers[q.id].value}
                        for q in section.questions
                        if q.id in assessment.answers
                    ],
                }
                for section in chosen.sections
            ],
            "risks": [risk.to_json() for risk in assessment.risks],
            "opinion": assessment.opinion.to_json() if assessment.opinion else None,
            "signatories": [dict(s) for s in assessment.signatories],
        },
    }


def annex_viii_points(uow: UnitOfWork, system_id: int) -> dict[str, dict[str, Any]]:
    """Annex VIII section C: point 4 (FRIA findings) and point 5 (DPIA), in short."""
    points = {TemplateCode.FRIA: "C.4", TemplateCode.DPIA: "C.5"}
    found = {}
    for public in public_assessments_for_system(uow, system_id):
        if public.template in points:
            found[points[public.template]] = {
                "template": public.template.value,
                "version": public.number,
                "state": public.state.value,
                "summary": public.summary.as_dict(),
                "opinion": {
                    "kind": public.opinion.kind.value,
                    "text": public.opinion.text.as_dict(),
                }
                if public.opinion
                else None,
            }
    return found
