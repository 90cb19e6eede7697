"""The obligation tracker's demo classifies the bank's credit model and records its progress."""

from __future__ import annotations

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.obligations.model import Status
from balise.services import obligations
from balise.services.demo import load_demo
from monitoring_helpers import fix_clock


def test_the_demo_tracker_shows_duties_met_in_progress_and_conditional(
    container: Container,
) -> None:
    clock = fix_clock(container)
    with container.uow() as uow:
        load_demo(uow, seeders=(obligations.seed_demo,))
        uow.commit()
    with container.uow() as uow:
        bank = uow.organisations.find_by_slug("banque-brabantine")
        assert bank is not None
        assert bank.id is not None
        record = uow.systems.find_by_source_id(bank.id, "BB-MDL-017")
        assert record is not None
        assert record.id is not None
        editor = next(u for u in uow.users.list_all() if u.email.startswith("editor.brabantine@"))
        page = obligations.get_tracker(uow, actor=Actor(user=editor), slug=record.slug)
        assert page.classified
        statuses = {tracked.duty.key: tracked.status for tracked in page.tracker.duties}
        assert statuses[("ai_literacy", "provider")] is Status.MET
        assert statuses[("fria", "deployer")] is Status.IN_PROGRESS
        conformity = page.tracker.find("conformity_assessment", "provider")
        assert conformity is not None
        assert conformity.status is Status.TO_DO
        assert "Art. 111(2)" in (conformity.duty.condition or "")  # in use before the date
        assert page.tracker.summary.met == 2
        assert obligations.seed_demo(uow, clock=clock) is False
