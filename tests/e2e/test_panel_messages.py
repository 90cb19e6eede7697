"""A panel member votes on two messages in Chromium, gives a reason, changes a vote; the organiser
closes the votes; the public sees the results and the anonymous annex. Every page passes axe
(WCAG 2.1 A and AA).

SQLite only, like the other journeys; tests/web and tests/integration cover both databases.
"""

from __future__ import annotations

import re

import pytest
from e2e_support import EMAILS, LiveServer, new_context, sign_in_context
from guichet_e2e_support import axe_problems
from playwright.sync_api import Browser, Page, expect

from balise.domain.shared.i18n import LocalizedText
from balise.services import panels_messages
from panel_members_support import make_member_panel, member_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]


def accessible(page: Page, problems: list[str]) -> None:
    for violation in axe_problems(page):
        problems.append(f"{page.url}: {violation['id']} {violation['help']} {violation['nodes']}")


def text(english: str) -> LocalizedText:
    return LocalizedText(fr=f"FR {english}", nl=f"NL {english}", de=f"DE {english}", en=english)


def test_a_member_votes_the_organiser_closes_and_the_public_reads_the_results(
    browser: Browser, live_server: LiveServer
) -> None:
    container = live_server.container
    drawn = make_member_panel(container, live_server.world, organiser="editor")
    slug = drawn.slug
    with container.uow() as uow:
        _, second = (
            panels_messages.add_message(uow, actor=drawn.organiser, slug=slug, text=text(english))
            for english in ("Train public servants in AI.", "Publish every algorithm.")
        )
        uow.commit()
    second_id = second.id
    problems: list[str] = []

    # The organiser opens the votes on every draft message from the messages page.
    organiser = new_context(browser, live_server, bypass_csp=True)
    sign_in_context(organiser, EMAILS["editor"])
    staff = organiser.new_page()
    staff.goto(f"/panels/{slug}/messages/manage")
    accessible(staff, problems)
    staff.get_by_role("button", name="Open the vote on every draft message").click()
    expect(staff.get_by_role("status")).to_have_text("The vote is open.")

    # A member signs in (the members' space cookie) and votes on both messages.
    member_context = new_context(browser, live_server, bypass_csp=True)
    member_context.add_cookies([member_cookie(container, slug, live_server.url)])
    member = member_context.new_page()
    member.goto(f"/panels/{slug}/space")
    member.get_by_role("link", name="Vote on the messages").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Vote on the messages")
    accessible(member, problems)
    first = member.get_by_role("region", name="Message 1")
    first.get_by_label("Against").check()
    first.get_by_label("Reason (optional)").fill("Training alone is not enough.")
    first.get_by_role("button", name="Vote on message 1").click()
    expect(member.get_by_role("status")).to_have_text(
        "Your vote is recorded. You can change it until the vote closes."
    )
    second = member.get_by_role("region", name="Message 2")
    second.get_by_label("Accept").check()
    second.get_by_label("Reason (optional)").fill("Everyone should be able to check.")
    second.get_by_role("button", name="Vote on message 2").click()
    expect(member.get_by_role("status")).to_be_visible()
    # Changing a vote: the first message, now an abstention with a new reason.
    first = member.get_by_role("region", name="Message 1")
    expect(first.get_by_text("Your vote: Against.")).to_be_visible()
    first.get_by_label("Abstain").check()
    first.get_by_label("Reason (optional)").fill("I need more information on the cost.")
    first.get_by_role("button", name="Change my vote on message 1").click()
    expect(
        member.get_by_role("region", name="Message 1").get_by_text("Your vote: Abstain.")
    ).to_be_visible()
    accessible(member, problems)

    # Nothing is public before the votes close.
    public_context = new_context(browser, live_server, bypass_csp=True)
    public = public_context.new_page()
    assert public.goto(f"/panels/{slug}/messages").status == 404  # type: ignore[union-attr]

    staff.goto(f"/panels/{slug}/messages/manage")
    staff.get_by_role("button", name="Close every open vote").click()
    expect(staff.get_by_role("status")).to_have_text("The vote is closed: the results are public.")

    public.goto(f"/panels/{slug}/messages")
    results = public.get_by_role("table", name="Results per message")
    expect(results.locator("tbody tr")).to_have_count(2)
    expect(results.locator("tbody tr").nth(0)).to_contain_text("Not adopted")
    expect(results.locator("tbody tr").nth(1)).to_contain_text("Adopted")
    expect(public.get_by_role("img", name="Share of votes for each message")).to_be_visible()
    accessible(public, problems)
    public.get_by_role("link", name="Train public servants in AI.").click()
    annex = public.locator("#annex ~ ul").first
    expect(annex).to_contain_text("I need more information on the cost.")
    expect(public.get_by_text("Training alone is not enough.")).to_have_count(0)
    expect(public.get_by_text(drawn.members[0], exact=True)).to_have_count(0)
    accessible(public, problems)
    # The member's page now says the vote is closed.
    member.reload()
    expect(member.get_by_text("The vote is closed.").first).to_be_visible()

    # The organiser publishes the authority's answer to the adopted message; a form with errors
    # first, on the messages page, is shown with every error beside its field.
    staff.goto(f"/panels/{slug}/messages/manage")
    staff.locator("#field-text_fr").fill("Seulement en français")
    staff.get_by_role("button", name="Add the message").click()
    expect(staff.locator(".error-summary")).to_be_visible()
    expect(staff.locator("#field-text_nl")).to_have_attribute("aria-invalid", "true")
    accessible(staff, problems)
    staff.goto(f"/panels/{slug}/messages/manage")
    staff.get_by_role("link", name="Follow-up of message 2").click()
    expect(staff).to_have_url(re.compile(r"/edit#follow-up$"))  # axe only once the page is there
    accessible(staff, problems)
    staff.get_by_label("Authority that answers").fill("FPS BOSA")
    staff.get_by_label("Status").select_option("partly_accepted")
    staff.locator("#field-answer_en").fill("A register of algorithms opens next year.")
    staff.get_by_role("button", name="Publish the follow-up").click()
    expect(staff.get_by_role("status")).to_have_text("The follow-up is published.")
    public.goto(f"/panels/{slug}/follow-up")
    expect(public.get_by_role("table", name="Answers of the authorities")).to_contain_text(
        "Partly accepted"
    )
    accessible(public, problems)

    # The public and member pages in the other languages.
    for language in ("fr", "nl", "de"):
        reader = new_context(browser, live_server, language=language, bypass_csp=True)
        reader.add_cookies([member_cookie(container, slug, live_server.url)])
        seen = reader.new_page()
        for path in (
            f"/panels/{slug}/messages",
            f"/panels/{slug}/follow-up",
            f"/panels/{slug}/space/votes",
        ):
            seen.goto(path)
            expect(seen.locator("html")).to_have_attribute("lang", language)
            accessible(seen, problems)
        seen.goto(f"/panels/{slug}/messages/{second_id}")
        expect(seen.locator("#annex")).to_be_visible()
        accessible(seen, problems)
        reader.close()

    for opened in (organiser, member_context, public_context):
        opened.close()
    assert not problems, "\n".join(problems)
