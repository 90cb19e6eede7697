"""A drawn panel whose members voted and answered, for the tests of erasing a participation.

Imported by name (tests/ is on sys.path): the integration tests of the service and the tests of
the API and the command line use it.

    admin, people, closed_id, open_id = voted_panel(container, world)
    message, survey = public_results(container)   # what the public pages publish
"""

from __future__ import annotations

from typing import Any

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.panels.survey import SurveyResults, SurveyStage
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels_messages, panels_survey
from panel_survey_support import make_survey_panel

SLUG = "erasure-panel"


def voted_panel(
    container: Container, world: dict[str, Any], *, slug: str = SLUG
) -> tuple[Actor, list[str], int, int]:
    """A drawn panel of six with a closed questionnaire, a message whose vote is closed (every
    member voted, three against with a reason) and one still open (two votes)."""
    members = make_survey_panel(container, world, slug=slug, until=SurveyStage.CLOSED)
    admin = Actor(user=world["users"]["admin"])
    people = [m.person_id for m in members]
    with container.uow() as uow:
        ids = []
        for words in ("first", "second"):
            message = panels_messages.add_message(
                uow,
                actor=admin,
                slug=slug,
                text=LocalizedText.from_mapping(
                    {lang: f"{words} {lang}" for lang in ["fr", "nl", "de", "en"]}
                ),
            )
            assert message.id is not None
            ids.append(message.id)
        panels_messages.open_votes(uow, actor=admin, slug=slug)
        for n, person in enumerate(people):
            choice = "against" if n < 3 else "for"
            panels_messages.cast_vote(
                uow,
                actor=Actor(),
                panel_id=members[0].panel_id,
                person_id=person,
                message_id=ids[0],
                choice=choice,
                reason=f"reason of {person}" if choice == "against" else "",
            )
        panels_messages.close_votes(uow, actor=admin, slug=slug, message_id=ids[0])
        for person in people[:2]:
            panels_messages.cast_vote(
                uow,
                actor=Actor(),
                panel_id=members[0].panel_id,
                person_id=person,
                message_id=ids[1],
                choice="abstain",
                reason="not sure",
            )
        uow.commit()
    return admin, people, ids[0], ids[1]


def public_results(
    container: Container, *, slug: str = SLUG
) -> tuple[dict[str, Any], SurveyResults]:
    """The closed message as published, and the questionnaire's published results."""
    with container.uow(read_only=True) as uow:
        board = panels_messages.public_messages(uow, actor=Actor(), slug=slug)
        survey = panels_survey.published_survey(uow, actor=Actor(), slug=slug)
    return board.messages[0].public_json(), survey.results
