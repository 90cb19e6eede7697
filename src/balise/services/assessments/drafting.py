"""The deployer's work: start (prefilled), answer, summarise, add risks, follow the action plan,
submit, close conditions, sign, notify, start a new version."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from balise.domain.accounts.model import Actor, Scope
from balise.domain.assessments.catalogue import AnswerType, Template, template
from balise.domain.assessments.model import (
    EDITABLE,
    Answer,
    Assessment,
    MeasureStatus,
    parse_answers,
    parse_risk,
    reusable_answers,
)
from balise.domain.register.model import SystemRecord
from balise.domain.shared.errors import Conflict, NotFound, ValidationError
from balise.domain.shared.i18n import N_, Language, LocalizedText, Message
from balise.services.assessments.common import NO_SYSTEM, _label, _save, _system, snapshot
from balise.services.audit_log import record_event
from balise.services.permissions import (
    access_assessment,
    can_edit_assessment,
    has_oversight,
    is_member,
    require,
    require_scope,
)
from balise.services.ports import UnitOfWork

# Register fields offered as answers; text fields are per language, the record's own first.
PREFILL_FIELDS = frozenset(
    {
        "intended_purpose",
        "decision_making_process",
        "frequency_of_use",
        "affected_groups",
        "risks_summary",
        "human_intervention",
        "required_training",
        "rollback",
        "objection_procedure",
        "proportionality",
        "data_summary",
        "performance",
        "explanation_channel",
        "known_biases",
    }
)


def _text_of(value: Any, language: Language) -> str:
    if isinstance(value, Mapping):
        texts = LocalizedText.from_mapping(value)
        found = texts.in_language(language)
        return found.text if found else ""
    return "" if value is None else str(value)


def prefill(uow: UnitOfWork, record: SystemRecord, chosen: Template) -> dict[str, Answer]:
    """Answers taken from the record, its published audits and the system's other assessments."""
    assert record.id is not None
    answers = reusable_answers(chosen, uow.assessments.list_for_system(record.id))
    audits = uow.audit_reports.published_for_system(record.id)
    for question in chosen.questions:
        if question.prefill == "audits" and audits:
            answers[question.id] = Answer(question.id, f"/audits/{audits[0].id}", "prefill:audits")
        elif question.prefill in PREFILL_FIELDS:
            text = _text_of(record.values.get(question.prefill), record.default_language)
            if text and question.type is not AnswerType.SCALE:
                answers[question.id] = Answer(question.id, text, f"prefill:{question.prefill}")
    return answers


def start_assessment(uow: UnitOfWork, *, actor: Actor, slug: str, code: str) -> Assessment:
    """Open a draft of a template for a record, prefilled from what Balise knows of it."""
    record = _system(uow, slug)
    assert record.id is not None
    if not (has_oversight(actor) or is_member(actor, record.organisation_id)):
        raise NotFound(NO_SYSTEM)
    require_scope(actor, Scope.ASSESSMENTS_WRITE)
    require(can_edit_assessment(actor, record.organisation_id))
    try:
        chosen = template(code)
    except ValueError:
        raise ValidationError.single("template", N_("Choose a template from the list.")) from None
    existing = uow.assessments.list_for_system(record.id)
    if any(a.template is chosen.code and a.state in EDITABLE for a in existing):
        raise Conflict(Message(N_("A draft of this assessment already exists for the system.")))
    created = uow.assessments.add(
        Assessment(
            system_id=record.id,
            organisation_id=record.organisation_id,
            template=chosen.code,
            template_version=chosen.version,
            number=uow.assessments.next_number(record.id, chosen.code.value),
            answers=prefill(uow, record, chosen),
            record_version=record.version,
            created_by=_label(actor),
        ),
        at=uow.clock.now(),
    )
    record_event(
        uow,
        actor=actor,
        event_type="assessment.started",
        entity_type="assessment",
        entity_id=created.id,
        after=snapshot(created),
    )
    return created


def save_answers(
    uow: UnitOfWork, *, actor: Actor, assessment_id: int, raw: Mapping[str, str]
) -> Assessment:
    current = access_assessment(uow, actor, assessment_id, for_="edit")
    chosen = template(current.template)
    given = parse_answers(chosen, raw)
    cleared = {qid: Answer(qid, "") for qid, value in raw.items() if not str(value or "").strip()}
    changed = current.answered({**cleared, **given})
    if changed == current:
        return current
    return _save(uow, actor, current, changed, "answered", questions=sorted(raw))


def save_summary(
    uow: UnitOfWork, *, actor: Actor, assessment_id: int, texts: Mapping[str, str]
) -> Assessment:
    current = access_assessment(uow, actor, assessment_id, for_="edit")
    summary = LocalizedText.from_mapping({k: (v or "")[:2000] for k, v in texts.items()})
    return _save(uow, actor, current, current.with_summary(summary), "summarised")


def add_risk(
    uow: UnitOfWork, *, actor: Actor, assessment_id: int, raw: Mapping[str, str]
) -> Assessment:
    current = access_assessment(uow, actor, assessment_id, for_="edit")
    risk = parse_risk(f"r{len(current.risks) + 1}", raw)
    return _save(uow, actor, current, current.with_risk(risk), "risk_added", risk=risk.key)


def set_measure_status(
    uow: UnitOfWork,
    *,
    actor: Actor,
    assessment_id: int,
    risk_key: str,
    index: int,
    status: str,
) -> Assessment:
    current = access_assessment(uow, actor, assessment_id, for_="edit")
    try:
        chosen = MeasureStatus(status)
    except ValueError:
        raise ValidationError.single("status", N_("Choose from the list.")) from None
    changed = current.with_measure_status(risk_key, index, chosen)
    return _save(
        uow, actor, current, changed, "measure_updated", risk=risk_key, measure=index, status=status
    )


def submit_assessment(
    uow: UnitOfWork, *, actor: Actor, assessment_id: int, committee: str = ""
) -> Assessment:
    """Submit for review; every mandatory question unanswered is listed by question."""
    current = access_assessment(uow, actor, assessment_id, for_="edit")
    committee_id = None
    if committee:
        found = uow.committees.find_by_slug(committee)
        if found is None or found.organisation_id not in {None, current.organisation_id}:
            raise ValidationError.single("committee", N_("Choose a committee from the list."))
        committee_id = found.id
    changed = current.submitted(
        template(current.template), committee_id=committee_id, at=uow.clock.now()
    )
    return _save(uow, actor, current, changed, "submitted")


def close_condition(
    uow: UnitOfWork, *, actor: Actor, assessment_id: int, key: str, evidence: str
) -> Assessment:
    current = access_assessment(uow, actor, assessment_id, for_="edit")
    changed = current.with_condition_closed(key, evidence, at=uow.clock.now())
    return _save(uow, actor, current, changed, "condition_closed", condition=key)


def sign_assessment(uow: UnitOfWork, *, actor: Actor, assessment_id: int) -> Assessment:
    current = access_assessment(uow, actor, assessment_id, for_="sign")
    role = actor.role.value if actor.role else ""
    changed = current.signed(name=_label(actor), role=role, at=uow.clock.now())
    return _save(uow, actor, current, changed, "signed")


def notify_assessment(uow: UnitOfWork, *, actor: Actor, assessment_id: int) -> Assessment:
    """Mark a FRIA as notified to the market-surveillance authority (Art 27(3))."""
    current = access_assessment(uow, actor, assessment_id, for_="edit")
    return _save(uow, actor, current, current.notified(at=uow.clock.now()), "notified")


def new_version(uow: UnitOfWork, *, actor: Actor, assessment_id: int) -> Assessment:
    """A new version when the system or the template changed; answers are carried over."""
    current = access_assessment(uow, actor, assessment_id, for_="edit")
    record = uow.systems.get(current.system_id)
    assert record is not None
    chosen = template(current.template)
    if record.version == current.record_version and chosen.version == current.template_version:
        raise Conflict(
            Message(N_("Neither the system nor the template changed since this version."))
        )
    draft = current.next_version(template=chosen, record_version=record.version, by=_label(actor))
    created = uow.assessments.add(draft, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="assessment.versioned",
        entity_type="assessment",
        entity_id=created.id,
        after={**snapshot(created), "previous_id": current.id},
    )
    return created


def is_outdated(uow: UnitOfWork, assessment: Assessment) -> bool:
    record = uow.systems.get(assessment.system_id)
    return record is not None and (
        record.version != assessment.record_version
        or template(assessment.template).version != assessment.template_version
    )
