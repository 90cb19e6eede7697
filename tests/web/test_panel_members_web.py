"""Registration with an invitation code, the organisers' registration page and the members' space.

Real requests through the app, on SQLite and PostgreSQL; the one-time link is sent through a real
local SMTP server.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from fastapi.testclient import TestClient
from web_support import post_form, rows, sign_in, variant

from balise.adapters.mail.smtp import SmtpMailer
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor
from balise.domain.panels.record import Panel
from balise.domain.shared.i18n import LocalizedText
from balise.services import panels
from balise.web.app import create_app
from balise.web.panels.membership import MEMBER_COOKIE
from monitoring_helpers import smtp_server
from panel_members_support import (
    make_member_panel,
    make_registered_panel,
    open_registration,
    sign_in_member,
)

EXCLUSIONS_NO = {
    "exclusion-elected_office": "no",
    "exclusion-party_staff": "no",
    "exclusion-organiser_staff": "no",
}
QUOTAS = "feature,value,min,max\ngroup,a,1,1\ngroup,b,1,1\n"


def volunteer(code: str, group: str = "a", **changes: str) -> dict[str, str]:
    return {"code": code, "answer-0": group, **EXCLUSIONS_NO, "consent": "yes", **changes}


def test_the_member_dependency_guards_the_space(
    client: TestClient, container: Container, world: dict[str, Any]
) -> None:
    drawn = make_member_panel(container, world)
    anonymous = client.get(f"/panels/{drawn.slug}/space", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == (
        f"/panels/{drawn.slug}/space/sign-in?next=/panels/{drawn.slug}/space"
    )
    member = sign_in_member(client, container, drawn.slug)
    assert member.person_id in drawn.members
    home = client.get(f"/panels/{drawn.slug}/space")
    assert home.status_code == 200
    assert member.person_id in home.text
    # Another panel's space does not admit this member.
    other = make_member_panel(container, world, slug="other-panel")
    refused = client.get(f"/panels/{other.slug}/space", follow_redirects=False)
    assert refused.status_code == 303
    assert MEMBER_COOKIE in client.cookies
    # A panel that is not drawn has no members' space.
    assert client.get("/panels/no-such-panel/space/sign-in").status_code == 404


def test_invitations_carry_codes_and_volunteers_register_with_them(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    admin, anonymous = browsers["admin"], browsers["anonymous"]
    with container.uow() as uow:
        panels.create_panel(
            uow,
            actor=Actor(user=world["users"]["admin"]),
            panel=Panel(
                organisation_id=world["organisations"]["alpha"].id,
                slug="open-panel",
                title=LocalizedText(en="Open panel"),
                size=2,
                lottery_size=100,
            ),
        )
        uow.commit()
    drawn = admin.post(
        "/panels/open-panel/invitations",
        data={"letters": "4", "seed": "3", "csrf_token": admin.cookies["balise_csrf"]},
        files={
            "addresses": ("a.csv", b"id,stratum,name\na1,N,A\na2,N,B\na3,S,C\na4,S,D\n"),
            "strata": ("s.csv", b"stratum,population\nN,1\nS,1\n"),
        },
        follow_redirects=False,
    )
    assert drawn.status_code == 303, drawn.text
    table = list(csv.DictReader(io.StringIO(admin.get("/panels/open-panel/invitations.csv").text)))
    codes = [row["registration_code"] for row in table]
    assert len(set(codes)) == 4
    assert all(re.fullmatch(r"[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}", c) for c in codes)
    # Only fingerprints are stored; the same CSV again gives the same codes.
    stored = rows(container, "SELECT code_sha256, hint FROM panel_invitation_codes")
    assert len(stored) == 4
    assert not {c.replace("-", "") for c in codes} & {r.code_sha256 for r in stored}
    again = admin.get("/panels/open-panel/invitations.csv").text
    assert [r["registration_code"] for r in csv.DictReader(io.StringIO(again))] == codes

    # No questions yet: the registration page does not exist; the settings need a quotas file.
    assert anonymous.get("/panels/open-panel/register").status_code == 404
    refused = post_form(admin, "/panels/open-panel/registrations/settings", {"open": "yes"})
    assert refused.status_code == 422
    assert 'id="error-categories"' in refused.text
    saved = post_form(
        admin,
        "/panels/open-panel/registrations/settings",
        {
            "open": "yes",
            "categories": QUOTAS,
            "exclusions": ["elected_office", "party_staff", "organiser_staff"],
        },
    )
    assert saved.status_code == 303, saved.text

    page = anonymous.get("/panels/open-panel/register")
    assert page.status_code == 200
    assert 'name="answer-0" value="a"' in page.text
    assert "organiser_family" not in page.text  # switched off
    # Every error at once, each on its field.
    empty = post_form(anonymous, "/panels/open-panel/register", {"email": "not an address"})
    assert empty.status_code == 422
    for field in ("code", "answer-0", "exclusion-elected_office", "consent", "email"):
        assert f'id="error-{field}"' in empty.text, field
    # The summary names the question each error is about, not only "Answer yes or no." thrice.
    summary = empty.text.split('id="error-summary-title"')[1].split("</ul>")[0]
    assert 'href="#field-exclusion-elected_office">Holds an elected office: ' in summary
    assert 'href="#field-code">Code from your invitation letter: ' in summary
    wrong = post_form(anonymous, "/panels/open-panel/register", volunteer("AAAAA-AAAAA"))
    assert wrong.status_code == 422
    assert "This code is not known for this panel" in wrong.text
    # French errors for a French reader.
    anonymous.headers["Accept-Language"] = "fr"
    french = post_form(anonymous, "/panels/open-panel/register", {})
    assert "Choisissez une réponse." in french.text
    anonymous.headers["Accept-Language"] = "en"

    done = post_form(
        anonymous,
        "/panels/open-panel/register",
        volunteer(codes[0].lower().replace("-", " "), email="ann@example.test"),
    )
    assert done.status_code == 201, done.text
    assert "you will be in the draw" in done.text
    twice = post_form(anonymous, "/panels/open-panel/register", volunteer(codes[0], "b"))
    assert twice.status_code == 422
    assert "Someone has already registered with this code." in twice.text
    excluded = post_form(
        anonymous,
        "/panels/open-panel/register",
        volunteer(codes[1], **{"exclusion-party_staff": "yes"}),
    )
    assert excluded.status_code == 201
    assert "Works for a political party" in excluded.text

    # Staff type a phone registration with the same checks.
    bad_phone = post_form(
        admin,
        "/panels/open-panel/registrations/new",
        {**volunteer(codes[2], "b"), "channel": "phone", "phone": "call me"},
    )
    assert bad_phone.status_code == 422
    assert 'id="error-phone"' in bad_phone.text
    by_phone = post_form(
        admin,
        "/panels/open-panel/registrations/new",
        {**volunteer(codes[2], "b"), "channel": "phone", "phone": "+32 470 12 34 56"},
    )
    assert by_phone.status_code == 303, by_phone.text
    listing = admin.get("/panels/open-panel/registrations")
    assert listing.status_code == 200
    assert "ann@example.test" not in listing.text
    assert "+32 470" not in listing.text
    assert "Excluded: Works for a political party" in listing.text
    assert listing.text.count(">Phone</td>") == 1
    assert rows(container, "SELECT count(*) AS n FROM panel_registration_contacts")[0].n == 2

    # The pool is built from the two eligible registrations through the pool upload's use case.
    built = post_form(admin, "/panels/open-panel/registrations/pool")
    assert built.status_code == 303, built.text
    people = rows(container, "SELECT person_id, features FROM panel_people ORDER BY position")
    registered = rows(
        container,
        "SELECT person_id, excluded_by FROM panel_registrations ORDER BY registered_at",
    )
    eligible = [r.person_id for r in registered if r.excluded_by is None]
    assert sorted(p.person_id for p in people) == sorted(eligible)
    events = [r.event_type for r in rows(container, "SELECT event_type FROM audit_events")]
    assert "panel.pool_loaded" in events
    assert events.count("panel.volunteer_registered") == 3

    # Erasure: the contact goes, and the answers too (no published draw needs them).
    erased = post_form(admin, "/panels/open-panel/registrations/erase", {"person_id": eligible[0]})
    assert erased.status_code == 303
    left = rows(
        container,
        "SELECT answers, erased_at FROM panel_registrations WHERE person_id = :p",
        p=eligible[0],
    )[0]
    assert left.erased_at is not None
    assert left.answers in ({}, "{}")  # JSON, as text on SQLite
    unknown = post_form(admin, "/panels/open-panel/registrations/erase", {"person_id": "nobody"})
    assert unknown.status_code == 422
    assert 'id="error-person_id"' in unknown.text


def test_registration_closes_and_other_organisations_cannot_see_it(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    _, codes = open_registration(container, world, slug="closing")
    other = browsers["other-editor"]
    assert other.get("/panels/closing/registrations").status_code == 403
    admin = browsers["admin"]
    closed = post_form(
        admin,
        "/panels/closing/registrations/settings",
        {"categories": QUOTAS, "exclusions": ["elected_office"]},
    )
    assert closed.status_code == 303
    page = browsers["anonymous"].get("/panels/closing/register")
    assert "Registration for this panel is closed." in page.text
    refused = post_form(browsers["anonymous"], "/panels/closing/register", volunteer(codes[0]))
    assert refused.status_code == 409


def test_the_programme(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    drawn = make_member_panel(container, world)
    admin = browsers["admin"]
    bad = post_form(admin, f"/panels/{drawn.slug}/meetings", {"date": "5/12", "time": "25:00"})
    assert bad.status_code == 422
    for field in ("date", "time", "title", "place"):
        assert f'id="error-{field}"' in bad.text, field
    added = post_form(
        admin,
        f"/panels/{drawn.slug}/meetings",
        {"title": "First weekend", "date": "2027-01-16", "time": "09:30", "place": "Brussels"},
    )
    assert added.status_code == 303
    member = browsers["anonymous"]
    sign_in_member(member, container, drawn.slug)
    home = member.get(f"/panels/{drawn.slug}/space")
    assert "First weekend" in home.text
    assert 'datetime="2027-01-16T08:30:00+00:00"' in home.text
    meeting_id = rows(container, "SELECT id FROM panel_meetings")[0].id
    removed = post_form(admin, f"/panels/{drawn.slug}/meetings/{meeting_id}/delete")
    assert removed.status_code == 303
    assert "First weekend" not in member.get(f"/panels/{drawn.slug}/space").text


def test_members_sign_in_with_their_code_or_a_one_time_link(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    drawn = make_registered_panel(container, world)
    member_id = drawn.members[0]
    outsider = next(p for p in drawn.codes if p not in drawn.members)
    client = browsers["anonymous"]
    base = f"/panels/{drawn.slug}/space"

    wrong = post_form(client, f"{base}/sign-in", {"code": "12345"})
    assert wrong.status_code == 422
    assert 'id="error-code"' in wrong.text
    not_drawn = post_form(client, f"{base}/sign-in", {"code": drawn.codes[outsider]})
    assert not_drawn.status_code == 422
    assert "does not belong to a member of the drawn panel" in not_drawn.text
    excluded = post_form(client, f"{base}/sign-in", {"code": drawn.excluded_code})
    assert excluded.status_code == 422

    signed = post_form(
        client, f"{base}/sign-in", {"code": drawn.codes[member_id], "next": f"{base}"}
    )
    assert signed.status_code == 303
    assert signed.headers["location"] == base
    cookie = signed.headers["set-cookie"]
    assert f"{MEMBER_COOKIE}=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # the test app runs on http
    secret = client.cookies[MEMBER_COOKIE]
    stored = rows(container, "SELECT secret_sha256 FROM panel_member_sessions")
    assert secret not in {r.secret_sha256 for r in stored}
    home = client.get(base)
    assert home.status_code == 200
    assert member_id in home.text
    # A staff session is another thing: the member is no staff member, and vice versa.
    assert client.get("/my-work", follow_redirects=False).status_code == 303
    assert browsers["admin"].get(base, follow_redirects=False).status_code == 303

    out = post_form(client, f"{base}/sign-out")
    assert out.status_code == 303
    assert MEMBER_COOKIE not in client.cookies
    assert client.get(base, follow_redirects=False).status_code == 303
    assert rows(container, "SELECT count(*) AS n FROM panel_member_sessions")[0].n == 0

    number = list(drawn.codes).index(member_id)
    with smtp_server() as (inbox, port):
        container.__dict__["mailer"] = SmtpMailer(host="127.0.0.1", port=port, sender="b@x.be")
        asked = post_form(client, f"{base}/link", {"email": f"V{number}@example.test"})
        assert asked.status_code == 303
        assert asked.headers["location"] == f"{base}/sign-in?sent=1"
        nobody = post_form(client, f"{base}/link", {"email": "nobody@example.test"})
        assert nobody.status_code == 303
        assert nobody.headers["location"] == asked.headers["location"]
        bad = post_form(client, f"{base}/link", {"email": "nope"})
        assert bad.status_code == 422
        assert len(inbox.messages) == 1
        message = inbox.messages[0]
    assert message["To"] == f"V{number}@example.test"
    body = message.get_content()
    found = re.search(r"http://\S+/space/link/(\S+)", body)
    assert found is not None
    token = found.group(1)
    assert token not in {
        r.token_sha256 for r in rows(container, "SELECT token_sha256 FROM panel_member_links")
    }
    # Opening the link changes nothing (mail scanners follow links); the button signs in.
    confirm = client.get(f"{base}/link/{token}")
    assert confirm.status_code == 200
    assert client.get(base, follow_redirects=False).status_code == 303
    used = post_form(client, f"{base}/link/{token}")
    assert used.status_code == 303
    assert used.headers["location"] == base
    assert client.get(base).status_code == 200
    again = post_form(browsers["editor"], f"{base}/link/{token}")
    assert again.status_code == 422
    assert "not valid any more" in again.text


def test_a_replaced_member_loses_the_space(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    drawn = make_member_panel(container, world)
    client = browsers["anonymous"]
    member = sign_in_member(client, container, drawn.slug)
    assert client.get(f"/panels/{drawn.slug}/space").status_code == 200
    left = post_form(
        browsers["admin"], f"/panels/{drawn.slug}/replacements", {"dropped": member.person_id}
    )
    assert left.status_code == 303
    assert client.get(f"/panels/{drawn.slug}/space", follow_redirects=False).status_code == 303


def account_links(page: str) -> str:
    """The header's account area of a page."""
    return page.split('<ul class="account-links">')[1].split("</ul>", maxsplit=1)[0]


STAFF_SIGN_IN = '\n        <li><a href="/login">Sign in</a></li>\n      '


def test_the_header_shows_a_signed_in_member_their_space_and_sign_out(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    drawn = make_member_panel(container, world)
    base = f"/panels/{drawn.slug}/space"
    client = browsers["anonymous"]
    # Without a member session the header is what it always was: the staff sign-in.
    assert account_links(client.get(f"{base}/sign-in").text) == STAFF_SIGN_IN

    sign_in_member(client, container, drawn.slug)
    for path in (base, f"{base}/votes", f"{base}/questionnaire", f"{base}/sign-in"):
        links = account_links(client.get(path).text)
        assert f'<a href="{base}">Members\' space</a>' in links, path
        assert f'action="{base}/sign-out"' in links, path
        assert 'name="csrf_token"' in links, path
        assert "/login" not in links, path
    client.headers["Accept-Language"] = "fr"
    assert "Espace des membres" in account_links(client.get(base).text)
    client.headers["Accept-Language"] = "en"
    # The menu is cached per language, address and kind of reader: nothing of the member's area
    # reaches another reader of the same address, nor the menu itself.
    other = browsers["reviewer"].get(f"{base}/sign-in").text
    assert f'action="{base}/sign-out"' not in other
    with TestClient(client.app, base_url="http://testserver") as stranger:
        stranger.headers["Accept-Language"] = "en"
        assert account_links(stranger.get(f"{base}/sign-in").text) == STAFF_SIGN_IN
    menu = client.get(base).text.split('<nav aria-label="Main menu"')[1].split("</nav>")[0]
    assert "/space" not in menu
    # Pages that do not look the member up (outside the space) stay as they were.
    assert account_links(client.get("/panels").text) == STAFF_SIGN_IN

    # The header's button signs the member out.
    out = post_form(client, f"{base}/sign-out")
    assert out.status_code == 303
    assert account_links(client.get(f"{base}/sign-in").text) == STAFF_SIGN_IN

    # A staff member who is also signed in to a members' space keeps the staff header.
    admin = browsers["admin"]
    sign_in_member(admin, container, drawn.slug)
    staff = account_links(admin.get(base).text)
    assert '<a href="/account">My account</a>' in staff
    assert f"{base}/sign-out" not in staff


def test_form_addresses_opened_directly_lead_to_their_page(
    client: TestClient, container: Container, world: dict[str, Any]
) -> None:
    drawn = make_member_panel(container, world)
    base = f"/panels/{drawn.slug}/space"
    expected = {
        f"{base}/link": f"{base}/sign-in",
        f"{base}/sign-out": base,
        f"{base}/erasure": f"{base}#your-data",
        f"{base}/votes/7": f"{base}/votes#message-7",
    }
    for path, target in expected.items():
        opened = client.get(path, follow_redirects=False)
        assert opened.status_code == 303, path
        assert opened.headers["location"] == target, path
    # Nobody signed in: the members' space sends on to its sign-in; a member lands in it, and
    # opening the erasure or sign-out address changes nothing.
    assert client.get(f"{base}/erasure").url.path == f"{base}/sign-in"
    sign_in_member(client, container, drawn.slug)
    landed = client.get(f"{base}/erasure")
    assert landed.status_code == 200
    assert landed.url.path == base
    assert client.get(f"{base}/sign-out").url.path == base
    assert rows(container, "SELECT count(*) AS n FROM panel_member_sessions")[0].n == 1
    assert client.get(f"{base}/votes/0", follow_redirects=False).status_code == 404


def test_the_registrations_page_gives_the_full_address_to_print(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    open_registration(container, world, slug="printed")
    page = browsers["admin"].get("/panels/printed/registrations")
    assert page.status_code == 200
    configured = container.settings.base_url.rstrip("/")
    assert f'<a href="/panels/printed/register">{configured}/panels/printed/register</a>' in (
        page.text
    )
    # Without a configured address, the address the organiser's browser used.
    unset = variant(container, base_url="")
    try:
        with TestClient(create_app(unset), base_url="https://consult.example.be") as admin:
            admin.headers["Accept-Language"] = "en"
            sign_in(admin, "admin@balise.test")
            text = admin.get("/panels/printed/registrations").text
    finally:
        unset.dispose()
    assert "https://consult.example.be/panels/printed/register</a>" in text
