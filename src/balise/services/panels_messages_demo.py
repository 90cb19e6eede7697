"""The demo panel's messages, votes and follow-up (issue 14), from `data/demo/panel_messages.yaml`.

Runs after the panels' demo (which draws `citizens-panel-ai-2026`); does nothing when that panel
is missing or already has messages. Everything goes through `services.panels_messages`, so the
audit log tells the story as it would for a real panel: messages entered (one revised), votes
opened, the members' votes cast, the votes closed, the authorities' answers published.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from balise.data.demo import read_demo_data
from balise.domain.accounts.model import Actor
from balise.domain.shared.clock import Clock
from balise.domain.shared.i18n import LocalizedText
from balise.domain.shared.votes import AdoptionThreshold
from balise.services import panels_messages
from balise.services.ports import UnitOfWork

DEMO_FILE = "panel_messages"


def _choices(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(choice, reason) per voter, in the members' order: the reasons go to the first voters of
    their choice, the others vote without one."""
    ballots: list[tuple[str, str]] = []
    for choice in ("for", "against", "abstain"):
        reasons = list((item.get("reasons") or {}).get(choice, []))
        for index in range(int(item["votes"].get(choice, 0))):
            ballots.append((choice, reasons[index] if index < len(reasons) else ""))
    return ballots


def seed_demo(uow: UnitOfWork, *, clock: Clock) -> bool:
    data = read_demo_data(DEMO_FILE, clock.now().date())
    panel = uow.panels.find_by_slug(data["panel"])
    if panel is None or panel.id is None or uow.panel_messages.list_for(panel.id):
        return False
    domain = read_demo_data("users")["domain"]
    user = uow.users.find_by_email(f"{data['organiser']}@{domain}")
    if user is None:
        raise LookupError(f"the demo account {data['organiser']} is missing")
    actor = Actor(user=user)
    slug = panel.slug
    rule = data.get("threshold") or {}
    panels_messages.set_threshold(
        uow,
        actor=actor,
        slug=slug,
        threshold=AdoptionThreshold(
            int(rule.get("percent", 50)), bool(rule.get("abstentions_count", False))
        ),
    )
    created = []
    for item in data["messages"]:
        text = LocalizedText.from_mapping(item["text"])
        first = LocalizedText.from_mapping(item["earlier"]) if item.get("earlier") else text
        message = panels_messages.add_message(
            uow, actor=actor, slug=slug, text=first, theme=item.get("theme", "")
        )
        assert message.id is not None
        if first != text:
            panels_messages.revise_message(
                uow,
                actor=actor,
                slug=slug,
                message_id=message.id,
                text=text,
                theme=message.theme,
                position=message.position,
            )
        created.append((message.id, item))
    opened = panels_messages.open_votes(uow, actor=actor, slug=slug)
    members = list(opened[0].electorate) if opened else []
    for message_id, item in created:
        for voter, (choice, reason) in zip(members, _choices(item), strict=False):
            panels_messages.cast_vote(
                uow,
                actor=Actor(),
                panel_id=panel.id,
                person_id=voter,
                message_id=message_id,
                choice=choice,
                reason=reason,
            )
    panels_messages.close_votes(uow, actor=actor, slug=slug)
    for message_id, item in created:
        answer = item.get("follow_up")
        if not answer:
            continue
        panels_messages.publish_follow_up(
            uow,
            actor=actor,
            slug=slug,
            message_id=message_id,
            authority=answer["authority"],
            status=answer["status"],
            answer=LocalizedText.from_mapping(answer.get("answer") or {}),
            answered_on=date.fromisoformat(answer["answered_on"]),
        )
    return True
