"""The monitoring demo loads on top of the demo, covers every state, and loads only once."""

from __future__ import annotations

from balise.bootstrap import Container
from balise.domain.monitoring.incidents import RegulatorState
from balise.domain.monitoring.requests import RequestState
from balise.services.demo import load_demo
from balise.services.monitoring_demo import seed_demo
from monitoring_helpers import fix_clock


def test_the_demo_has_every_state_some_overdue_in_several_languages(
    container: Container,
) -> None:
    clock = fix_clock(container)
    with container.uow() as uow:
        load_demo(uow, seeders=(seed_demo,))
        uow.commit()
    today = clock.now().date()
    with container.uow() as uow:
        requests = uow.citizen_requests.list_for()
        incidents = uow.incidents.list_all()
        assert {r.state for r in requests} == set(RequestState)
        assert {i.state for i in incidents} == set(RegulatorState)
        assert any(r.overdue(today) for r in requests)
        assert any(i.late for i in incidents)
        assert any(i.follow_up_overdue(today) for i in incidents)
        assert len({r.language for r in requests}) >= 3
        assert any(r.extended_due_on for r in requests)
        assert uow.incidents.list_published()
        assert seed_demo(uow, clock=clock) is False
