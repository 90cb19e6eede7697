"""Use cases of the guichet (one-stop shop): guides reviewed before publication, the question desk.

Guides: the shipped Markdown files are loaded as drafts (`load_shipped_guides`); a person of the
regulator's role reviews a draft and publishes it, which supersedes the version published before.
Questions: anyone asks, with an e-mail address or signed in, and follows the question through a
secret link; the regulator's staff answer it against the response-time target, or record that it
went on to the Commission's AI Act Service Desk; with the asker's consent, an answered question
becomes a public FAQ entry. Functions that must tell the asker return the e-mails beside their
result; the entrypoint sends them after its transaction has committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from balise.domain.accounts.model import Actor
from balise.domain.guichet.guides import Guide, GuideState, shipped_guides
from balise.domain.guichet.questions import (
    Question,
    QuestionInput,
    QuestionState,
    hash_secret,
    median_response_days,
    new_secret,
    question_reference,
    response_target,
    secret_matches,
)
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import translate
from balise.services.audit_log import record_event
from balise.services.permissions import (
    access_question,
    can_answer_questions,
    can_load_guides,
    can_publish_guides,
    require,
)
from balise.services.ports import OutgoingMail, UnitOfWork

NO_SUCH_GUIDE = Message(N_("There is no such guide."))
NO_SUCH_QUESTION = Message(N_("There is no such question."))


# --- guides ------------------------------------------------------------------------------------


def guide_snapshot(guide: Guide) -> dict[str, Any]:
    return {
        "code": guide.code,
        "version": guide.version,
        "kind": guide.kind.value,
        "state": guide.state.value,
        "obligations": list(guide.obligations),
        "languages": [lang.value for lang in guide.languages],
    }


def load_shipped_guides(uow: UnitOfWork, *, actor: Actor) -> list[Guide]:
    """Add the shipped guides as drafts, each version once; return the versions added."""
    require(can_load_guides(actor))
    added = []
    for shipped in shipped_guides():
        if uow.guides.get(shipped.code, shipped.version) is not None:
            continue
        draft = replace(
            shipped,
            state=GuideState.DRAFT,
            created_at=uow.clock.now(),
            created_by=actor.display(),
        )
        stored = uow.guides.add(draft)
        record_event(
            uow,
            actor=actor,
            event_type="guide.drafted",
            entity_type="guide",
            entity_id=f"{stored.code}@{stored.version}",
            after=guide_snapshot(stored),
        )
        added.append(stored)
    return added


def publish_guide(uow: UnitOfWork, *, actor: Actor, code: str, version: int) -> Guide:
    """The regulator reviews a draft and publishes it; the version published before retires."""
    require(can_publish_guides(actor))
    assert actor.user is not None
    assert actor.user.id is not None
    draft = uow.guides.get(code, version)
    if draft is None:
        raise NotFound(NO_SUCH_GUIDE)
    published = draft.publish(by=actor.user.id, at=uow.clock.now())
    for older in uow.guides.versions(code):
        if older.state is GuideState.PUBLISHED and older.version != version:
            retired = uow.guides.update(older.supersede())
            record_event(
                uow,
                actor=actor,
                event_type="guide.superseded",
                entity_type="guide",
                entity_id=f"{code}@{older.version}",
                before=guide_snapshot(older),
                after=guide_snapshot(retired),
            )
    uow.guides.update(published)
    record_event(
        uow,
        actor=actor,
        event_type="guide.published",
        entity_type="guide",
        entity_id=f"{code}@{version}",
        before=guide_snapshot(draft),
        after=guide_snapshot(published),
    )
    return published


def list_guide_versions(uow: UnitOfWork, *, actor: Actor) -> list[Guide]:
    """Every version, drafts included, for the people who review them."""
    require(can_load_guides(actor) or can_publish_guides(actor))
    return uow.guides.list_all()


def published_guides(uow: UnitOfWork, *, obligation: str = "") -> list[Guide]:
    """The published guides, or those that explain one obligation."""
    found = uow.guides.list_published()
    return [g for g in found if not obligation or g.explains(obligation)]


def published_guide(uow: UnitOfWork, *, code: str) -> Guide:
    found = next((g for g in uow.guides.list_published() if g.code == code), None)
    if found is None:
        raise NotFound(NO_SUCH_GUIDE)
    return found


def guides_by_obligation(uow: UnitOfWork) -> dict[str, list[Guide]]:
    """For each obligation code, the published guides that explain it."""
    found: dict[str, list[Guide]] = {}
    for guide in uow.guides.list_published():
        for code in guide.obligations:
            found.setdefault(code, []).append(guide)
    return found


# --- questions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    question: Question
    secret: str
    follow_up_url: str
    mails: list[OutgoingMail] = field(default_factory=list)


@dataclass(frozen=True)
class Changed:
    question: Question
    mails: list[OutgoingMail] = field(default_factory=list)


def follow_up_path(reference: str, secret: str) -> str:
    return f"/questions/{reference}?key={secret}"


def _mail(question: Question, subject: Message, body: Message) -> list[OutgoingMail]:
    if not question.email:
        return []
    footer = Message(
        N_("Reference: %(reference)s. Keep the secret link you received to follow your question."),
        {"reference": question.reference},
    )
    language = question.language
    return [
        OutgoingMail(
            to=question.email,
            subject=translate(subject, language),
            body=translate(body, language) + "\n\n" + translate(footer, language),
        )
    ]


def ask_question(
    uow: UnitOfWork,
    *,
    actor: Actor,
    given: QuestionInput,
    base_url: str = "",
    received_at: datetime | None = None,
) -> Asked:
    """Anyone asks; a signed-in person is answered at their account's address if they give none.

    The desk's staff may record a question received earlier by phone or letter (`received_at`).
    """
    now = uow.clock.now()
    if received_at is not None:
        require(can_answer_questions(actor))
        if received_at > now:
            raise ValidationError.single("received_at", N_("This date is in the future."))
        now = received_at
    email = given.email or (actor.user.email if actor.user is not None else "")
    secret = new_secret()
    reference = question_reference(now.year, uow.questions.next_number(now.year))
    question = Question.ask(
        reference=reference,
        given=replace(given, email=email, signed_in=True) if email else given,
        user_id=actor.user.id if actor.user is not None else None,
        secret_hash=hash_secret(secret),
        at=now,
    )
    stored = uow.questions.add(question)
    record_event(
        uow,
        actor=actor,
        event_type="question.asked",
        entity_type="question",
        entity_id=stored.reference,
        after=stored.snapshot(),
    )
    url = base_url.rstrip("/") + follow_up_path(stored.reference, secret)
    mails = _mail(
        stored,
        Message(N_("Your question %(reference)s was received"), {"reference": stored.reference}),
        Message(
            N_(
                "We received your question. We aim to answer it by %(due)s. Follow it here: %(url)s"
            ),
            {"due": stored.due_on.isoformat(), "url": url},
        ),
    )
    return Asked(stored, secret, url, mails)


def follow_question(uow: UnitOfWork, *, reference: str, secret: str) -> Question:
    """The asker's own view, through the secret link; a wrong secret looks like no question."""
    found = uow.questions.find_by_reference(reference.strip().upper())
    if found is None or not secret or not secret_matches(secret, found.secret_hash):
        raise NotFound(NO_SUCH_QUESTION)
    return found


def erase_own_question_data(uow: UnitOfWork, *, reference: str, secret: str) -> Question:
    """The asker erases their e-mail address and text; a published FAQ entry stays."""
    current = follow_question(uow, reference=reference, secret=secret)
    updated = uow.questions.update(current.erase_contact(at=uow.clock.now()))
    record_event(
        uow,
        actor=Actor(label="asker"),
        event_type="question.contact_erased",
        entity_type="question",
        entity_id=reference,
        before=current.snapshot(),
        after=updated.snapshot(),
    )
    return updated


def _change(
    uow: UnitOfWork,
    actor: Actor,
    before: Question,
    after: Question,
    event_type: str,
    extra: dict[str, Any] | None = None,
) -> Question:
    uow.questions.update(after)
    record_event(
        uow,
        actor=actor,
        event_type=event_type,
        entity_type="question",
        entity_id=after.reference,
        before=before.snapshot(),
        after={**after.snapshot(), **(extra or {})},
    )
    return after


def list_questions(uow: UnitOfWork, *, actor: Actor) -> list[Question]:
    """The desk's inbox: overdue first, then open ones by due date, then the answered ones."""
    require(can_answer_questions(actor))
    today = uow.clock.now().date()
    return sorted(
        uow.questions.list_all(),
        key=lambda q: (q.state is QuestionState.ANSWERED, not q.overdue(today), q.due_on),
    )


def get_question(uow: UnitOfWork, *, actor: Actor, reference: str) -> Question:
    return access_question(uow, actor, reference)


def answer_question(
    uow: UnitOfWork,
    *,
    actor: Actor,
    reference: str,
    answer: str,
    obligations: tuple[str, ...] = (),
    answered_at: datetime | None = None,
) -> Changed:
    """Answer; `answered_at` records an answer given earlier by phone or letter."""
    current = access_question(uow, actor, reference)
    assert actor.user is not None
    assert actor.user.id is not None
    now = uow.clock.now()
    if answered_at is not None and answered_at > now:
        raise ValidationError.single("answered_at", N_("This date is in the future."))
    updated = current.respond(
        answer, by=actor.user.id, at=answered_at or now, obligations=obligations
    )
    _change(uow, actor, current, updated, "question.answered", {"days": updated.days_to_answer()})
    mails = _mail(
        updated,
        Message(N_("Your question %(reference)s has been answered"), {"reference": reference}),
        Message(N_("The answer to your question is ready. Open your follow-up link to read it.")),
    )
    return Changed(updated, mails)


def escalate_question(uow: UnitOfWork, *, actor: Actor, reference: str, note: str) -> Changed:
    """Record that the question went to the Commission's AI Act Service Desk (nothing is sent)."""
    current = access_question(uow, actor, reference)
    updated = current.escalate(note, at=uow.clock.now())
    _change(uow, actor, current, updated, "question.escalated")
    mails = _mail(
        updated,
        Message(N_("Your question %(reference)s was passed on"), {"reference": reference}),
        Message(
            N_(
                "Your question needs the view of the European Commission's AI Act Service Desk. "
                "We passed it on and will answer you when we have its reply."
            )
        ),
    )
    return Changed(updated, mails)


def publish_faq(
    uow: UnitOfWork, *, actor: Actor, reference: str, question: str, answer: str
) -> Question:
    """With the asker's consent, an anonymised form of the question joins the public FAQ."""
    current = access_question(uow, actor, reference)
    updated = current.publish_faq(question, answer, at=uow.clock.now())
    return _change(uow, actor, current, updated, "question.faq_published")


def faq_entries(uow: UnitOfWork, *, obligation: str = "") -> list[Question]:
    found = uow.questions.list_faq()
    return [q for q in found if not obligation or obligation in q.obligations]


# --- statistics --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeskStatistics:
    asked: int
    answered: int
    open: int
    overdue: int
    escalated: int
    median_response_days: float | None
    share_on_time: float | None
    target_working_days: int
    target_basis: str

    def to_json(self) -> dict[str, Any]:
        return {
            "asked": self.asked,
            "answered": self.answered,
            "open": self.open,
            "overdue": self.overdue,
            "escalated": self.escalated,
            "median_response_days": self.median_response_days,
            "share_on_time": self.share_on_time,
            "target_working_days": self.target_working_days,
            "target_basis": self.target_basis,
        }


def compute_desk_statistics(questions: list[Question], today: date) -> DeskStatistics:
    answered = [q for q in questions if q.state is QuestionState.ANSWERED]
    target = response_target()
    return DeskStatistics(
        asked=len(questions),
        answered=len(answered),
        open=len(questions) - len(answered),
        overdue=sum(q.overdue(today) for q in questions),
        escalated=sum(q.escalated_at is not None for q in questions),
        median_response_days=median_response_days(questions),
        share_on_time=(sum(bool(q.answered_on_time) for q in answered) / len(answered))
        if answered
        else None,
        target_working_days=target.working_days,
        target_basis=target.basis,
    )


def desk_statistics(uow: UnitOfWork) -> DeskStatistics:
    """Public figures of the desk; no personal data goes into them."""
    return compute_desk_statistics(uow.questions.list_all(), uow.clock.now().date())
