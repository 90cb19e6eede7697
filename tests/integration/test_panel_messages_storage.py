"""A panel's messages in the database, on SQLite and PostgreSQL: versions, votes replaced not
added, the electorate fixed when a vote opens, the rule, the follow-up, and the command line."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.accounts.model import Actor
from balise.domain.panels.messages import VoteState
from balise.domain.shared.errors import Conflict, NotFound, PermissionDenied
from balise.domain.shared.i18n import LocalizedText
from balise.domain.shared.votes import AdoptionThreshold, Choice
from balise.services import panels_messages, panels_replacements
from panel_members_support import make_member_panel

TEXT = LocalizedText(fr="Un", nl="Een", de="Eins", en="One")
OTHER = LocalizedText(fr="Deux", nl="Twee", de="Zwei", en="Two")


def test_messages_votes_and_follow_up_are_stored_and_published_once_closed(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    drawn = make_member_panel(container, world, organiser="editor")
    editor = Actor(user=world["users"]["editor"])
    slug = drawn.slug
    first_member, second_member = drawn.members
    with container.uow() as uow:
        first = panels_messages.add_message(uow, actor=editor, slug=slug, text=TEXT, theme="A")
        second = panels_messages.add_message(uow, actor=editor, slug=slug, text=OTHER)
        assert first.id is not None
        assert second.id is not None
        panels_messages.revise_message(
            uow, actor=editor, slug=slug, message_id=first.id, text=OTHER, theme="A", position=3
        )
        panels_messages.set_threshold(
            uow, actor=editor, slug=slug, threshold=AdoptionThreshold(60, abstentions_count=True)
        )
        panels_messages.open_votes(uow, actor=editor, slug=slug, message_id=first.id)
        uow.commit()
    with container.uow() as uow:
        stored = uow.panel_messages.get(first.id)
        assert stored is not None
        assert [v.number for v in stored.versions] == [1, 2]
        assert stored.versions[0].text == TEXT
        assert stored.position == 3
        assert stored.state is VoteState.OPEN
        assert set(stored.electorate) == set(drawn.members)
        # Another organisation's editor neither reads nor changes the messages.
        other = Actor(user=world["users"]["other-editor"])
        with pytest.raises((PermissionDenied, NotFound)):
            panels_messages.organiser_messages(uow, actor=other, slug=slug)

    # A member who leaves after the vote opened: the replacement votes on what opens next.
    with container.uow() as uow:
        replacement = panels_replacements.replace_member(
            uow, actor=editor, slug=slug, dropped=second_member
        )
        panels_messages.open_votes(uow, actor=editor, slug=slug)  # the second, still in draft
        uow.commit()
    newcomer = replacement.chosen
    assert newcomer is not None
    with container.uow() as uow:
        for voter, choice, reason in [
            (first_member, "against", "First thought"),
            (first_member, "for", ""),  # changed: replaces the earlier vote
            (second_member, "abstain", "Unclear"),
        ]:
            panels_messages.cast_vote(
                uow,
                actor=Actor(),
                panel_id=drawn.panel_id,
                person_id=voter,
                message_id=first.id,
                choice=choice,
                reason=reason,
            )
        panels_messages.cast_vote(
            uow,
            actor=Actor(),
            panel_id=drawn.panel_id,
            person_id=newcomer,
            message_id=second.id,
            choice="for",
        )
        with pytest.raises(Conflict):
            panels_messages.cast_vote(
                uow,
                actor=Actor(),
                panel_id=drawn.panel_id,
                person_id=newcomer,
                message_id=first.id,
                choice="for",
            )
        # The public sees nothing while the votes are open.
        with pytest.raises(NotFound):
            panels_messages.public_messages(uow, actor=Actor(), slug=slug)
        uow.commit()
    with container.uow() as uow:
        votes = uow.panel_messages.votes(first.id)
        assert sorted((v.voter, v.choice) for v in votes) == sorted(
            [(first_member, Choice.FOR), (second_member, Choice.ABSTAIN)]
        )
        panels_messages.close_votes(uow, actor=editor, slug=slug)
        with pytest.raises(Conflict):
            panels_messages.set_threshold(
                uow, actor=editor, slug=slug, threshold=AdoptionThreshold()
            )
        uow.commit()

    with container.uow() as uow:
        board = panels_messages.public_messages(uow, actor=Actor(), slug=slug)
        # In order of position: the second (position 2) before the first (moved to 3).
        assert [view.id for view in board.messages] == [second.id, first.id]
        by_id = {view.id: view for view in board.messages}
        # 1 for of 2 counted (abstentions count under this rule): 50 % is not more than 60 %.
        assert by_id[first.id].result.adopted is False
        assert by_id[second.id].result.adopted is True
        panels_messages.publish_follow_up(
            uow,
            actor=editor,
            slug=slug,
            message_id=second.id,
            authority="FPS BOSA",
            status="pending",
            answer=LocalizedText(),
        )
        panels_messages.publish_follow_up(
            uow,
            actor=editor,
            slug=slug,
            message_id=second.id,
            authority="FPS BOSA",
            status="accepted",
            answer=LocalizedText(nl="Wordt uitgevoerd."),
            answered_on=date(2027, 5, 2),
        )
        uow.commit()

    result = balise("panel", "messages", slug, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [(item["id"], item["votes"], item["adopted"]) for item in document] == [
        (second.id, {"accept": 1, "against": 0, "abstain": 0}, True),
        (first.id, {"accept": 1, "against": 0, "abstain": 1}, False),
    ]
    assert document[0]["follow_up"] == {
        "authority": "FPS BOSA",
        "status": "accepted",
        "answer": {"nl": "Wordt uitgevoerd."},
        "answered_on": "2027-05-02",
    }
    assert document[1]["annex"] == [{"choice": "abstain", "reason": "Unclear"}]
    assert first_member not in result.stdout
    text = balise("panel", "messages", slug)
    assert text.exit_code == 0, text.output
    assert "accepted" in text.stdout
    assert balise("panel", "messages", "nowhere").exit_code == 2
