"""The monitoring demo: requests and incidents from `data/demo/monitoring.yaml`, in every state.

Everything goes through the monitoring services, so the audit log tells the story. The lead wires
`seed_demo` into `services.demo.area_seeders`; it runs after the organisations, accounts and
records exist, and adds nothing once any request or incident is there.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from balise.data.demo import read_demo_data
from balise.domain.accounts.model import Actor
from balise.domain.monitoring.incidents import (
    IncidentCategory,
    IncidentReport,
    RegulatorState,
    ReporterRole,
    ReportStage,
)
from balise.domain.monitoring.requests import (
    Answer,
    Contact,
    Outcome,
    RequestChannel,
    RequestInput,
    RequestKind,
)
from balise.domain.register.model import State
from balise.domain.shared.clock import Clock
from balise.domain.shared.i18n import Language
from balise.services import monitoring
from balise.services.ports import UnitOfWork


def _actor(uow: UnitOfWork, login: str, domain: str) -> Actor:
    user = uow.users.find_by_email(f"{login}@{domain}")
    if user is None:
        raise LookupError(f"the demo account {login} is missing")
    return Actor(user=user)


def _system(uow: UnitOfWork, organisation_id: int, source_id: str | None) -> int | None:
    if not source_id:
        return None
    record = uow.systems.find_by_source_id(organisation_id, source_id)
    return record.id if record is not None and record.state is State.PUBLISHED else None


def _organisation_id(uow: UnitOfWork, slug: str) -> int:
    organisation = uow.organisations.find_by_slug(slug)
    if organisation is None or organisation.id is None:
        raise LookupError(f"the demo organisation {slug} is missing")
    return organisation.id


def _request(uow: UnitOfWork, item: dict[str, Any], today: date, domain: str) -> None:
    organisation_id = _organisation_id(uow, item["organisation"])
    system_id = _system(uow, organisation_id, item.get("system"))
    channel = RequestChannel(item["channel"])
    given = RequestInput(
        kind=RequestKind(item["kind"]),
        decision_reference=item.get("decision_reference") or "",
        text=item["text"],
        contact=Contact(**item["contact"]),
        language=Language(item["language"]),
        channel=channel,
    )
    if channel is RequestChannel.ONLINE:
        slug = None
        if system_id is not None:
            record = uow.systems.get(system_id)
            slug = record.slug if record is not None else None
        filed = monitoring.file_request(
            uow,
            actor=Actor(label="demo"),
            given=given,
            system_slug=slug or "",
            organisation_slug="" if slug else item["organisation"],
        )
    else:
        staff = item.get("assign", {}).get("decision_maker") or item.get("assign", {}).get(
            "reviewer"
        )
        registrar = (
            _actor(uow, staff, domain)
            if staff
            else _actor(uow, f"editor.{item['organisation'].split('-')[-1]}", domain)
        )
        filed = monitoring.register_request(
            uow,
            actor=registrar,
            organisation_id=organisation_id,
            given=given,
            received_on=today - timedelta(days=int(item.get("received_days_ago", 0))),
            system_id=system_id,
        )
    reference = filed.request.reference
    assign = item.get("assign")
    if not assign:
        return
    reviewer = _actor(uow, assign["reviewer"], domain)
    maker = _actor(uow, assign["decision_maker"], domain) if assign.get("decision_maker") else None
    assert reviewer.user is not None
    monitoring.assign_request(
        uow,
        actor=reviewer,
        reference=reference,
        reviewer_id=reviewer.user.id or 0,
        decision_maker_id=maker.user.id if maker is not None and maker.user else None,
    )
    if item.get("extend"):
        monitoring.extend_request(uow, actor=reviewer, reference=reference, reason=item["extend"])
    if item.get("answer"):
        answer = dict(item["answer"])
        monitoring.answer_request(
            uow,
            actor=reviewer,
            reference=reference,
            answer=Answer(outcome=Outcome(answer.pop("outcome")), **answer),
        )


def _incident(
    uow: UnitOfWork, item: dict[str, Any], today: date, domain: str, regulator: Actor
) -> None:
    organisation_id = _organisation_id(uow, item["organisation"])
    reporter = _actor(uow, item["reporter"], domain)
    base = {
        "category": IncidentCategory(item["category"]),
        "aware_on": today - timedelta(days=int(item["aware_days_ago"])),
        "description": item["description"],
        "death": bool(item.get("death")),
        "widespread": bool(item.get("widespread")),
        "affected_persons": item.get("affected_persons"),
        "affected_groups": item.get("affected_groups", ""),
        "immediate_measures": item.get("immediate_measures", ""),
        "language": Language(item["language"]),
    }
    reported = monitoring.report_incident(
        uow,
        actor=reporter,
        organisation_id=organisation_id,
        reporter_role=ReporterRole(item["role"]),
        report=IncidentReport(**base),
        system_id=_system(uow, organisation_id, item.get("system")),
        system_name=item.get("system_name", ""),
        provider_name=item.get("provider_name", ""),
    )
    reference = reported.incident.reference
    if item.get("complete"):
        monitoring.complete_incident_report(
            uow,
            actor=reporter,
            reference=reference,
            report=IncidentReport(
                **{**base, "immediate_measures": item["complete"]}, stage=ReportStage.COMPLETE
            ),
        )
    if item.get("investigation"):
        monitoring.record_investigation(
            uow, actor=reporter, reference=reference, findings=item["investigation"]
        )
    for state in item.get("assess", []):
        if RegulatorState(state) is RegulatorState.CLOSED:
            monitoring.assess_incident(
                uow, actor=regulator, reference=reference, state=RegulatorState.UNDER_ASSESSMENT
            )
        follow_up = (
            today - timedelta(days=int(item["follow_up_days_ago"]))
            if "follow_up_days_ago" in item
            else None
        )
        monitoring.assess_incident(
            uow,
            actor=regulator,
            reference=reference,
            state=RegulatorState(state),
            measures=item.get("measures", ""),
            follow_up_due_on=follow_up,
        )
    if item.get("publish"):
        monitoring.publish_incident(
            uow, actor=regulator, reference=reference, summary=item["publish"]
        )


def seed_demo(uow: UnitOfWork, *, clock: Clock) -> bool:
    """Add the monitoring demo once; True when something was added."""
    if uow.incidents.list_all() or uow.citizen_requests.list_for():
        return False
    data = read_demo_data("monitoring")
    domain = read_demo_data("users")["domain"]
    today = clock.now().date()
    regulator = _actor(uow, "regulator", domain)
    for item in data["requests"]:
        _request(uow, item, today, domain)
    for item in data["incidents"]:
        _incident(uow, item, today, domain, regulator)
    return True
