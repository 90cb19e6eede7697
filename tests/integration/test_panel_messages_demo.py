"""The demo panel's messages: seeded through the services after the panels' demo, once."""

from __future__ import annotations

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.services import panels_messages
from balise.services.demo import load_demo
from balise.services.panels_messages_demo import seed_demo
from panel_members_support import make_member_panel

DEMO_PANEL = "citizens-panel-ai-2026"


def test_the_demo_messages_are_voted_closed_and_answered_once(container: Container) -> None:
    with container.uow() as uow:
        load_demo(uow, seeders=())
        uow.commit()
        assert seed_demo(uow, clock=uow.clock) is False  # no demo panel yet: nothing to do
    with container.uow() as uow:
        admin = uow.users.find_by_email("admin@demo.balise.be")
        bosa = uow.organisations.find_by_slug("fod-bosa")
    assert admin is not None
    assert bosa is not None
    # A small drawn panel at the demo panel's address stands in for the panels' demo.
    make_member_panel(
        container,
        {"users": {"admin": admin}, "organisations": {"fod-bosa": bosa}},
        slug=DEMO_PANEL,
        organisation="fod-bosa",
    )
    with container.uow() as uow:
        assert seed_demo(uow, clock=uow.clock) is True
        uow.commit()
    with container.uow() as uow:
        assert seed_demo(uow, clock=uow.clock) is False  # loading twice adds nothing
        board = panels_messages.public_messages(uow, actor=Actor(), slug=DEMO_PANEL)
    assert len(board.messages) == 5
    assert all(view.message.closed_at is not None for view in board.messages)
    assert len(board.messages[0].message.versions) == 2
    answered = [view for view in board.messages if view.follow_up is not None]
    assert len(answered) == 3
    assert all(view.result.adopted for view in answered)
    assert {view.follow_up.status.value for view in answered if view.follow_up} == {
        "accepted",
        "partly_accepted",
        "pending",
    }
