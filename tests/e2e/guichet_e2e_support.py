"""The guichet's pieces for browser tests: published guides, a question, and axe on a page."""

from __future__ import annotations

from typing import Any

from e2e_support import AXE_SCRIPT, LiveServer
from playwright.sync_api import Page, expect

from balise.domain.accounts.model import Actor
from balise.domain.guichet.questions import AskerKind, QuestionInput
from balise.domain.shared.i18n import Language
from balise.services import guichet

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
    });
    return results.violations.map(v => ({id: v.id, help: v.help,
        nodes: v.nodes.map(n => n.html)}));
}"""


def axe_problems(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the page (the context must bypass the CSP).

    Callers first wait for what they navigated to; the load state covers the rest of the page."""
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE_SCRIPT))
    violations: list[dict[str, Any]] = page.evaluate(AXE_RUN, AXE_TAGS)
    return violations


def make_guichet(server: LiveServer) -> dict[str, str]:
    """Every shipped guide published, and one question waiting at the desk."""
    world = server.world
    regulator = Actor(user=world["users"]["regulator"])
    with server.container.uow() as uow:
        if not uow.guides.list_all():
            for draft in guichet.load_shipped_guides(uow, actor=regulator):
                guichet.publish_guide(uow, actor=regulator, code=draft.code, version=draft.version)
        asked = guichet.ask_question(
            uow,
            actor=Actor(),
            given=QuestionInput(
                asker_kind=AskerKind.ADMINISTRATION,
                subject="Faut-il une AIDF ?",
                text="Notre CPAS envisage un outil de priorisation des dossiers.",
                language=Language.FR,
                email="cpas@example.be",
                publish_consent=True,
            ),
        )
        uow.commit()
    return {"guide": "deployer-high-risk", "question": asked.question.reference}


def _submit(page: Page) -> None:
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator("main form[method=post]").locator("button[type=submit]").last.click()


def question_invalid(page: Page) -> None:
    """The question form sent empty: every missing field named at once."""
    _submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()


def question_followed(page: Page) -> None:
    """A question asked, then followed through its secret link: the follow-up page is checked."""
    page.locator("#asker-citizen").check()
    page.locator("#field-subject").fill("Which systems does my town use?")
    page.locator("#field-text").fill("Where can I find them?")
    page.locator("#field-email").fill("person@example.be")
    _submit(page)
    expect(page.locator("#reference")).to_be_visible()
    page.locator("#follow-up-link").click()
    expect(page.locator("#status")).to_be_visible()
