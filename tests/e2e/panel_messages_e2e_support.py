"""The panels' messages for the accessibility sweep: on the drawn sweep panel, a closed and
adopted message with a reason against and a follow-up, an open one and a draft."""

from __future__ import annotations

from typing import Any

from e2e_support import LiveServer

from balise.domain.accounts.model import Actor
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels_members, panels_messages

SWEEP_PANEL = "sweep-drawn"


def text(n: int) -> LocalizedText:
    return LocalizedText(
        fr=f"Message {n} en français.",
        nl=f"Boodschap {n} in het Nederlands.",
        de=f"Botschaft {n} auf Deutsch.",
        en=f"Message {n} in English.",
    )


def make_sweep_messages(server: LiveServer, slug: str = SWEEP_PANEL) -> dict[str, str]:
    container = server.container
    world: dict[str, Any] = server.world
    actor = Actor(user=world["users"]["editor"])
    with container.uow() as uow:
        panel = panels_members.drawn_panel(uow, slug=slug)
        assert panel.id is not None
        members = panels_members.members_of(uow, panel)
        closed, open_, draft = (
            panels_messages.add_message(uow, actor=actor, slug=slug, text=text(n), theme=theme)
            for n, theme in ((1, "Transparency"), (2, "Education"), (3, "Oversight"))
        )
        assert closed.id is not None
        assert open_.id is not None
        assert draft.id is not None
        panels_messages.revise_message(
            uow,
            actor=actor,
            slug=slug,
            message_id=draft.id,
            text=text(4),
            theme="Oversight",
            position=3,
        )
        for message_id in (closed.id, open_.id):
            panels_messages.open_votes(uow, actor=actor, slug=slug, message_id=message_id)
        for member, choice, reason in zip(
            members, ("for", "abstain"), ("", "Not precise enough."), strict=False
        ):
            panels_messages.cast_vote(
                uow,
                actor=Actor(),
                panel_id=panel.id,
                person_id=member,
                message_id=closed.id,
                choice=choice,
                reason=reason,
            )
        panels_messages.close_votes(uow, actor=actor, slug=slug, message_id=closed.id)
        panels_messages.publish_follow_up(
            uow,
            actor=actor,
            slug=slug,
            message_id=closed.id,
            authority="FPS BOSA",
            status="partly_accepted",
            answer=LocalizedText(
                en="A first step next year.", fr="Une première étape l'an prochain."
            ),
        )
        uow.commit()
    return {"closed_message": str(closed.id), "draft_message": str(draft.id)}
