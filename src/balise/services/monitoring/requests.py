"""Citizens' requests (GDPR Art 22(3), 15(1)(h); AI Act Art 86): intake, handling, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.monitoring.deadlines import RequestBasis
from balise.domain.monitoring.requests import (
    Answer,
    CitizenRequest,
    Outcome,
    RequestChannel,
    RequestInput,
    hash_secret,
    new_secret,
    request_reference,
    secret_matches,
)
from balise.domain.register.model import State
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import translate
from balise.services.audit_log import record_event
from balise.services.monitoring.mail import citizen_mail
from balise.services.monitoring.settings import organisation_request_basis
from balise.services.permissions import access_request, can_handle_requests, require, require_scope
from balise.services.ports import OutgoingMail, UnitOfWork

NO_SUCH_REQUEST = Message(N_("There is no such request."))


@dataclass(frozen=True)
class Filed:
    request: CitizenRequest
    secret: str
    follow_up_url: str
    mails: list[OutgoingMail] = field(default_factory=list)


@dataclass(frozen=True)
class Changed:
    request: CitizenRequest
    mails: list[OutgoingMail] = field(default_factory=list)


def follow_up_path(reference: str, secret: str) -> str:
    return f"/requests/{reference}?key={secret}"


def request_snapshot(request: CitizenRequest) -> dict[str, Any]:
    """What the audit log keeps of a request: never the contact or the text the person wrote."""
    return {
        "reference": request.reference,
        "organisation_id": request.organisation_id,
        "system_id": request.system_id,
        "kind": request.kind.value,
        "channel": request.channel.value,
        "state": request.state.value,
        "due_on": request.current_due_on.isoformat(),
        "reviewer_id": request.reviewer_id,
        "decision_maker_id": request.decision_maker_id,
        "outcome": request.answer.outcome.value if request.answer else None,
    }


def request_target(
    uow: UnitOfWork, *, system_slug: str, organisation_slug: str
) -> tuple[int, int | None]:
    """The organisation (and system) a request is addressed to, from what the form named."""
    if system_slug:
        record = uow.systems.find_by_slug(system_slug)
        if record is None or record.state is not State.PUBLISHED or record.id is None:
            raise ValidationError.single("system", N_("There is no such published system."))
        return record.organisation_id, record.id
    if organisation_slug:
        organisation = uow.organisations.find_by_slug(organisation_slug)
        if organisation is None or organisation.id is None:
            raise ValidationError.single("organisation", N_("There is no such organisation."))
        return organisation.id, None
    raise ValidationError.single(
        "organisation", N_("Choose the administration or the system your request is about.")
    )


def _new_request(
    uow: UnitOfWork,
    *,
    organisation_id: int,
    system_id: int | None,
    given: RequestInput,
    received_on: date,
    basis: RequestBasis,
) -> tuple[CitizenRequest, str]:
    secret = new_secret()
    year = received_on.year
    reference = request_reference(year, uow.citizen_requests.next_number(year))
    request = CitizenRequest.file(
        reference=reference,
        organisation_id=organisation_id,
        system_id=system_id,
        given=given,
        basis=basis,
        received_on=received_on,
        secret_hash=hash_secret(secret),
        at=uow.clock.now(),
    )
    return uow.citizen_requests.add(request), secret


def _filed_mail(request: CitizenRequest, url: str) -> list[OutgoingMail]:
    return citizen_mail(
        request,
        Message(N_("Your request %(reference)s was received"), {"reference": request.reference}),
        Message(
            N_(
                "We received your request on %(received)s. The answer is due by %(due)s at the "
                "latest (%(article)s). Follow your request here: %(url)s"
            ),
            {
                "received": request.received_on.isoformat(),
                "due": request.due_on.isoformat(),
                "article": request.article,
                "url": url,
            },
        ),
    )


def file_request(
    uow: UnitOfWork,
    *,
    actor: Actor,
    given: RequestInput,
    system_slug: str = "",
    organisation_slug: str = "",
    base_url: str = "",
    basis: RequestBasis | None = None,
) -> Filed:
    """A person files a request online, without an account."""
    organisation_id, system_id = request_target(
        uow, system_slug=system_slug, organisation_slug=organisation_slug
    )
    if given.channel is not RequestChannel.ONLINE:
        raise ValidationError.single("channel", N_("Online requests come through this form."))
    request, secret = _new_request(
        uow,
        organisation_id=organisation_id,
        system_id=system_id,
        given=given,
        received_on=uow.clock.now().date(),
        basis=basis or organisation_request_basis(uow, organisation_id),
    )
    record_event(
        uow,
        actor=actor,
        event_type="request.filed",
        entity_type="citizen_request",
        entity_id=request.reference,
        after=request_snapshot(request),
    )
    url = base_url.rstrip("/") + follow_up_path(request.reference, secret)
    return Filed(request, secret, url, _filed_mail(request, url))


def register_request(
    uow: UnitOfWork,
    *,
    actor: Actor,
    organisation_id: int,
    given: RequestInput,
    received_on: date,
    system_id: int | None = None,
    base_url: str = "",
    basis: RequestBasis | None = None,
) -> Filed:
    """Staff record a request received by letter, by phone or at a counter."""
    require(can_handle_requests(actor, organisation_id))
    require_scope(actor, Scope.REQUESTS_WRITE)
    if given.channel is RequestChannel.ONLINE:
        raise ValidationError.single("channel", N_("Say how the request was received."))
    if received_on > uow.clock.now().date():
        raise ValidationError.single("received_on", N_("This date is in the future."))
    if system_id is not None:
        record = uow.systems.get(system_id)
        if record is None or record.organisation_id != organisation_id:
            raise ValidationError.single("system", N_("Choose one of your organisation's systems."))
    request, secret = _new_request(
        uow,
        organisation_id=organisation_id,
        system_id=system_id,
        given=given,
        received_on=received_on,
        basis=basis or organisation_request_basis(uow, organisation_id),
    )
    record_event(
        uow,
        actor=actor,
        event_type="request.registered",
        entity_type="citizen_request",
        entity_id=request.reference,
        after=request_snapshot(request),
    )
    url = base_url.rstrip("/") + follow_up_path(request.reference, secret)
    return Filed(request, secret, url, _filed_mail(request, url))


def follow_request(uow: UnitOfWork, *, reference: str, secret: str) -> CitizenRequest:
    """The person's own view, through the secret link; a wrong secret looks like no request."""
    found = uow.citizen_requests.find_by_reference(reference.strip().upper())
    if found is None or not secret or not secret_matches(secret, found.secret_hash):
        raise NotFound(NO_SUCH_REQUEST)
    return found


def get_request(uow: UnitOfWork, *, actor: Actor, reference: str) -> CitizenRequest:
    return access_request(uow, actor, reference, for_="view")


def save_change(
    uow: UnitOfWork,
    actor: Actor,
    before: CitizenRequest,
    after: CitizenRequest,
    event_type: str,
    extra: dict[str, Any] | None = None,
) -> CitizenRequest:
    uow.citizen_requests.update(after)
    record_event(
        uow,
        actor=actor,
        event_type=event_type,
        entity_type="citizen_request",
        entity_id=after.reference,
        before=request_snapshot(before),
        after={**request_snapshot(after), **(extra or {})},
    )
    return after


def _colleague(uow: UnitOfWork, user_id: int, organisation_id: int, field_name: str) -> None:
    user = uow.users.get(user_id)
    if (
        user is None
        or not user.active
        or user.organisation_id != organisation_id
        or user.role not in {Role.EDITOR, Role.REVIEWER}
    ):
        raise ValidationError.single(field_name, N_("Choose a person of the organisation."))


def assign_request(
    uow: UnitOfWork,
    *,
    actor: Actor,
    reference: str,
    reviewer_id: int,
    decision_maker_id: int | None,
) -> Changed:
    """Give the request to a reviewer who did not take the original decision."""
    current = access_request(uow, actor, reference, for_="handle")
    _colleague(uow, reviewer_id, current.organisation_id, "reviewer_id")
    if decision_maker_id is not None:
        _colleague(uow, decision_maker_id, current.organisation_id, "decision_maker_id")
    updated = current.assign(reviewer_id=reviewer_id, decision_maker_id=decision_maker_id)
    save_change(uow, actor, current, updated, "request.assigned")
    mails = citizen_mail(
        updated,
        Message(N_("Your request %(reference)s is being reviewed"), {"reference": reference}),
        Message(
            N_(
                "A person who did not take the original decision is now reviewing your "
                "request. The answer is due by %(due)s at the latest."
            ),
            {"due": updated.current_due_on.isoformat()},
        ),
    )
    return Changed(updated, mails)


def extend_request(uow: UnitOfWork, *, actor: Actor, reference: str, reason: str) -> Changed:
    """Extend the deadline, with reasons, within the first period (GDPR Art 12(3))."""
    current = access_request(uow, actor, reference, for_="handle")
    updated = current.extend(reason, today=uow.clock.now().date())
    save_change(
        uow, actor, current, updated, "request.extended", {"reason": updated.extension_reason}
    )
    mails = citizen_mail(
        updated,
        Message(N_("More time is needed for your request %(reference)s"), {"reference": reference}),
        Message(
            N_("The answer is now due by %(due)s at the latest, for this reason: %(reason)s"),
            {"due": updated.current_due_on.isoformat(), "reason": updated.extension_reason},
        ),
    )
    return Changed(updated, mails)


def answer_request(uow: UnitOfWork, *, actor: Actor, reference: str, answer: Answer) -> Changed:
    """Answer with the elements an explanation gives, and the outcome of the review."""
    current = access_request(uow, actor, reference, for_="handle")
    if actor.user is not None and actor.user.id == current.decision_maker_id:
        raise ValidationError.single(
            "outcome", N_("The person who took the original decision cannot answer the review.")
        )
    updated = current.respond(answer, today=uow.clock.now().date(), at=uow.clock.now())
    save_change(uow, actor, current, updated, "request.answered")
    mails = citizen_mail(
        updated,
        Message(N_("Your request %(reference)s has been answered"), {"reference": reference}),
        Message(
            N_(
                "The answer to your request is ready. Open your follow-up link to read it. "
                "Outcome: %(outcome)s."
            ),
            {"outcome": translate(Message(OUTCOME_TEXT[answer.outcome]), updated.language)},
        ),
    )
    return Changed(updated, mails)


OUTCOME_TEXT: dict[Outcome, str] = {
    Outcome.UPHELD: N_("the decision is upheld"),
    Outcome.CHANGED: N_("the decision is changed"),
    Outcome.WITHDRAWN: N_("the decision is withdrawn"),
}


def erase_request_contact(uow: UnitOfWork, *, actor: Actor, reference: str) -> CitizenRequest:
    """Erase the person's data on request (GDPR Art 17); the statistics keep the rest."""
    current = access_request(uow, actor, reference, for_="handle")
    updated = current.erase_contact(at=uow.clock.now())
    return save_change(uow, actor, current, updated, "request.contact_erased")


def erase_own_request_data(uow: UnitOfWork, *, reference: str, secret: str) -> CitizenRequest:
    """The person erases their own contact and text through the secret link."""
    current = follow_request(uow, reference=reference, secret=secret)
    updated = current.erase_contact(at=uow.clock.now())
    return save_change(uow, Actor(label="citizen"), current, updated, "request.contact_erased")


def list_requests(uow: UnitOfWork, *, actor: Actor, organisation_id: int) -> list[CitizenRequest]:
    """The organisation's requests, overdue first, then by due date."""
    require(can_handle_requests(actor, organisation_id))
    today = uow.clock.now().date()
    found = uow.citizen_requests.list_for(organisation_id=organisation_id)
    return sorted(
        found, key=lambda r: (r.state.value == "answered", not r.overdue(today), r.current_due_on)
    )
