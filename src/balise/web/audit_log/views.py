"""An audit event as history pages and their JSON twins show it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from balise.domain.audit_log.chain import AuditEvent
from balise.services.audit_log import PublishedCheckpoints


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


def latest_view(total: int, events: Sequence[AuditEvent]) -> dict[str, Any]:
    """The log's size and its latest events, newest first."""
    return {"total": total, "events": [event_view(event) for event in events]}


def checkpoints_view(published: PublishedCheckpoints) -> dict[str, Any]:
    """The public keys and the signed checkpoints, newest first: the page and its open data."""
    return published.as_dict()
