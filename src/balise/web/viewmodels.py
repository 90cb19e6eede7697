"""The data a page and its JSON twin share."""

from __future__ import annotations

from typing import Any

from balise.domain.accounts.model import Actor, Role
from balise.domain.audit.chain import AuditEvent
from balise.domain.jobs.model import Job
from balise.domain.organisations.model import Organisation, format_enterprise_number


def organisation_view(organisation: Organisation) -> dict[str, Any]:
    return {
        "slug": organisation.slug,
        "name": organisation.name.as_dict(),
        "kind": organisation.kind.value,
        "level": organisation.government_level.value,
        "size_class": organisation.size_class.value,
        "is_sme": organisation.size_class.is_sme,
        "sector": organisation.sector.value,
        "enterprise_number": format_enterprise_number(organisation.enterprise_number)
        if organisation.enterprise_number
        else None,
        "contact": {
            "email": organisation.contact.email,
            "phone": organisation.contact.phone,
            "website": organisation.contact.website,
            "address": organisation.contact.address,
        },
        "url": f"/organisations/{organisation.slug}",
    }


def changes(event: AuditEvent) -> list[dict[str, Any]]:
    """The fields an event changed, with their value before and after."""
    before, after = dict(event.before or {}), dict(event.after or {})
    keys = sorted(set(before) | set(after))
    return [
        {"field": key, "before": before.get(key), "after": after.get(key)}
        for key in keys
        if before.get(key) != after.get(key)
    ]


def event_view(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(),
        "actor": event.actor,
        "event_type": event.event_type,
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "changes": changes(event),
        "hash": event.hash,
    }


def job_view(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status.value,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "result": job.result,
        "error": job.error,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


def can_edit(actor: Actor, organisation: Organisation) -> bool:
    if actor.role is Role.ADMIN:
        return True
    return (
        actor.role is Role.EDITOR
        and actor.user is not None
        and actor.user.organisation_id == organisation.id
    )


def can_see_history(actor: Actor, organisation: Organisation) -> bool:
    if actor.role in {Role.ADMIN, Role.REGULATOR}:
        return True
    return actor.user is not None and actor.user.organisation_id == organisation.id
