"""Personal data of requests is kept no longer than needed (GDPR Art 5(1)(e))."""

from __future__ import annotations

from datetime import timedelta

from balise.domain.accounts.model import Actor, Role
from balise.services.monitoring.requests import save_change
from balise.services.permissions import require
from balise.services.ports import UnitOfWork


def purge_expired_personal_data(uow: UnitOfWork, *, actor: Actor, retention_days: int) -> int:
    """Delete the personal data of requests closed more than `retention_days` ago."""
    if actor.role is not None and actor.role is not Role.ADMIN:
        require(False)
    cutoff = uow.clock.now() - timedelta(days=retention_days)
    expired = uow.citizen_requests.list_closed_before(cutoff)
    for request in expired:
        save_change(
            uow,
            actor,
            request,
            request.erase_contact(at=uow.clock.now()),
            "request.contact_erased",
            {"reason": "retention"},
        )
    return len(expired)
