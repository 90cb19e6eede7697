"""The AI Act pages in the browser tests: a saved questionnaire, a classified record, steps."""

from __future__ import annotations

from typing import Any

from e2e_support import LiveServer
from playwright.sync_api import Page, expect

from balise.domain.accounts.model import Actor, User
from balise.services import aiact
from register_support import create

COMMUNE_ANSWERS: dict[str, Any] = {
    "evaluation_date": "2028-01-10",
    "system.name": "Triage des demandes d'allocation-loyer",
    "system.kind": "ai_system",
    "actor.roles": ["deployer"],
    "actor.public_body": True,
    "annex_iii.points": ["5(a)"],
    "transparency.interacts_with_persons": True,
}


def make_aiact(server: LiveServer) -> dict[str, str]:
    """The editor's saved questionnaire for a commune's 5(a) system, and a record classified."""
    editor: User = server.world["users"]["editor"]
    actor = Actor(user=editor)
    record = create(server.container, server.world, name={"fr": "Allocation-loyer"})
    with server.container.uow() as uow:
        saved = aiact.start_questionnaire(uow, actor=actor, answers=COMMUNE_ANSWERS, law=None)
        document, _ = aiact.classify_answers(COMMUNE_ANSWERS)
        aiact.store_classification(uow, actor=actor, slug=record.slug, facts=document)
        uow.commit()
    return {"questionnaire": str(saved.id), "classified": record.slug}


def submit_questionnaire(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form.questionnaire button[value=next]").click()


def questionnaire_invalid(page: Page) -> None:
    page.locator("#field-actor-annual_turnover_eur").fill("a lot")
    submit_questionnaire(page)
    expect(page.locator(".error-summary")).to_be_visible()


def follow_ups_shown(page: Page) -> None:
    """Answer up to the prohibited practices and tick one: its conditions appear."""
    submit_questionnaire(page)  # evaluation
    page.locator("input[name=system-kind][value=ai_system]").check()
    page.locator("input[name=actor-roles][value=provider]").check()
    submit_questionnaire(page)  # system
    submit_questionnaire(page)  # organisation
    submit_questionnaire(page)  # scope
    page.locator("input[name=prohibited-social_scoring-used][value=yes]").check()
    submit_questionnaire(page)
    expect(page.locator("p.notice")).to_be_visible()
    expect(
        page.locator("#field-prohibited-social_scoring-detrimental_unrelated_context")
    ).to_be_visible()


def time_axis_shown(page: Page) -> None:
    with page.expect_navigation():
        page.locator("a[href^='/aiact/timeline']").first.click()
    expect(page.locator("ol.axis")).to_be_visible()


def rerun_shown(page: Page) -> None:
    with page.expect_navigation():
        page.locator("a[href$='?rerun=1']").click()
    expect(page.locator("main")).to_contain_text("Nothing changed")
