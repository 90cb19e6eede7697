"""A panel member answers the before/after questionnaire twice in Chromium, changing an answer;
the organiser moves the phases on its page; once closed, the public reads the results, their chart
and their table. Every page passes axe (WCAG 2.1 A and AA).

SQLite only, like the other journeys; tests/web and tests/integration cover both databases.
"""

from __future__ import annotations

import pytest
from e2e_support import EMAILS, LiveServer, new_context, sign_in_context
from guichet_e2e_support import axe_problems
from playwright.sync_api import Browser, Page, expect

from balise.domain.accounts.model import Actor
from balise.domain.panels.survey import Phase
from balise.services import panels_survey
from panel_members_support import member_cookie
from panel_survey_support import AFTER, BEFORE, make_survey_panel

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]
ITEM = "I feel I understand well enough what AI systems can and cannot do."


def accessible(page: Page, problems: list[str]) -> None:
    for violation in axe_problems(page):
        problems.append(f"{page.url}: {violation['id']} {violation['help']} {violation['nodes']}")


def answer(page: Page, statement: str, label: str) -> None:
    page.get_by_role("group", name=statement).get_by_label(label).check()


def test_a_member_answers_twice_and_the_public_reads_the_results(
    browser: Browser, live_server: LiveServer
) -> None:
    container = live_server.container
    members = make_survey_panel(container, live_server.world, slug="survey-six", until=None)
    slug = "survey-six"
    problems: list[str] = []

    # The organiser opens the "before" questionnaire, asking three statements.
    organiser = new_context(browser, live_server, bypass_csp=True)
    sign_in_context(organiser, EMAILS["editor"])
    staff = organiser.new_page()
    staff.goto(f"/panels/{slug}/survey/manage")
    accessible(staff, problems)
    for statement in (ITEM, "I worry that AI systems will treat some groups of people unfairly."):
        staff.get_by_label(statement).check()
    staff.get_by_label(
        "A panel of citizens drawn by lot can have a real influence on public policy."
    ).check()
    staff.get_by_role("button", name='Open the "before" questionnaire').click()
    expect(staff.get_by_role("status")).to_have_text("Done.")

    # A member answers in their space: two statements, one left without an answer.
    member_context = new_context(browser, live_server, bypass_csp=True)
    first = members[0].person_id
    member_context.add_cookies([member_cookie(container, slug, live_server.url, first)])
    member = member_context.new_page()
    member.goto(f"/panels/{slug}/space")
    member.get_by_role("link", name="Questionnaire before and after the deliberation").click()
    expect(member.get_by_role("heading", level=2)).to_have_text("Before the deliberation")
    accessible(member, problems)
    answer(member, f"1. {ITEM}", "2. Disagree")
    answer(
        member,
        "3. A panel of citizens drawn by lot can have a real influence on public policy.",
        "3. Neither agree nor disagree",
    )
    member.get_by_role("button", name="Save my answers").click()
    expect(member.get_by_role("status")).to_contain_text("your answers are saved")
    # ... and changes one while the phase is open.
    answer(member, f"1. {ITEM}", "1. Strongly disagree")
    member.get_by_role("button", name="Save my answers").click()
    expect(
        member.get_by_role("group", name=f"1. {ITEM}").get_by_label("1. Strongly disagree")
    ).to_be_checked()

    # The other members answer through the service; the organiser moves to the "after" phase.
    items = ("ai_understanding", "ai_unfair_treatment", "trust_panel_influence")

    def remapped(given: dict[str, int | None]) -> dict[str, int | None]:
        return dict(zip(items, given.values(), strict=True))

    with container.uow() as uow:
        for other, given in zip(members[1:], BEFORE[1:], strict=True):
            panels_survey.answer_survey(uow, member=other, answers=remapped(given))
        uow.commit()
    for action in ('Close the "before" questionnaire', 'Open the "after" questionnaire'):
        staff.get_by_role("button", name=action).click()
        expect(staff.get_by_role("status")).to_have_text("Done.")

    # The member answers again after the deliberation.
    member.goto(f"/panels/{slug}/space/questionnaire")
    expect(member.get_by_role("heading", level=2)).to_have_text("After the deliberation")
    answer(member, f"1. {ITEM}", "4. Agree")
    answer(
        member,
        "3. A panel of citizens drawn by lot can have a real influence on public policy.",
        "4. Agree",
    )
    member.get_by_role("button", name="Save my answers").click()
    expect(member.get_by_role("status")).to_contain_text("your answers are saved")
    accessible(member, problems)
    with container.uow() as uow:
        for other, given in zip(members[1:], AFTER[1:], strict=True):
            panels_survey.answer_survey(uow, member=other, answers=remapped(given))
        uow.commit()

    # Nothing is public until the organiser closes the "after" questionnaire.
    public = new_context(browser, live_server, bypass_csp=True).new_page()
    public.goto(f"/panels/{slug}/survey")
    expect(public.get_by_role("status")).to_contain_text("once the")
    staff.get_by_role(
        "button", name='Close the "after" questionnaire and publish the results'
    ).click()
    expect(staff.get_by_role("link", name="See the published results")).to_be_visible()
    with container.uow(read_only=True) as uow:
        counts = panels_survey.survey_overview(
            uow, actor=Actor(user=live_server.world["users"]["admin"]), slug=slug
        )
    assert counts.answered == {Phase.BEFORE: 6, Phase.AFTER: 6}

    public.goto(f"/panels/{slug}/survey")
    expect(
        public.get_by_role("img", name="Change in agreement after the deliberation")
    ).to_be_visible()
    table = public.get_by_role("table", name="Results per statement")
    row = table.get_by_role("row", name=ITEM)
    expect(row.get_by_role("cell").first).to_have_text("6")
    expect(public.get_by_role("heading", name="How the answers were spread")).to_be_visible()
    accessible(public, problems)
    assert problems == [], "\n".join(problems)
