"""The ethics committee's work: review, vote, return, give an opinion; committees and members."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.assessments.catalogue import template
from balise.domain.assessments.model import (
    Assessment,
    Comment,
    Committee,
    Gender,
    Member,
    MemberRole,
    Opinion,
)
from balise.domain.assessments.opinions import draft_opinion
from balise.domain.register.model import check_slug
from balise.domain.shared.errors import Conflict, NotFound, ValidationError
from balise.domain.shared.i18n import N_, LocalizedText, Message
from balise.domain.shared.votes import Ballot, Tally
from balise.services.assessments.common import NO_COMMITTEE, _label, _save
from balise.services.assessments.queries import committee_of
from balise.services.audit_log import record_event
from balise.services.permissions import (
    access_assessment,
    can_manage_committees,
    is_committee_member,
    require,
    require_scope,
)
from balise.services.ports import UnitOfWork


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


def _opinion(uow: UnitOfWork, actor: Actor, draft: OpinionDraft, tally: Tally | None) -> Opinion:
    return draft_opinion(
        kind=draft.kind,
        texts=draft.texts,
        original_language=draft.original_language,
        machine_translated=draft.machine_translated,
        conditions=draft.conditions,
        tally=tally,
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
    changed = current.with_opinion(_opinion(uow, actor, draft, current.tally()))
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
