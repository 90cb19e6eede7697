"""Replacing a member who leaves a drawn panel (issue 14): quotas kept, an order anyone can redo."""

from __future__ import annotations

from balise.domain.accounts.model import Actor
from balise.domain.panels.draw import instance_from_documents
from balise.domain.panels.record import PanelState
from balise.domain.panels.replacements import Replacement, choose_replacement, randomness
from balise.domain.shared.errors import Conflict
from balise.domain.shared.i18n import N_, Message
from balise.services.audit_log import record_event
from balise.services.panels_reads import panel_id_of
from balise.services.permissions import access_panel
from balise.services.ports import UnitOfWork

NOT_DRAWN = N_("Members can be replaced once the panel is drawn.")


def replace_member(uow: UnitOfWork, *, actor: Actor, slug: str, dropped: str) -> Replacement:
    """Record that `dropped` left the panel and bring in the volunteer the published rule picks."""
    panel = access_panel(uow, actor, slug, for_="organise")
    panel_id = panel_id_of(panel)
    draw = uow.panels.draw(panel_id)
    stored = uow.panels.commitment(panel_id)
    if panel.state is not PanelState.DRAWN or draw is None or stored is None:
        raise Conflict(Message(NOT_DRAWN))
    files = stored.published.files()
    found = choose_replacement(
        instance_from_documents(files["pool"], files["quotas"], panel.size),
        material=randomness(draw.reveal),
        drawn=draw.reveal.panel,
        earlier=uow.panels.replacements(panel_id),
        dropped=dropped.strip(),
    )
    uow.panels.add_replacement(panel_id, found, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="panel.member_replaced",
        entity_type="panel",
        entity_id=panel.id,
        after=found.to_json(),
    )
    return found
