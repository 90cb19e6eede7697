"""Consultations for tests: a small consultation in four languages, opened, with contributions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.consultations.model import (
    ConsultationInput,
    ConsultationState,
    ContributionInput,
    Section,
)
from balise.domain.shared.i18n import Language, LocalizedText
from balise.services import consultations

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def four(en: str) -> LocalizedText:
    return LocalizedText(fr=f"{en} (fr)", nl=f"{en} (nl)", de=f"{en} (de)", en=en)


def given(slug: str = "ai-chapter", today: date | None = None) -> ConsultationInput:
    """Open from a month before `today` (NOW's day by default) to two months after it."""
    today = today or NOW.date()
    return ConsultationInput(
        slug=slug,
        title=four("AI in public services"),
        summary=four("A draft chapter"),
        organiser="SPF BOSA",
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=60),
        sections=(
            Section(title=four("Transparency"), text=four("Every system is registered.")),
            Section(title=four("Human oversight"), text=four("A person decides.")),
        ),
    )


def comment(text: str = "Add a deadline.", email: str = "") -> ContributionInput:
    return ContributionInput(
        text=text, language=Language.NL, display_name="An", email=email, consent=True
    )


def make_open_consultation(
    container: Container, world: dict[str, Any], slug: str = "ai-chapter"
) -> dict[str, str]:
    """An open consultation with one published and one pending contribution on its first section."""
    admin = Actor(user=world["users"]["admin"])
    with container.uow() as uow:
        today = uow.clock.now().date()
        created = consultations.create_consultation(uow, actor=admin, given=given(slug, today))
        consultations.move_consultation(uow, actor=admin, slug=slug, to=ConsultationState.OPEN)
        section_id = created.sections[0].id
        assert section_id is not None
        first = consultations.contribute(
            uow, actor=Actor(), slug=slug, section_id=section_id, given=comment()
        )
        pending = consultations.contribute(
            uow,
            actor=Actor(),
            slug=slug,
            section_id=section_id,
            given=comment("Second", email="a@example.be"),
        )
        assert first.contribution.id is not None
        consultations.moderate_contribution(
            uow, actor=admin, slug=slug, contribution_id=first.contribution.id, publish=True
        )
        uow.commit()
    return {
        "slug": slug,
        "section_id": str(section_id),
        "contribution_id": str(pending.contribution.id),
        "published_id": str(first.contribution.id),
    }


# Rows of the access matrix (tests/web/test_access_matrix.py).
NEW_CONSULTATION_FORM = {
    "slug": "matrix-consultation",
    "organiser": "BOSA",
    "opens_on": "2026-01-01",
    "closes_on": "2030-12-31",
    "title_en": "Matrix",
    "summary_en": "Summary",
    "section1_title_en": "One",
    "section1_text_en": "Text",
}
CONTRIBUTION_FORM = {"text": "A comment", "consent": "1"}
CONTRIBUTION_JSON = {"text": "A comment", "language": "fr", "consent": True}
MODERATE_FORM = {"decision": "publish"}
CONSULTATION_ANSWER_FORM = {
    "answer": "Thanks",
    "status": "taken_into_account",
    "answer_language": "en",
}
CLOSE_FORM = {"state": "closed"}


def make_matrix_consultations(container: Container, world: dict[str, Any]) -> dict[str, str]:
    found = make_open_consultation(container, world, slug="matrix-open")
    return {
        "consultation_slug": found["slug"],
        "section_id": found["section_id"],
        "contribution_id": found["contribution_id"],
        "published_id": found["published_id"],
    }
