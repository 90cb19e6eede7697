"""Observatory data for the browser tests: snapshots on three days, so that trends are drawn."""

from __future__ import annotations

from datetime import timedelta

from e2e_support import LiveServer

from balise.domain.accounts.model import SYSTEM
from balise.services import observatory


def make_observatory(server: LiveServer) -> dict[str, str]:
    """Snapshots of today, a month ago and a year ago (over whatever the database holds)."""
    with server.container.uow() as uow:
        today = uow.clock.now().date()
        for back in (365, 30, 0):
            observatory.take_snapshot(uow, actor=SYSTEM, as_of=today - timedelta(days=back))
        uow.commit()
    return {"indicator": "systems_published"}
