"""The panels demo: a Belgian-shaped panel of 60, drawn through the use cases, once, verifiable."""

from __future__ import annotations

from balise.bootstrap import Container
from balise.domain.panels.record import PanelState
from balise.domain.panels.selection import verify_draw
from balise.services import panels_demo
from balise.services.demo import load_demo
from balise.services.panels_demo import DEMO_PANEL_SLUG, seed_demo


def test_the_demo_panel_is_drawn_verifiably_and_only_once(container: Container) -> None:
    with container.uow() as uow:
        load_demo(uow, seeders=())
        assert seed_demo(uow, clock=uow.clock, solver=container.solver()) is True
        uow.commit()
    with container.uow() as uow:
        panel = uow.panels.find_by_slug(DEMO_PANEL_SLUG)
        assert panel is not None
        assert panel.id is not None
        assert panel.state is PanelState.DRAWN
        assert panel.size == 60
        draw = uow.panels.draw(panel.id)
        commitment = uow.panels.commitment(panel.id)
        selection = uow.panels.selection(panel.id)
        people = uow.panels.people(panel.id)
        assert seed_demo(uow, clock=uow.clock, solver=container.solver()) is False  # once
        events = [e.event_type for e in uow.audit_log.history("panel", str(panel.id))]
    assert draw is not None
    assert commitment is not None
    assert selection is not None
    assert len(people) == panels_demo.DEMO_POOL_SIZE
    members = draw.reveal.panel
    assert len(set(members)) == 60
    assert {person.id for person in people} >= set(members)
    ok, _, _ = verify_draw(
        commitment.published.to_json(),
        secrets=[panels_demo.DEMO_SECRET],
        public_value=panels_demo.DEMO_PUBLIC_VALUE,
        claimed_panel=list(members),
    )
    assert ok
    lottery = selection.result.lottery
    assert lottery is not None
    assert lottery.tickets == 1_000
    assert lottery.worst_loss is not None
    assert "panel.drawn" in events
