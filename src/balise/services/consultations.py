"""Use cases of online consultations: a text put to comment section by section, every comment
answered.

Staff (administrators and the regulator) create a consultation as a draft, open it, close it and
mark it answered once every published contribution has its answer. Anyone contributes on a
section while it is open; contributions wait for moderation, then are published or refused with
a reason from the versioned list. The author's e-mail address serves only to tell them of a
refusal or of the answer: it is erased as soon as they have been told. Functions that must tell
someone return the e-mails beside their result; the entrypoint sends them after it commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

from balise.domain.accounts.model import Actor
from balise.domain.consultations.model import (
    AnswerStatus,
    Consultation,
    ConsultationInput,
    ConsultationState,
    Contribution,
    ContributionInput,
    ContributionState,
    Section,
    answered_share,
    refusal_reasons,
    unanswered_count,
)
from balise.domain.monitoring.requests import hash_secret, new_secret, secret_matches
from balise.domain.shared.cells import csv_writer
from balise.domain.shared.errors import Conflict, NotFound, ValidationError
from balise.domain.shared.i18n import N_, Language, Message
from balise.i18n import translate
from balise.services.audit_log import record_event
from balise.services.permissions import (
    access_consultation,
    can_manage_consultations,
    require,
)
from balise.services.ports import OutgoingMail, UnitOfWork

BRUSSELS = ZoneInfo("Europe/Brussels")
NO_SUCH_SECTION = Message(N_("There is no such section."))
NO_SUCH_CONTRIBUTION = Message(N_("There is no such contribution."))


def brussels_today(uow: UnitOfWork) -> date:
    return uow.clock.now().astimezone(BRUSSELS).date()


@dataclass(frozen=True)
class Contributed:
    contribution: Contribution
    secret: str  # empty when no e-mail address was given: there is nothing to erase


@dataclass(frozen=True)
class Changed:
    contribution: Contribution
    mails: list[OutgoingMail] = field(default_factory=list)


# --- consultations -----------------------------------------------------------------------------


def create_consultation(uow: UnitOfWork, *, actor: Actor, given: ConsultationInput) -> Consultation:
    require(can_manage_consultations(actor))
    if uow.consultations.get(given.slug) is not None:
        raise ValidationError.single("slug", N_("This address is already taken."))
    stored = uow.consultations.add(
        Consultation.create(given, at=uow.clock.now(), by=actor.display())
    )
    record_event(
        uow,
        actor=actor,
        event_type="consultation.created",
        entity_type="consultation",
        entity_id=stored.slug,
        after=stored.snapshot(),
    )
    return stored


MOVE_EVENTS = {
    ConsultationState.OPEN: "consultation.opened",
    ConsultationState.CLOSED: "consultation.closed",
    ConsultationState.ANSWERED: "consultation.answered",
}


def move_consultation(
    uow: UnitOfWork, *, actor: Actor, slug: str, to: ConsultationState
) -> Consultation:
    """Open, close, or mark answered (only when every published contribution has its answer)."""
    current = access_consultation(uow, actor, slug, for_="manage")
    assert current.id is not None
    contributions = uow.consultations.contributions(current.id)
    updated = current.move_to(to, at=uow.clock.now(), contributions=contributions)
    uow.consultations.update(updated)
    record_event(
        uow,
        actor=actor,
        event_type=MOVE_EVENTS[to],
        entity_type="consultation",
        entity_id=slug,
        before=current.snapshot(),
        after=updated.snapshot(),
    )
    return updated


def list_consultations(uow: UnitOfWork, *, actor: Actor) -> list[Consultation]:
    """Every public consultation; staff see the drafts too."""
    staff = can_manage_consultations(actor)
    return [c for c in uow.consultations.list_all() if c.public or staff]


def get_consultation(uow: UnitOfWork, *, actor: Actor, slug: str) -> Consultation:
    return access_consultation(uow, actor, slug, for_="read")


def list_contributions(
    uow: UnitOfWork, *, actor: Actor, consultation: Consultation
) -> list[Contribution]:
    """The published contributions; staff see those waiting and those refused too."""
    assert consultation.id is not None
    found = uow.consultations.contributions(consultation.id)
    if can_manage_consultations(actor):
        return found
    return [c for c in found if c.state is ContributionState.PUBLISHED]


@dataclass(frozen=True)
class Figures:
    published: int
    answered: int
    unanswered: int
    pending: int
    refused: int
    answered_share: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "answered": self.answered,
            "unanswered": self.unanswered,
            "pending": self.pending,
            "refused": self.refused,
            "answered_share": self.answered_share,
        }


def figures_of(contributions: list[Contribution]) -> Figures:
    published = [c for c in contributions if c.state is ContributionState.PUBLISHED]
    return Figures(
        published=len(published),
        answered=sum(c.answered for c in published),
        unanswered=unanswered_count(contributions),
        pending=sum(c.state is ContributionState.PENDING for c in contributions),
        refused=sum(c.state is ContributionState.REFUSED for c in contributions),
        answered_share=answered_share(contributions),
    )


def consultation_figures(uow: UnitOfWork, consultation: Consultation) -> Figures:
    """Public counts: how many contributions are published, answered, still without answer."""
    assert consultation.id is not None
    return figures_of(uow.consultations.contributions(consultation.id))


# --- contributions -----------------------------------------------------------------------------


def contribute(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    section_id: int,
    given: ContributionInput,
) -> Contributed:
    """Anyone comments on a section while the consultation is open; it waits for moderation."""
    consultation = access_consultation(uow, actor, slug, for_="read")
    section = consultation.section(section_id)
    if section is None:
        raise NotFound(NO_SUCH_SECTION)
    if not consultation.accepts_contributions(brussels_today(uow)):
        raise Conflict(Message(N_("This consultation does not take contributions now.")))
    secret = new_secret() if given.email else ""
    stored = uow.consultations.add_contribution(
        Contribution.submit(
            consultation=consultation,
            section=section,
            given=given,
            secret_hash=hash_secret(secret) if secret else "",
            at=uow.clock.now(),
        )
    )
    record_event(
        uow,
        actor=actor,
        event_type="contribution.submitted",
        entity_type="contribution",
        entity_id=stored.id,
        after=stored.snapshot(),
    )
    return Contributed(stored, secret)


def _contribution_of(
    uow: UnitOfWork, consultation: Consultation, contribution_id: int
) -> Contribution:
    found = uow.consultations.get_contribution(contribution_id)
    if found is None or found.consultation_id != consultation.id:
        raise NotFound(NO_SUCH_CONTRIBUTION)
    return found


def _tell_and_forget(
    uow: UnitOfWork,
    consultation: Consultation,
    contribution: Contribution,
    subject: Message,
    body: Message,
) -> tuple[Contribution, list[OutgoingMail]]:
    """The e-mail to the author, if they left an address; the address is erased at once."""
    if not contribution.email:
        return contribution, []
    language = contribution.language
    title = consultation.title.in_language(language)
    mail = OutgoingMail(
        to=contribution.email,
        subject=translate(subject, language),
        body=translate(body, language)
        + "\n\n"
        + translate(
            Message(
                N_("Consultation: %(title)s. Your e-mail address has now been erased."),
                {"title": title.text if title else consultation.slug},
            ),
            language,
        ),
    )
    return contribution.erase_email(at=uow.clock.now()), [mail]


def _save(
    uow: UnitOfWork,
    actor: Actor,
    before: Contribution,
    after: Contribution,
    event_type: str,
) -> Contribution:
    uow.consultations.update_contribution(after)
    record_event(
        uow,
        actor=actor,
        event_type=event_type,
        entity_type="contribution",
        entity_id=after.id,
        before=before.snapshot(),
        after=after.snapshot(),
    )
    return after


def moderate_contribution(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    contribution_id: int,
    publish: bool,
    reason: str = "",
) -> Changed:
    """Publish, or refuse with a reason from the list (the author is told if they can be)."""
    consultation = access_consultation(uow, actor, slug, for_="manage")
    if consultation.state is ConsultationState.ANSWERED:
        raise Conflict(Message(N_("This consultation has been answered.")))
    current = _contribution_of(uow, consultation, contribution_id)
    now = uow.clock.now()
    if publish:
        return Changed(
            _save(uow, actor, current, current.publish(at=now), "contribution.published")
        )
    refused = current.refuse(reason, at=now)
    language = current.language
    reasons = refusal_reasons()
    said = reasons.texts[reason].in_language(language)
    refused, mails = _tell_and_forget(
        uow,
        consultation,
        refused,
        Message(N_("Your contribution was not published")),
        Message(
            N_("Your contribution was not published, for this reason: %(reason)s"),
            {"reason": said.text if said else reason},
        ),
    )
    return Changed(_save(uow, actor, current, refused, "contribution.refused"), mails)


def answer_contribution(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    contribution_id: int,
    answer: str,
    status: AnswerStatus | None,
    language: Language | None,
    base_url: str = "",
) -> Changed:
    """The organiser's public answer, with the language it is written in (required); the author
    is told once and their address erased."""
    consultation = access_consultation(uow, actor, slug, for_="manage")
    if consultation.state is ConsultationState.ANSWERED:
        raise Conflict(Message(N_("This consultation has been answered.")))
    current = _contribution_of(uow, consultation, contribution_id)
    answered = current.respond(answer, status, language=language, at=uow.clock.now())
    answered, mails = _tell_and_forget(
        uow,
        consultation,
        answered,
        Message(N_("Your contribution has been answered")),
        Message(
            N_("The organiser has published an answer to your contribution. Read it here: %(url)s"),
            {
                "url": base_url.rstrip("/")
                + f"/consultations/{consultation.slug}/sections/{current.section_id}"
                + f"#contribution-{current.id}"
            },
        ),
    )
    return Changed(_save(uow, actor, current, answered, "contribution.answered"), mails)


def erase_contribution_email(
    uow: UnitOfWork, *, slug: str, contribution_id: int, secret: str
) -> Contribution:
    """The author erases their e-mail address through the secret link given on submission."""
    consultation = access_consultation(uow, Actor(), slug, for_="read")
    current = _contribution_of(uow, consultation, contribution_id)
    if not secret or not current.secret_hash or not secret_matches(secret, current.secret_hash):
        raise NotFound(NO_SUCH_CONTRIBUTION)
    return _save(
        uow,
        Actor(label="author"),
        current,
        current.erase_email(at=uow.clock.now()),
        "contribution.email_erased",
    )


# --- open data ---------------------------------------------------------------------------------

OPEN_DATA_COLUMNS = (
    "contribution_id",
    "section_id",
    "section_position",
    "section_title",
    "language",
    "display_name",
    "text",
    "submitted_on",
    "answer_status",
    "answer",
    "answered_on",
    "answer_language",  # last, added after the others: readers by position are not shifted
)


def open_data_rows(
    consultation: Consultation, contributions: list[Contribution]
) -> list[dict[str, Any]]:
    """Published contributions and their answers; never an e-mail address."""
    sections = {s.id: s for s in consultation.sections}
    rows = []
    for c in contributions:
        if c.state is not ContributionState.PUBLISHED:
            continue
        section: Section | None = sections.get(c.section_id)
        title = section.title.in_language(c.language) if section else None
        rows.append(
            {
                "contribution_id": c.id,
                "section_id": c.section_id,
                "section_position": (section.position + 1) if section else None,
                "section_title": title.text if title else "",
                "language": c.language.value,
                "display_name": c.display_name,
                "text": c.text,
                "submitted_on": c.submitted_at.astimezone(BRUSSELS).date().isoformat(),
                "answer_status": c.answer_status.value if c.answer_status else None,
                "answer": c.answer,
                "answered_on": c.answered_at.astimezone(BRUSSELS).date().isoformat()
                if c.answered_at
                else None,
                # None for answers given before the answer's language was recorded.
                "answer_language": c.answer_language.value if c.answer_language else None,
            }
        )
    return rows


def open_data(
    uow: UnitOfWork, *, actor: Actor, slug: str
) -> tuple[Consultation, list[dict[str, Any]]]:
    consultation = access_consultation(uow, actor, slug, for_="read")
    assert consultation.id is not None
    return consultation, open_data_rows(
        consultation, uow.consultations.contributions(consultation.id)
    )


def open_data_json(consultation: Consultation, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "consultation": {
            "slug": consultation.slug,
            "title": consultation.title.as_dict(),
            "organiser": consultation.organiser,
            "state": consultation.state.value,
            "opens_on": consultation.opens_on.isoformat(),
            "closes_on": consultation.closes_on.isoformat(),
        },
        "columns": list(OPEN_DATA_COLUMNS),
        "contributions": rows,
    }


def open_data_csv(rows: list[dict[str, Any]]) -> str:
    """One row per published contribution, every cell through the formula guard."""
    stream = StringIO()
    writer = csv_writer(stream)
    writer.writerow(OPEN_DATA_COLUMNS)
    for row in rows:
        writer.writerow(["" if row[name] is None else row[name] for name in OPEN_DATA_COLUMNS])
    return stream.getvalue()
