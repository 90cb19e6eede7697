"""Serious incidents (AI Act Art 73, Art 26(5)): reports, investigation, the regulator."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from balise.domain.accounts.model import Actor, Scope
from balise.domain.monitoring.incidents import (
    Incident,
    IncidentReport,
    IncidentVersion,
    PublicIncident,
    RegulatorState,
    ReporterRole,
    incident_reference,
)
from balise.domain.register.model import State
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services.audit_log import record_event
from balise.services.monitoring.mail import compose_mail_in, organisation_languages
from balise.services.permissions import (
    access_incident,
    can_report_incident,
    can_see_incident,
    has_oversight,
    require,
    require_scope,
)
from balise.services.ports import OutgoingMail, UnitOfWork


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
                compose_mail_in(
                    provider.contact.email,
                    organisation_languages(uow, provider),
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
        language=incident.report.language,
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
