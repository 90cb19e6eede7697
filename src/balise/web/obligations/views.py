"""The obligation tracker's documents: the organisation's page, its JSON twin and the API, and
the portal's summary (the system page and its JSON twin). Labels are translated here."""

from __future__ import annotations

from typing import Any

from balise.domain.accounts.model import Actor
from balise.domain.assessments.catalogue import TemplateCode
from balise.domain.obligations.model import SETTABLE, Evidence, EvidenceKind, Status
from balise.domain.obligations.tracker import TrackedDuty, Tracker
from balise.domain.shared.i18n import N_
from balise.i18n import gettext
from balise.services import obligations
from balise.services.obligations import TrackerPage
from balise.services.ports import UnitOfWork
from balise.web.aiact.citations import cite
from balise.web.aiact.views import CATEGORY_LABELS, ROLE_LABELS
from balise.web.labels import LABELS

STATUS_LABELS = {
    Status.NOT_YET_APPLICABLE: N_("Not yet applicable"),
    Status.TO_DO: N_("To do"),
    Status.IN_PROGRESS: N_("In progress"),
    Status.MET: N_("Duty met"),
    Status.NOT_APPLICABLE: N_("Not applicable"),
}
EVIDENCE_LABELS = {
    EvidenceKind.ASSESSMENT: N_("Signed impact assessment"),
    EvidenceKind.AUDIT: N_("Published audit"),
    EvidenceKind.DOCUMENT: N_("Document"),
    EvidenceKind.INCIDENT_PROCEDURE: N_("Serious-incident reporting in Balise"),
}
AUDIT_LABELS = {
    "fairness": N_("Fairness audit"),
    "representativeness": N_("Representativeness audit"),
}
# Roles of the obligation catalogue that name two operators at once.
JOINT_ROLES = {
    "provider_deployer": N_("Provider and deployer"),
    "importer_distributor": N_("Importer and distributor"),
}
STRENGTH_LABELS = {
    "meets": N_("meets this duty"),
    "supports": N_("supports this duty"),
}


def status_label(status: Status) -> str:
    return gettext(STATUS_LABELS[status])


def role_label(role: str) -> str:
    labels = {**JOINT_ROLES, **ROLE_LABELS}
    return gettext(labels[role]) if role in labels else role


def evidence_label(evidence: Evidence) -> str:
    """What a person reads of a piece of evidence, in their language."""
    if evidence.kind is EvidenceKind.ASSESSMENT:
        try:
            template = gettext(LABELS[TemplateCode(evidence.subtype)])
        except ValueError:
            template = evidence.subtype
        return gettext("%(template)s, signed (no. %(reference)s)") % {
            "template": template,
            "reference": evidence.reference,
        }
    if evidence.kind is EvidenceKind.AUDIT:
        kind = AUDIT_LABELS.get(evidence.subtype)
        return gettext("%(kind)s no. %(reference)s, published") % {
            "kind": gettext(kind) if kind else evidence.subtype,
            "reference": evidence.reference,
        }
    if evidence.kind is EvidenceKind.INCIDENT_PROCEDURE:
        return gettext("Serious incident %(reference)s reported in Balise") % {
            "reference": evidence.reference
        }
    return evidence.title


def evidence_view(evidence: Evidence) -> dict[str, Any]:
    return {
        "key": evidence.key,
        "kind": evidence.kind.value,
        "kind_label": gettext(EVIDENCE_LABELS[evidence.kind]),
        "label": evidence_label(evidence),
        "url": evidence.url,
        "reference": evidence.reference,
    }


def duty_view(tracked: TrackedDuty, lang: str) -> dict[str, Any]:
    duty = tracked.duty
    tracking = tracked.tracking
    return {
        "id": f"{duty.code}--{duty.role}",
        "code": duty.code,
        "role": duty.role,
        "role_label": role_label(duty.role),
        "article": cite(duty.article, lang),
        "explanation": duty.explanation.get(lang) or duty.explanation.get("en", ""),
        "applies_from": duty.applies_from,
        "status": tracked.status.value,
        "status_label": status_label(tracked.status),
        "reason": tracking.reason if tracking else "",
        "evidence": evidence_view(tracked.evidence) if tracked.evidence else None,
        "suggestions": [
            {**evidence_view(s.evidence), "strength": gettext(STRENGTH_LABELS[s.strength.value])}
            for s in tracked.suggestions
        ],
        "updated_by": tracking.updated_by if tracking else "",
        "updated_at": tracking.updated_at if tracking else None,
    }


def summary_view(tracker: Tracker) -> dict[str, Any]:
    summary = tracker.summary
    return {
        "met": summary.met,
        "applicable": summary.applicable,
        "counts": [
            (status.value, status_label(status), summary.counts.get(status, 0))
            for status in Status
            if summary.counts.get(status, 0)
        ],
    }


def tracker_page_view(page: TrackerPage, lang: str) -> dict[str, Any]:
    """What the organisation's page shows."""
    return {
        "record": page.record,
        "classified": page.classified,
        "can_edit": page.can_edit,
        "duties": [duty_view(tracked, lang) for tracked in page.tracker.duties],
        "summary": summary_view(page.tracker),
        "rules_version": page.tracker.rules_version,
        "status_options": [(status.value, status_label(status)) for status in SETTABLE],
        "held": [evidence_view(evidence) for evidence in page.held],
        "evidence_kinds": [(kind.value, gettext(label)) for kind, label in EVIDENCE_LABELS.items()],
    }


def tracker_document(page: TrackerPage) -> dict[str, Any]:
    """The page's JSON twin and the API's answer (the command line's `--format json` too)."""
    return page.to_json()


def public_document(tracker: Tracker | None) -> dict[str, Any] | None:
    """What the portal's JSON twin gives of a published record's tracker: no evidence details."""
    if tracker is None:
        return None
    return {
        "date": tracker.today.isoformat(),
        "summary": tracker.summary.to_json(),
        "duties": [
            {
                "code": t.duty.code,
                "article": t.duty.article,
                "role": t.duty.role,
                "applies_from": t.duty.applies_from.isoformat() if t.duty.applies_from else None,
                "status": t.status.value,
            }
            for t in tracker.duties
        ],
    }


def portal_context(uow: UnitOfWork, system_id: int, lang: str) -> dict[str, Any]:
    """What the portal's system page shows of the tracker (`obligations/_portal.html`)."""
    tracker = obligations.public_tracker(uow, system_id)
    if tracker is None:
        return {"obligations_summary": None, "obligations_duties": []}
    return {
        "obligations_summary": summary_view(tracker),
        "obligations_duties": [duty_view(tracked, lang) for tracked in tracker.duties],
    }


def record_compliance_view(uow: UnitOfWork, actor: Actor, slug: str, lang: str) -> dict[str, Any]:
    """What a record's page shows of its classification and duties (`obligations/_record.html`):
    labels in the reader's language, codes beside them."""
    found = obligations.record_compliance(uow, actor=actor, slug=slug)
    latest = found.latest
    classification = None
    if latest is not None:
        result = latest.result
        classification = {
            "categories": [
                (c.value, gettext(CATEGORY_LABELS.get(c.value, c.value))) for c in result.categories
            ],
            "roles": [(role, role_label(role)) for role in result.roles],
            "annex_iii_points": [
                cite(f"Annex III point {point}", lang) for point in latest.annex_iii_points
            ],
            "evaluation_date": latest.evaluation_date,
            "stored_at": latest.created_at,
        }
    questionnaire = found.questionnaire
    return {
        "compliance_classification": classification,
        "compliance_questionnaire_url": f"/aiact/saved/{questionnaire.id}/result"
        if questionnaire
        else None,
        "compliance_summary": summary_view(found.tracker) if found.tracker.duties else None,
    }
