"""Use cases of monitoring: serious incidents (AI Act Art 73, 26(5)) and citizens' requests.

Every change writes an audit event. Functions that must tell someone by e-mail return the
messages (`OutgoingMail`, already in the reader's language) beside their result: the entrypoint
sends them once its transaction has committed, so no e-mail announces something rolled back.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.monitoring.deadlines import RequestBasis
from balise.domain.monitoring.incidents import (
    Incident,
    IncidentReport,
    IncidentVersion,
    PublicIncident,
    RegulatorState,
    ReporterRole,
    incident_reference,
)
from balise.domain.monitoring.requests import (
    Answer,
    CitizenRequest,
    Outcome,
    RequestChannel,
    RequestInput,
    RequestKind,
    hash_secret,
    new_secret,
    request_reference,
    secret_matches,
)
from balise.domain.register.model import State
from balise.domain.shared.errors import NotFound, ValidationError
from balise.domain.shared.i18n import N_, Language, Message
from balise.i18n import translate
from balise.services.audit_log import record_event
from balise.services.permissions import (
    access_incident,
    access_request,
    can_handle_requests,
    can_report_incident,
    can_see_incident,
    has_oversight,
    require,
    require_scope,
)
from balise.services.ports import OutgoingMail, UnitOfWork

NO_SUCH_REQUEST = Message(N_("There is no such request."))


# --- e-mails -----------------------------------------------------------------------------------


def _mail(to: str, language: Language, subject: Message, body: Message) -> OutgoingMail:
    return OutgoingMail(to=to, subject=translate(subject, language), body=translate(body, language))


def _citizen_mail(
    request: CitizenRequest, subject: Message, body: Message, *, base_url: str = ""
) -> list[OutgoingMail]:
    if not request.contact.email:
        return []
    footer = Message(
        N_(
            "Reference: %(reference)s. Keep the secret link you received when you filed the "
            "request to follow it."
        ),
        {"reference": request.reference},
    )
    mail = _mail(request.contact.email, request.language, subject, body)
    return [
        OutgoingMail(
            to=mail.to,
            subject=mail.subject,
            body=mail.body + "\n\n" + translate(footer, request.language),
        )
    ]


# --- citizens' requests ------------------------------------------------------------------------


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


def _target(uow: UnitOfWork, *, system_slug: str, organisation_slug: str) -> tuple[int, int | None]:
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
    return _citizen_mail(
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
    basis: RequestBasis = RequestBasis.GDPR,
) -> Filed:
    """A person files a request online, without an account."""
    organisation_id, system_id = _target(
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
        basis=basis,
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
    basis: RequestBasis = RequestBasis.GDPR,
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
        basis=basis,
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


def _change(
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
    _change(uow, actor, current, updated, "request.assigned")
    mails = _citizen_mail(
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
    _change(uow, actor, current, updated, "request.extended", {"reason": updated.extension_reason})
    mails = _citizen_mail(
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
    _change(uow, actor, current, updated, "request.answered")
    mails = _citizen_mail(
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
    return _change(uow, actor, current, updated, "request.contact_erased")


def erase_own_request_data(uow: UnitOfWork, *, reference: str, secret: str) -> CitizenRequest:
    """The person erases their own contact and text through the secret link."""
    current = follow_request(uow, reference=reference, secret=secret)
    updated = current.erase_contact(at=uow.clock.now())
    return _change(uow, Actor(label="citizen"), current, updated, "request.contact_erased")


def purge_expired_personal_data(uow: UnitOfWork, *, actor: Actor, retention_days: int) -> int:
    """Delete the personal data of requests closed more than `retention_days` ago."""
    if actor.role is not None and actor.role is not Role.ADMIN:
        require(False)
    cutoff = uow.clock.now() - timedelta(days=retention_days)
    expired = uow.citizen_requests.list_closed_before(cutoff)
    for request in expired:
        _change(
            uow,
            actor,
            request,
            request.erase_contact(at=uow.clock.now()),
            "request.contact_erased",
            {"reason": "retention"},
        )
    return len(expired)


def list_requests(uow: UnitOfWork, *, actor: Actor, organisation_id: int) -> list[CitizenRequest]:
    """The organisation's requests, overdue first, then by due date."""
    require(can_handle_requests(actor, organisation_id))
    today = uow.clock.now().date()
    found = uow.citizen_requests.list_for(organisation_id=organisation_id)
    return sorted(
        found, key=lambda r: (r.state.value == "answered", not r.overdue(today), r.current_due_on)
    )


# --- statistics --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestStatistics:
    total: int
    by_kind: dict[str, int]
    answered: int
    median_days_to_answer: float | None
    share_on_time: float | None
    share_changed: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "by_kind": self.by_kind,
            "answered": self.answered,
            "median_days_to_answer": self.median_days_to_answer,
            "share_on_time": self.share_on_time,
            "share_changed": self.share_changed,
        }


def compute_statistics(requests: list[CitizenRequest]) -> RequestStatistics:
    answered = [r for r in requests if r.answered_on is not None and r.answer is not None]
    days = [d for r in answered if (d := r.days_to_answer()) is not None]
    changed = [
        r for r in answered if r.answer is not None and r.answer.outcome is not Outcome.UPHELD
    ]
    return RequestStatistics(
        total=len(requests),
        by_kind={kind.value: sum(r.kind is kind for r in requests) for kind in RequestKind},
        answered=len(answered),
        median_days_to_answer=float(statistics.median(days)) if days else None,
        share_on_time=(sum(bool(r.answered_on_time) for r in answered) / len(answered))
        if answered
        else None,
        share_changed=(len(changed) / len(answered)) if answered else None,
    )


def request_statistics(
    uow: UnitOfWork, *, organisation_id: int | None = None, system_id: int | None = None
) -> RequestStatistics:
    """Public figures; no personal data goes into them."""
    return compute_statistics(
        uow.citizen_requests.list_for(organisation_id=organisation_id, system_id=system_id)
    )


# --- incidents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reported:
    incident: Incident
    mails: list[OutgoingMail] = field(default_factory=list)


def incident_snapshot(incident: Incident) -> dict[str, Any]:
    return {
        "reference": incident.reference,
        "organisation_id": incident.organisation_id,
        "reporter_role": incident.reporter_role.value,
        "system_id": incident.system_id,
        "provider_organisation_id": incident.provider_organisation_id,
        "category": incident.report.category.value,
        "stage": incident.report.stage.value,
        "due_on": incident.due_on.isoformat(),
        "state": incident.state.value,
        "version": incident.version,
        "published": incident.published_at is not None,
    }


def _provider_of(uow: UnitOfWork, system_id: int) -> tuple[str, str, int | None]:
    """The system's name, its provider's name, and the provider's organisation in Balise."""
    record = uow.systems.get(system_id)
    if record is None:
        raise ValidationError.single("system", N_("There is no such system."))
    name = record.name_in(record.default_language)
    provider_name = str(record.values.get("provider_name") or "")
    number = str(record.values.get("provider_enterprise_number") or "")
    digits = "".join(ch for ch in number if ch.isdigit())
    provider = uow.organisations.find_by_enterprise_number(digits) if digits else None
    if provider is None and record.values.get("provider_in_house"):
        provider = uow.organisations.get(record.organisation_id)
    return name, provider_name, provider.id if provider else None


def report_incident(
    uow: UnitOfWork,
    *,
    actor: Actor,
    organisation_id: int,
    reporter_role: ReporterRole,
    report: IncidentReport,
    system_id: int | None = None,
    system_name: str = "",
    provider_name: str = "",
) -> Reported:
    """A provider (Art 73) or a deployer (Art 26(5)) reports a serious incident."""
    require(can_report_incident(actor, organisation_id))
    require_scope(actor, Scope.INCIDENTS_WRITE)
    provider_organisation_id: int | None = None
    if system_id is not None:
        system_name, found_provider, provider_organisation_id = _provider_of(uow, system_id)
        provider_name = provider_name or found_provider
    if reporter_role is ReporterRole.PROVIDER:
        provider_organisation_id = organisation_id
    deadline = report.deadline()
    now = uow.clock.now()
    reference = incident_reference(now.year, uow.incidents.next_number(now.year))
    incident = Incident(
        reference=reference,
        organisation_id=organisation_id,
        reporter_role=reporter_role,
        report=report,
        due_on=deadline.due_on,
        article=deadline.article,
        reported_at=now,
        system_id=system_id,
        system_name=system_name.strip(),
        provider_name=provider_name.strip(),
        provider_organisation_id=provider_organisation_id,
    )
    created = uow.incidents.add(incident, submitted_by=actor.display())
    record_event(
        uow,
        actor=actor,
        event_type="incident.reported",
        entity_type="incident",
        entity_id=created.reference,
        after=incident_snapshot(created),
    )
    mails: list[OutgoingMail] = []
    if (
        reporter_role is ReporterRole.DEPLOYER
        and provider_organisation_id is not None
        and provider_organisation_id != organisation_id
    ):
        provider = uow.organisations.get(provider_organisation_id)
        record_event(
            uow,
            actor=actor,
            event_type="incident.provider_notified",
            entity_type="incident",
            entity_id=created.reference,
            after={"provider_organisation_id": provider_organisation_id},
        )
        if provider is not None and provider.contact.email:
            mails.append(
                _mail(
                    provider.contact.email,
                    Language.EN,
                    Message(
                        N_("Serious incident %(reference)s reported by a deployer"),
                        {"reference": reference},
                    ),
                    Message(
                        N_(
                            "A deployer of %(system)s reported a serious incident (AI Act "
                            "Art 26(5)). Sign in to Balise to read it and record your "
                            "investigation (Art 73(6))."
                        ),
                        {"system": created.system_name},
                    ),
                )
            )
    return Reported(created, mails)


def complete_incident_report(
    uow: UnitOfWork, *, actor: Actor, reference: str, report: IncidentReport
) -> Incident:
    """A new version of the report; the first may have been incomplete (Art 73(5))."""
    current = access_incident(uow, actor, reference, for_="complete")
    updated = current.complete(report)
    assert updated.id is not None
    uow.incidents.update(updated)
    uow.incidents.add_version(
        updated.id,
        IncidentVersion(updated.version, report, uow.clock.now(), actor.display()),
    )
    record_event(
        uow,
        actor=actor,
        event_type="incident.report_completed",
        entity_type="incident",
        entity_id=reference,
        before=incident_snapshot(current),
        after=incident_snapshot(updated),
    )
    return updated


def record_investigation(
    uow: UnitOfWork, *, actor: Actor, reference: str, findings: str
) -> Incident:
    """The provider's investigation and risk assessment (Art 73(6))."""
    current = access_incident(uow, actor, reference, for_="investigate")
    if not findings.strip():
        raise ValidationError.single("investigation", N_("Describe the investigation."))
    updated = replace(current, investigation=findings.strip(), investigated_at=uow.clock.now())
    uow.incidents.update(updated)
    record_event(
        uow,
        actor=actor,
        event_type="incident.investigated",
        entity_type="incident",
        entity_id=reference,
        before=incident_snapshot(current),
        after=incident_snapshot(updated),
    )
    return updated


def assess_incident(
    uow: UnitOfWork,
    *,
    actor: Actor,
    reference: str,
    state: RegulatorState,
    measures: str = "",
    follow_up_due_on: date | None = None,
) -> Incident:
    """The regulator moves the incident on and records the measures it requests."""
    current = access_incident(uow, actor, reference, for_="assess")
    updated = current.move_to(
        state, at=uow.clock.now(), measures=measures, follow_up_due_on=follow_up_due_on
    )
    uow.incidents.update(updated)
    record_event(
        uow,
        actor=actor,
        event_type=f"incident.{state.value}",
        entity_type="incident",
        entity_id=reference,
        before=incident_snapshot(current),
        after=incident_snapshot(updated),
    )
    return updated


def publish_incident(uow: UnitOfWork, *, actor: Actor, reference: str, summary: str) -> Incident:
    """An anonymised entry in the public log, once the regulator has decided."""
    current = access_incident(uow, actor, reference, for_="assess")
    updated = current.publish(summary, at=uow.clock.now())
    uow.incidents.update(updated)
    record_event(
        uow,
        actor=actor,
        event_type="incident.published",
        entity_type="incident",
        entity_id=reference,
        before=incident_snapshot(current),
        after=incident_snapshot(updated),
    )
    return updated


def get_incident(
    uow: UnitOfWork, *, actor: Actor, reference: str
) -> tuple[Incident, list[IncidentVersion]]:
    incident = access_incident(uow, actor, reference, for_="view")
    assert incident.id is not None
    return incident, uow.incidents.versions(incident.id)


def _inbox_order(today: date) -> Any:
    def key(incident: Incident) -> tuple[bool, bool, date]:
        overdue = incident.follow_up_overdue(today) or (
            incident.state is RegulatorState.RECEIVED and incident.late
        )
        return (incident.state is RegulatorState.CLOSED, not overdue, incident.due_on)

    return key


def list_incidents(
    uow: UnitOfWork, *, actor: Actor, organisation_id: int | None = None
) -> list[Incident]:
    """The regulator and administrators see every report; an organisation sees its own."""
    today = uow.clock.now().date()
    if has_oversight(actor) and organisation_id is None:
        found = uow.incidents.list_all()
    else:
        require(organisation_id is not None)
        assert organisation_id is not None
        found = [
            incident
            for incident in uow.incidents.list_for_organisation(organisation_id)
            if can_see_incident(actor, incident)
        ]
    return sorted(found, key=_inbox_order(today))


def public_incident(uow: UnitOfWork, incident: Incident) -> PublicIncident:
    assert incident.published_at is not None
    slug = None
    if incident.system_id is not None:
        record = uow.systems.get(incident.system_id)
        slug = record.slug if record is not None and record.state is State.PUBLISHED else None
    return PublicIncident(
        reference=incident.reference,
        system_slug=slug,
        system_name=incident.system_name,
        category=incident.report.category,
        aware_on=incident.report.aware_on,
        reported_on=incident.reported_at.date(),
        due_on=incident.due_on,
        state=incident.state,
        measures=incident.measures,
        summary=incident.public_summary,
        published_on=incident.published_at.date(),
    )


def list_public_incidents(uow: UnitOfWork, *, system_id: int | None = None) -> list[PublicIncident]:
    return [public_incident(uow, i) for i in uow.incidents.list_published(system_id=system_id)]


def reporting_organisations(uow: UnitOfWork, *, actor: Actor) -> list[int]:
    """Organisations the actor may report for (its own, when it is an editor)."""
    if actor.user is None or actor.user.organisation_id is None:
        return []
    return (
        [actor.user.organisation_id]
        if can_report_incident(actor, actor.user.organisation_id)
        else []
    )
