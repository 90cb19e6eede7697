"""Recording changes in the audit log, reading a record's history, verifying the chain."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from balise.domain.accounts.model import Actor
from balise.domain.audit_log.chain import AuditEvent, Verification, verify
from balise.services.permissions import has_oversight, require
from balise.services.ports import UnitOfWork


def record_event(
    uow: UnitOfWork,
    *,
    actor: Actor,
    event_type: str,
    entity_type: str,
    entity_id: object,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    return uow.audit_log.append(
        at=uow.clock.now(),
        actor=actor.display(),
        event_type=event_type,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=before,
        after=after,
    )


def verify_audit_log(
    uow: UnitOfWork, *, on_progress: Callable[[int, int], None] | None = None
) -> Verification:
    total = uow.audit_log.count()

    def progress(done: int) -> None:
        if on_progress is not None and (done % 500 == 0 or done == total):
            on_progress(done, total)

    return verify(uow.audit_log.iterate(), on_progress=progress)


def entity_history(uow: UnitOfWork, *, entity_type: str, entity_id: object) -> list[AuditEvent]:
    """The events of one record, oldest first; the caller has checked who may read them."""
    return uow.audit_log.history(entity_type, str(entity_id))


def latest_events(uow: UnitOfWork, *, actor: Actor, limit: int) -> tuple[int, list[AuditEvent]]:
    """How many events the log holds, and the latest ones (administrators and regulators)."""
    require(has_oversight(actor))
    return uow.audit_log.count(), uow.audit_log.latest(limit)
