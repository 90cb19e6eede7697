"""Registration and the members' space in Chromium: a volunteer registers with the code of their
letter; after the draw, a member signs in with their code, and another with a one-time link sent
through a real SMTP server. axe checks each page on the way (the profile bypasses the CSP only so
that axe can be injected)."""

from __future__ import annotations

import hashlib
import re

import pytest
from e2e_support import LiveServer, new_context
from playwright.sync_api import Browser, Page, expect
from test_accessibility import axe_violations

from balise.adapters.mail.smtp import SmtpMailer
from balise.domain.accounts.model import PUBLIC, Actor
from balise.services import panels, panels_members
from monitoring_helpers import smtp_server
from panel_members_support import (
    PUBLIC_SOURCE,
    PUBLIC_VALUE,
    SECRETS,
    open_registration,
    registration_form,
)

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("backend", ["sqlite"])]


def no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], [v["id"] for v in violations]


def draw(live_server: LiveServer, slug: str) -> tuple[str, ...]:
    """Build the pool from the registrations, select, commit and draw, through the services."""
    container = live_server.container
    actor = Actor(user=live_server.world["users"]["editor"])
    with container.uow() as uow:
        panels_members.build_pool_from_registrations(
            uow, actor=actor, slug=slug, solver=container.solver()
        )
        job = panels.start_selection(uow, actor=actor, slug=slug)
        uow.commit()
    assert container.run_job(job.id).status.value == "succeeded"
    with container.uow() as uow:
        panels.commit_panel(
            uow,
            actor=actor,
            slug=slug,
            party_commitments=[hashlib.sha256(s.encode()).hexdigest() for s in SECRETS],
            public_source=PUBLIC_SOURCE,
        )
        panel = panels.draw_panel(
            uow, actor=actor, slug=slug, secrets=SECRETS, public_value=PUBLIC_VALUE
        )
        members = tuple(panels_members.members_of(uow, panel))
        uow.commit()
    return members


def test_a_volunteer_registers_and_members_sign_in(
    browser: Browser, live_server: LiveServer
) -> None:
    container, world = live_server.container, live_server.world
    _, codes = open_registration(container, world, slug="journey", organiser="editor")
    volunteer = new_context(browser, live_server, bypass_csp=True)
    page = volunteer.new_page()
    page.goto("/panels/journey/register")
    no_axe_violations(page)
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#error-code")).to_have_text(
        "Type the code printed on your invitation letter."
    )
    no_axe_violations(page)
    page.locator("#field-code").fill(codes[0].lower().replace("-", " "))
    page.locator("#answer-0-0").check()  # group a
    for criterion in ("elected_office", "party_staff", "organiser_staff"):
        page.locator(f"#exclusion-{criterion}-no").check()
    page.locator("#field-email").fill("volunteer@example.test")
    page.locator("#consent").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration received")
    expect(page.get_by_text("you will be in the draw")).to_be_visible()
    no_axe_violations(page)
    number = re.search(r"registration number is (v-[0-9a-f]+)", page.content())
    assert number is not None
    registered = {number.group(1): codes[0]}
    emails = {number.group(1): "volunteer@example.test"}
    volunteer.close()

    # Four more register (by the service, as the form would), so that a panel can be drawn.
    with container.uow() as uow:
        for n, (code, group) in enumerate(zip(codes[1:5], "aabb", strict=True)):
            registration = panels_members.register_volunteer(
                uow,
                actor=PUBLIC,
                slug="journey",
                form=registration_form(code, group, email=f"v{n}@example.test"),
            )
            registered[registration.person_id] = code
            emails[registration.person_id] = f"v{n}@example.test"
        uow.commit()
    members = draw(live_server, "journey")
    first, second = members

    # A member signs in with the code of the letter.
    member = new_context(browser, live_server, bypass_csp=True)
    page = member.new_page()
    page.goto("/panels/journey/space")
    expect(page).to_have_url(
        f"{live_server.url}/panels/journey/space/sign-in?next=/panels/journey/space"
    )
    no_axe_violations(page)
    page.locator("#field-code").fill("AAAAA-AAAAA")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("#error-code")).to_be_visible()
    no_axe_violations(page)
    page.locator("#field-code").fill(registered[first])
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/panels/journey/space")
    expect(page.get_by_text(f"member {first} of the panel")).to_be_visible()
    no_axe_violations(page)
    cookie = next(c for c in member.cookies() if c["name"] == "balise_member")
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Lax"
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You are signed out of the members' space.")
    member.close()

    # Another member asks for a one-time link by e-mail.
    email = emails[second]
    with smtp_server() as (inbox, port):
        container.__dict__["mailer"] = SmtpMailer(
            host="127.0.0.1", port=port, sender="panel@alpha.example"
        )
        other = new_context(browser, live_server, bypass_csp=True)
        page = other.new_page()
        page.goto("/panels/journey/space/sign-in")
        page.locator("#field-email").fill(email)
        page.get_by_role("button", name="Send me a link").click()
        expect(page.get_by_role("status")).to_contain_text("a sign-in link is on its way")
        # The mail went out before the page answered (after the transaction committed).
        assert [m["To"] for m in inbox.messages] == [email]
        body = inbox.messages[0].get_content()
    found = re.search(r"http://\S+(/panels/journey/space/link/\S+)", body)
    assert found is not None
    link = found.group(1)  # the app's BALISE_BASE_URL is not the test server's address
    page.goto(link)
    no_axe_violations(page)
    page.get_by_role("button", name="Open the members' space").click()
    expect(page).to_have_url(f"{live_server.url}/panels/journey/space")
    expect(page.get_by_text(f"member {second} of the panel")).to_be_visible()
    # The link served once.
    page.goto(link)
    page.get_by_role("button", name="Open the members' space").click()
    expect(page.get_by_role("alert")).to_contain_text("not valid any more")
    other.close()
