"""What the assessment use cases share: messages, the audit snapshot, saving with its event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from balise.domain.accounts.model import Actor
from balise.domain.assessments.catalogue import Template, template, templates
from balise.domain.assessments.model import Assessment
from balise.domain.register.model import SystemRecord
from balise.domain.shared.errors import NotFound
from balise.domain.shared.i18n import N_, Message
from balise.services.audit_log import record_event
from balise.services.ports import UnitOfWork

NO_SYSTEM = Message(N_("There is no such AI system."))
NO_COMMITTEE = Message(N_("There is no such committee."))


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


def _user_id(actor: Actor) -> int | None:
    return actor.user.id if actor.user is not None else None


def _system(uow: UnitOfWork, slug: str) -> SystemRecord:
    record = uow.systems.find_by_slug(slug)
    if record is None:
        raise NotFound(NO_SYSTEM)
    return record


def template_documents() -> list[dict[str, Any]]:
    return [t.to_json() for t in templates()]


def template_of(code: str) -> Template:
    try:
        return template(code)
    except ValueError:
        raise NotFound(Message(N_("There is no such template."))) from None
