"""A citizens' panel from the invitation's code to the published follow-up, in Chromium.

A volunteer registers with the code of their letter; after the draw, a member signs in with their
code, votes on two messages with a reason and answers the questionnaire before and after the
deliberation; the votes close and the authority's answer to an adopted message is public. The
organiser's steps go through the services (their pages have their own browser tests); axe checks
every page the citizen sees.
"""

from __future__ import annotations

import re

import pytest
from e2e_support import LiveServer, new_context
from playwright.sync_api import Browser, Page, expect
from test_accessibility import axe_violations
from test_panel_members import draw

from balise.domain.accounts.model import PUBLIC
from balise.domain.panels.survey import SurveyAction
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels_members, panels_messages, panels_survey
from panel_members_support import open_registration, registration_form

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite", "postgresql"])]

ITEM = "On the whole, artificial intelligence will make daily life easier for people like me."


def accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], [v["id"] for v in violations]


def message(english: str) -> LocalizedText:
    return LocalizedText(
        fr=f"{english} (fr)", nl=f"{english} (nl)", de=f"{english} (de)", en=english
    )


def answer(page: Page, label: str) -> None:
    page.get_by_role("group", name=f"1. {ITEM}").get_by_label(label).check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("status")).to_contain_text("your answers are saved")
    accessible(page)


def test_a_panel_runs_from_the_invitation_code_to_the_published_follow_up(
    browser: Browser, live_server: LiveServer
) -> None:
    container, world = live_server.container, live_server.world
    organiser, codes = open_registration(container, world, slug="journey", organiser="editor")

    # Registration with the code of the letter.
    page = new_context(browser, live_server, bypass_csp=True).new_page()
    page.goto("/panels/journey/register")
    page.locator("#field-code").fill(codes[0])
    page.locator("#answer-0-0").check()
    for criterion in ("elected_office", "party_staff", "organiser_staff"):
        page.locator(f"#exclusion-{criterion}-no").check()
    page.locator("#consent").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration received")
    accessible(page)
    number = re.search(r"registration number is (v-[0-9a-f]+)", page.content())
    assert number is not None
    code_of = {number.group(1): codes[0]}
    with container.uow() as uow:
        for code, group in zip(codes[1:5], "aabb", strict=True):
            registration = panels_members.register_volunteer(
                uow, actor=PUBLIC, slug="journey", form=registration_form(code, group)
            )
            code_of[registration.person_id] = code
        uow.commit()
    member_id = draw(live_server, "journey")[0]

    # The organiser puts two messages to the vote and opens the "before" questionnaire.
    with container.uow() as uow:
        for english in ("Train public servants in AI.", "Publish every algorithm."):
            panels_messages.add_message(uow, actor=organiser, slug="journey", text=message(english))
        panels_messages.open_votes(uow, actor=organiser, slug="journey")
        panels_survey.move_survey(
            uow, actor=organiser, slug="journey", action=SurveyAction.OPEN_BEFORE
        )
        uow.commit()

    # The member signs in with their code, votes on both messages with a reason...
    page = new_context(browser, live_server, bypass_csp=True).new_page()
    page.goto("/panels/journey/space/sign-in")
    page.locator("#field-code").fill(code_of[member_id])
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/panels/journey/space")
    accessible(page)
    page.get_by_role("link", name="Vote on the messages").click()
    for position, choice, reason in (
        (1, "Against", "Training alone is not enough."),
        (2, "Accept", "Everyone should be able to check."),
    ):
        region = page.get_by_role("region", name=f"Message {position}")
        region.get_by_label(choice).check()
        region.get_by_label("Reason (optional)").fill(reason)
        region.get_by_role("button", name=f"Vote on message {position}").click()
        expect(page.get_by_role("status")).to_be_visible()
    accessible(page)

    # ... and answers the questionnaire before and after the deliberation.
    page.goto("/panels/journey/space")
    page.get_by_role("link", name="Questionnaire before and after the deliberation").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Before the deliberation")
    answer(page, "2. Disagree")
    with container.uow() as uow:
        for action in (SurveyAction.CLOSE_BEFORE, SurveyAction.OPEN_AFTER):
            panels_survey.move_survey(uow, actor=organiser, slug="journey", action=action)
        uow.commit()
    page.goto("/panels/journey/space/questionnaire")
    expect(page.get_by_role("heading", level=2)).to_have_text("After the deliberation")
    answer(page, "4. Agree")

    # The votes close; the authority answers the adopted message; the public reads both.
    with container.uow() as uow:
        panels_messages.close_votes(uow, actor=organiser, slug="journey")
        panels_survey.move_survey(
            uow, actor=organiser, slug="journey", action=SurveyAction.CLOSE_AFTER
        )
        board = panels_messages.public_messages(uow, actor=PUBLIC, slug="journey")
        adopted = [view for view in board.messages if view.result.adopted]
        assert [view.message.current.text.en for view in adopted] == ["Publish every algorithm."]
        panels_messages.publish_follow_up(
            uow,
            actor=organiser,
            slug="journey",
            message_id=adopted[0].id,
            authority="FOD BOSA",
            status="accepted",
            answer=message("Every algorithm will be listed in the register by 2027."),
        )
        uow.commit()
    public = new_context(browser, live_server, bypass_csp=True).new_page()
    public.goto("/panels/journey/messages")
    results = public.get_by_role("table", name="Results per message")
    expect(results.locator("tbody tr").nth(0)).to_contain_text("Not adopted")
    expect(results.locator("tbody tr").nth(1)).to_contain_text("Adopted")
    accessible(public)
    public.goto("/panels/journey/follow-up")
    expect(
        public.get_by_text("Every algorithm will be listed in the register by 2027.")
    ).to_be_visible()
    accessible(public)
    public.goto("/panels/journey/survey")
    accessible(public)
