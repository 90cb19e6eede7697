"""The consultations' demo: one draft chapter from `data/demo/consultations.yaml`, with answers.

Everything goes through the consultation services, so the audit log tells the story. It runs
after the accounts exist (the demo regulator organises and answers) and adds only the
consultations that are missing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from balise.data.demo import read_demo_data
from balise.domain.accounts.model import Actor
from balise.domain.consultations.model import (
    AnswerStatus,
    ConsultationInput,
    ConsultationState,
    ContributionInput,
    Section,
)
from balise.domain.shared.clock import Clock
from balise.domain.shared.i18n import Language, LocalizedText
from balise.services import consultations
from balise.services.ports import UnitOfWork


def _consultation(uow: UnitOfWork, item: dict[str, Any], staff: Actor) -> None:
    created = consultations.create_consultation(
        uow,
        actor=staff,
        given=ConsultationInput(
            slug=item["slug"],
            title=LocalizedText.from_mapping(item["title"]),
            summary=LocalizedText.from_mapping(item["summary"]),
            organiser=item["organiser"],
            opens_on=date.fromisoformat(item["opens_on"]),
            closes_on=date.fromisoformat(item["closes_on"]),
            sections=tuple(
                Section(
                    title=LocalizedText.from_mapping(s["title"]),
                    text=LocalizedText.from_mapping(s["text"]),
                )
                for s in item["sections"]
            ),
        ),
    )
    slug = created.slug
    consultations.move_consultation(uow, actor=staff, slug=slug, to=ConsultationState.OPEN)
    for entry in item.get("contributions", ()):
        section_id = created.sections[int(entry["section"]) - 1].id
        assert section_id is not None
        done = consultations.contribute(
            uow,
            actor=Actor(),
            slug=slug,
            section_id=section_id,
            given=ContributionInput(
                text=entry["text"],
                language=Language(entry["language"]),
                display_name=entry.get("display_name") or "",
                consent=True,
            ),
        )
        number = done.contribution.id
        assert number is not None
        if entry.get("pending"):
            continue
        if entry.get("refuse"):
            consultations.moderate_contribution(
                uow,
                actor=staff,
                slug=slug,
                contribution_id=number,
                publish=False,
                reason=entry["refuse"],
            )
            continue
        consultations.moderate_contribution(
            uow, actor=staff, slug=slug, contribution_id=number, publish=True
        )
        if answer := entry.get("answer"):
            consultations.answer_contribution(
                uow,
                actor=staff,
                slug=slug,
                contribution_id=number,
                answer=answer["text"],
                status=AnswerStatus(answer["status"]),
                language=Language(answer["language"]),
            )


def seed_demo(uow: UnitOfWork, *, clock: Clock) -> bool:
    """Add the consultations of the demo that are missing; True when something was added."""
    data = read_demo_data("consultations", today=clock.now().date())
    missing = [c for c in data["consultations"] if uow.consultations.get(c["slug"]) is None]
    if not missing:
        return False
    domain = read_demo_data("users")["domain"]
    user = uow.users.find_by_email(f"regulator@{domain}")
    if user is None:
        raise LookupError("the demo account regulator is missing")
    staff = Actor(user=user)
    for item in missing:
        _consultation(uow, item, staff)
    return True
