"""Use cases of impact assessments: fill, submit, review, vote, give an opinion, sign, notify.

Also the publication gate of the register (AI Act Art 27): a record whose stored classification
says its deployer must assess the impact on fundamental rights cannot be published, once that
obligation applies, without a submitted FRIA or a reasoned exemption.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.assessments.catalogue import (
    AnswerType,
    Template,
    TemplateCode,
    template,
    templates,
)
from balise.domain.assessments.model import (
    EDITABLE,
    SUBMITTED_STATES,
    Answer,
    AnswerChange,
    Assessment,
    AssessmentState,
    Comment,
    Committee,
    Condition,
    Exemption,
    Gender,
    MeasureStatus,
    Member,
    MemberRole,
    Opinion,
    OpinionKind,
    compare_answers,
    parse_answers,
    parse_risk,
    reusable_answers,
    translation_statuses,
)
from balise.domain.register.model import SystemRecord, check_slug
from balise.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, Language, LocalizedText, Message
from balise.domain.shared.votes import Ballot
from balise.services.audit_log import record_event
from balise.services.permissions import (
    DENIED,
    access_assessment,
    can_edit_assessment,
    can_manage_committees,
    can_see_notifications,
    can_sign_assessment,
    has_oversight,
    is_committee_member,
    is_member,
    require,
    require_scope,
)
from balise.services.ports import UnitOfWork

NO_SYSTEM = Message(N_("There is no such AI system."))
NO_COMMITTEE = Message(N_("There is no such committee."))

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


def _today(uow: UnitOfWork) -> dt.date:
    return uow.clock.now().date()


def _label(actor: Actor) -> str:
    return actor.user.display_name if actor.user is not None else actor.display()


def snapshot(assessment: Assessment) -> dict[str, Any]:
    return {
        "system_id": assessment.system_id,
        "template": assessment.template.value,
        "template_version": assessment.template_version,
        "number": assessment.number,
        "state": assessment.state.value,
        "answers": len(assessment.answers),
        "risks": len(assessment.risks),
        "committee_id": assessment.committee_id,
        "opinion": assessment.opinion.kind.value if assessment.opinion else None,
    }


def _save(
    uow: UnitOfWork,
    actor: Actor,
    before: Assessment,
    after: Assessment,
    event: str,
    **extra: Any,
) -> Assessment:
    saved = uow.assessments.update(after, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type=f"assessment.{event}",
        entity_type="assessment",
        entity_id=saved.id,
        before=snapshot(before),
        after={**snapshot(saved), **extra},
    )
    return saved


# --- templates (public) ------------------------------------------------------------------------


def template_documents() -> list[dict[str, Any]]:
    return [t.to_json() for t in templates()]


def template_of(code: str) -> Template:
    try:
        return template(code)
    except ValueError:
        raise NotFound(Message(N_("There is no such template."))) from None


# --- the system and what Balise knows of it ----------------------------------------------------


def _system(uow: UnitOfWork, slug: str) -> SystemRecord:
    record = uow.systems.find_by_slug(slug)
    if record is None:
        raise NotFound(NO_SYSTEM)
    return record


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


@dataclass(frozen=True)
class FriaDuty:
    """What the stored classification says of the deployer's FRIA (Art 27)."""

    required: bool
    applies_from: dt.date | None
    annex_iii_point: str | None
    roles: tuple[str, ...]
    law: str | None

    def applies_on(self, day: dt.date) -> bool:
        return self.required and (self.applies_from is None or self.applies_from <= day)


NO_DUTY = FriaDuty(False, None, None, (), None)


def fria_duty(uow: UnitOfWork, system_id: int) -> FriaDuty:
    """The FRIA obligation of the newest stored classification of the record."""
    stored = uow.aiact_classifications.list_for_system(system_id)
    if not stored:
        return NO_DUTY
    result = stored[0].result
    if not result.fria_required:
        return NO_DUTY
    obligation = next(
        (o for o in result.obligations if o.code == "fria" and o.role == "deployer"),
        result.obligation("fria"),
    )
    point = stored[0].facts.get("annex_iii", {})
    return FriaDuty(
        required=True,
        applies_from=obligation.applies_from if obligation else None,
        annex_iii_point=str(point.get("point")) if isinstance(point, Mapping) else None,
        roles=tuple(result.roles),
        law=result.law,
    )


@dataclass(frozen=True)
class GateStatus:
    duty: FriaDuty
    applies: bool
    fria: Assessment | None
    exemption: Exemption | None

    @property
    def open(self) -> bool:
        return not self.applies or self.fria is not None or self.exemption is not None


def publication_gate(uow: UnitOfWork, record: SystemRecord, *, on: dt.date) -> GateStatus:
    assert record.id is not None
    duty = fria_duty(uow, record.id)
    fria = next(
        (
            a
            for a in uow.assessments.list_for_system(record.id)
            if a.template is TemplateCode.FRIA and a.state in SUBMITTED_STATES
        ),
        None,
    )
    exemption = uow.assessment_exemptions.latest_for_system(record.id) if duty.required else None
    return GateStatus(duty, duty.applies_on(on), fria, exemption)


def check_publication_gate(uow: UnitOfWork, record: SystemRecord) -> None:
    """Called by the register before publishing: refuse a high-risk record without its FRIA."""
    gate = publication_gate(uow, record, on=_today(uow))
    if not gate.open:
        raise Conflict(
            Message(
                N_(
                    "This record needs a fundamental rights impact assessment (AI Act Art 27) "
                    "before publication: submit one, or record a reasoned exemption."
                )
            )
        )


def record_exemption(uow: UnitOfWork, *, actor: Actor, slug: str, reason: str) -> Exemption:
    record = _system(uow, slug)
    assert record.id is not None
    if not (has_oversight(actor) or is_member(actor, record.organisation_id)):
        raise NotFound(NO_SYSTEM)
    require_scope(actor, Scope.ASSESSMENTS_WRITE)
    require(can_sign_assessment(actor, record.organisation_id))
    exemption = uow.assessment_exemptions.add(
        Exemption(record.id, reason.strip()[:2000], _label(actor), uow.clock.now())
    )
    record_event(
        uow,
        actor=actor,
        event_type="assessment_exemption.recorded",
        entity_type="system",
        entity_id=record.id,
        after={"reason": exemption.reason},
    )
    return exemption


# --- reads ------------------------------------------------------------------------------------


def get_assessment(uow: UnitOfWork, *, actor: Actor, assessment_id: int) -> Assessment:
    return access_assessment(uow, actor, assessment_id, for_="view")


def list_assessments(uow: UnitOfWork, *, actor: Actor) -> list[Assessment]:
    """The assessments the actor may read: all for oversight, else their organisation's."""
    if has_oversight(actor):
        return uow.assessments.list_for_organisation(None)
    if actor.user is None or actor.user.organisation_id is None:
        return []
    return uow.assessments.list_for_organisation(actor.user.organisation_id)


def system_assessments(
    uow: UnitOfWork, *, actor: Actor, slug: str
) -> tuple[SystemRecord, list[Assessment], GateStatus]:
    record = _system(uow, slug)
    assert record.id is not None
    if not (has_oversight(actor) or is_member(actor, record.organisation_id)):
        raise NotFound(NO_SYSTEM)
    found = uow.assessments.list_for_system(record.id)
    return record, found, publication_gate(uow, record, on=_today(uow))


def committees_of(uow: UnitOfWork, *, actor: Actor) -> list[Committee]:
    """Committees the actor sits on (every committee for an administrator)."""
    every = uow.committees.list_all()
    if actor.role is Role.ADMIN:
        return every
    return [c for c in every if is_committee_member(actor, c)]


@dataclass(frozen=True)
class InboxItem:
    assessment: Assessment
    committee: Committee
    vote_due: bool
    leads: bool


def committee_inbox(uow: UnitOfWork, *, actor: Actor) -> list[InboxItem]:
    """Assessments before the actor's committees, and whether the actor's vote is due."""
    mine = [c for c in uow.committees.list_all() if is_committee_member(actor, c)]
    by_id = {c.id: c for c in mine if c.id is not None}
    items = []
    for assessment in uow.assessments.list_for_committees(list(by_id)):
        if assessment.state not in {AssessmentState.SUBMITTED, AssessmentState.UNDER_REVIEW}:
            continue
        assert assessment.committee_id is not None
        committee = by_id[assessment.committee_id]
        key = str(actor.user.id) if actor.user else ""
        due = (
            assessment.ballot is not None
            and not assessment.ballot.closed
            and key in assessment.ballot.pending()
        )
        items.append(InboxItem(assessment, committee, due, committee.leads(_user_id(actor))))
    return items


def regulator_inbox(uow: UnitOfWork, *, actor: Actor) -> list[Assessment]:
    """FRIAs notified to the market-surveillance authority (Art 27(3))."""
    if not can_see_notifications(actor):
        raise PermissionDenied(DENIED)
    return uow.assessments.list_notified()


def compare_versions(
    uow: UnitOfWork, *, actor: Actor, assessment_id: int, other_id: int
) -> tuple[Assessment, Assessment, list[AnswerChange]]:
    after = get_assessment(uow, actor=actor, assessment_id=assessment_id)
    before = get_assessment(uow, actor=actor, assessment_id=other_id)
    if (before.system_id, before.template) != (after.system_id, after.template):
        raise NotFound(Message(N_("There is no such version.")))
    return before, after, compare_answers(before, after)


def committee_of(uow: UnitOfWork, assessment: Assessment) -> Committee | None:
    if assessment.committee_id is None:
        return None
    return uow.committees.get(assessment.committee_id)


def available_committees(uow: UnitOfWork, organisation_id: int) -> list[Committee]:
    """The organisation's own committees and the shared ones."""
    return [c for c in uow.committees.list_all() if c.organisation_id in {None, organisation_id}]


# --- the deployer's work ----------------------------------------------------------------------


def _user_id(actor: Actor) -> int | None:
    return actor.user.id if actor.user is not None else None


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
    return _save(uow, actor, current, changed, "measure_updated")


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


# --- the committee's work ---------------------------------------------------------------------


def start_review(uow: UnitOfWork, *, actor: Actor, assessment_id: int) -> Assessment:
    """Take a submitted assessment for review and open the vote among eligible members."""
    current = access_assessment(uow, actor, assessment_id, for_="review")
    committee = committee_of(uow, current)
    assert committee is not None
    if problems := committee.composition_problems():
        raise Conflict(problems[0])
    ballot = Ballot.open(committee.voters(current.organisation_id), quorum=committee.quorum)
    return _save(uow, actor, current, current.taken_for_review(ballot), "review_started")


def cast_vote(
    uow: UnitOfWork, *, actor: Actor, assessment_id: int, choice: str, reason: str
) -> Assessment:
    current = access_assessment(uow, actor, assessment_id, for_="vote")
    if current.ballot is None:
        raise Conflict(Message(N_("This assessment is not being voted on.")))
    assert actor.user is not None
    ballot = current.ballot.cast(str(actor.user.id), choice, reason, at=uow.clock.now())
    return _save(uow, actor, current, current.voted(ballot), "voted", choice=choice)


def return_assessment(
    uow: UnitOfWork, *, actor: Actor, assessment_id: int, comments: Mapping[str, str]
) -> Assessment:
    """Send back for more information, with a comment per question."""
    current = access_assessment(uow, actor, assessment_id, for_="review")
    chosen = template(current.template)
    errors: dict[str, Message] = {}
    made = []
    for question_id, text in comments.items():
        if not str(text or "").strip():
            continue
        if chosen.question(question_id) is None:
            errors[question_id] = Message(
                N_("There is no question called %(name)s."), {"name": question_id}
            )
            continue
        made.append(Comment(question_id, str(text).strip()[:2000], _label(actor), uow.clock.now()))
    if errors:
        raise ValidationError(errors)
    return _save(uow, actor, current, current.returned(made), "returned")


@dataclass(frozen=True)
class OpinionDraft:
    kind: str
    texts: Mapping[str, str]
    original_language: str
    machine_translated: Sequence[str] = ()
    conditions: Sequence[tuple[Mapping[str, str], str]] = ()  # (text per language, due date)


def _opinion(uow: UnitOfWork, actor: Actor, draft: OpinionDraft) -> Opinion:
    errors: dict[str, Message] = {}
    try:
        kind = OpinionKind(draft.kind)
    except ValueError:
        errors["kind"] = Message(N_("Choose from the list."))
        kind = OpinionKind.UNFAVOURABLE
    languages = {lang.value: lang for lang in LANGUAGES}
    original = languages.get(draft.original_language)
    if original is None:
        errors["original_language"] = Message(N_("Languages are fr, nl, de and en."))
        original = Language.EN
    text = LocalizedText.from_mapping({k: (v or "")[:5000] for k, v in draft.texts.items()})
    if not getattr(text, original.value):
        errors[f"text_{original.value}"] = Message(
            N_("Write the opinion in its original language.")
        )
    conditions = []
    for number, (texts, due) in enumerate(draft.conditions, start=1):
        condition_text = LocalizedText.from_mapping({k: (v or "")[:2000] for k, v in texts.items()})
        if condition_text.is_empty():
            continue
        try:
            due_date = dt.date.fromisoformat(due.strip())
        except ValueError:
            errors[f"condition_{number}_due"] = Message(N_("Give a date as YYYY-MM-DD."))
            continue
        conditions.append(Condition(f"c{number}", condition_text, due_date))
    if errors:
        raise ValidationError(errors)
    return Opinion(
        kind=kind,
        text=text,
        translations=translation_statuses(text, original, draft.machine_translated),
        conditions=tuple(conditions),
        tally={},
        issued_at=uow.clock.now(),
        issued_by=_label(actor),
    )


def issue_opinion(
    uow: UnitOfWork, *, actor: Actor, assessment_id: int, draft: OpinionDraft
) -> Assessment:
    """The committee's opinion, once the quorum has voted; minority views come with the tally."""
    current = access_assessment(uow, actor, assessment_id, for_="review")
    committee = committee_of(uow, current)
    assert committee is not None
    if problems := committee.composition_problems():
        raise Conflict(problems[0])
    changed = current.with_opinion(_opinion(uow, actor, draft))
    return _save(uow, actor, current, changed, "opinion_issued")


# --- committees -------------------------------------------------------------------------------


def create_committee(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    name: Mapping[str, str],
    organisation: str = "",
    quorum: int = 3,
    max_gender_share: str = "2/3",
) -> Committee:
    require_scope(actor, Scope.ASSESSMENTS_WRITE)
    require(can_manage_committees(actor))
    check_slug(slug)
    if uow.committees.find_by_slug(slug) is not None:
        raise ValidationError.single("slug", N_("Another committee already uses this address."))
    organisation_id = None
    if organisation:
        found = uow.organisations.find_by_slug(organisation)
        if found is None:
            raise ValidationError.single("organisation", N_("There is no such organisation."))
        organisation_id = found.id
    try:
        share = Fraction(max_gender_share)
    except (ValueError, ZeroDivisionError):
        raise ValidationError.single(
            "max_gender_share", N_("The share is between one half and one.")
        ) from None
    committee = uow.committees.add(
        Committee(
            slug=slug,
            name=LocalizedText.from_mapping(name),
            organisation_id=organisation_id,
            quorum=quorum,
            max_gender_share=share,
        ),
        at=uow.clock.now(),
    )
    record_event(
        uow,
        actor=actor,
        event_type="committee.created",
        entity_type="committee",
        entity_id=committee.id,
        after=committee.to_json(),
    )
    return committee


def add_member(
    uow: UnitOfWork,
    *,
    actor: Actor,
    committee: str,
    email: str,
    role: str,
    gender: str = "undisclosed",
    conflicts: Sequence[str] = (),
) -> Committee:
    """Add a user account to a committee, with the organisations it declares a conflict with."""
    require_scope(actor, Scope.ASSESSMENTS_WRITE)
    require(can_manage_committees(actor))
    current = uow.committees.find_by_slug(committee)
    if current is None:
        raise NotFound(NO_COMMITTEE)
    errors: dict[str, Message] = {}
    user = uow.users.find_by_email(email.strip().lower())
    if user is None or user.id is None:
        errors["email"] = Message(N_("There is no account with this e-mail address."))
    roles = {r.value: r for r in MemberRole}
    genders = {g.value: g for g in Gender}
    if role not in roles:
        errors["role"] = Message(N_("Choose from the list."))
    if gender not in genders:
        errors["gender"] = Message(N_("Choose from the list."))
    conflict_ids = []
    for slug in conflicts:
        found = uow.organisations.find_by_slug(slug.strip())
        if found is None or found.id is None:
            errors["conflicts"] = Message(N_("There is no such organisation."))
        else:
            conflict_ids.append(found.id)
    if errors:
        raise ValidationError(errors)
    assert user is not None
    assert user.id is not None
    member = Member(
        user.id,
        user.display_name,
        roles[role],
        user.organisation_id,
        genders[gender],
        tuple(conflict_ids),
    )
    others = tuple(m for m in current.members if m.user_id != user.id)
    changed = Committee(
        slug=current.slug,
        name=current.name,
        organisation_id=current.organisation_id,
        quorum=current.quorum,
        max_gender_share=current.max_gender_share,
        members=(*others, member),
        id=current.id,
    )
    saved = uow.committees.update(changed, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="committee.member_added",
        entity_type="committee",
        entity_id=saved.id,
        before=current.to_json(),
        after=saved.to_json(),
    )
    return saved


def get_committee(uow: UnitOfWork, *, actor: Actor, slug: str) -> Committee:
    found = uow.committees.find_by_slug(slug)
    if found is None or not (actor.role is Role.ADMIN or is_committee_member(actor, found)):
        raise NotFound(NO_COMMITTEE)
    return found


# --- what is published ------------------------------------------------------------------------


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
