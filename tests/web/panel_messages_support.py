"""Helpers the panel messages' tests share: messages in each state on a drawn panel.

Imported by name (tests/web is on sys.path, it has no package).
"""

from __future__ import annotations

from typing import Any

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels_messages

TEXT = LocalizedText(
    fr="Former les agents publics à l'IA.",
    nl="Ambtenaren opleiden in AI.",
    de="Öffentliche Bedienstete in KI schulen.",
    en="Train public servants in AI.",
)
MESSAGE_FORM = {
    "text_fr": TEXT.fr,
    "text_nl": TEXT.nl,
    "text_de": TEXT.de,
    "text_en": TEXT.en,
    "theme": "Education",
}
MESSAGE_JSON = {"text": TEXT.as_dict(), "theme": "Education"}
FOLLOW_UP_FORM = {
    "authority": "FPS BOSA",
    "status": "accepted",
    "answer_en": "A training plan starts next year.",
}


def make_matrix_messages(container: Container, world: dict[str, Any], slug: str) -> dict[str, str]:
    """On the drawn panel `slug`: message 1 closed and adopted, message 2 in draft, message 3
    open with one vote. Returns the closed message's id as `message_id`."""
    actor = Actor(user=world["users"]["admin"])
    with container.uow() as uow:
        panel = uow.panels.find_by_slug(slug)
        assert panel is not None
        assert panel.id is not None
        draw = uow.panels.draw(panel.id)
        assert draw is not None
        member = draw.reveal.panel[0]
        closed, _draft, open_ = (
            panels_messages.add_message(uow, actor=actor, slug=slug, text=TEXT, theme=theme)
            for theme in ("One", "Two", "Three")
        )
        assert closed.id is not None
        for message in (closed, open_):
            assert message.id is not None
            panels_messages.open_votes(uow, actor=actor, slug=slug, message_id=message.id)
            panels_messages.cast_vote(
                uow,
                actor=Actor(),
                panel_id=panel.id,
                person_id=member,
                message_id=message.id,
                choice="for",
            )
        panels_messages.close_votes(uow, actor=actor, slug=slug, message_id=closed.id)
        uow.commit()
    return {"message_id": str(closed.id)}
