"""A member asks for the erasure of their participation in their space; the organisers see the
request on the registrations page and carry it out. Real requests, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from web_support import post_form

from balise.bootstrap import Container
from panel_members_support import make_member_panel, sign_in_member


def test_a_member_asks_and_an_organiser_erases(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    drawn = make_member_panel(container, world)
    client = browsers["anonymous"]
    member = sign_in_member(client, container, drawn.slug)
    space = f"/panels/{drawn.slug}/space"
    staff_page = f"/panels/{drawn.slug}/registrations"

    assert 'action="/panels/members-panel/space/erasure"' in client.get(space).text
    asked = post_form(client, f"{space}/erasure")
    assert asked.status_code == 303
    assert asked.headers["location"] == f"{space}?done=erasure#your-data"
    home = client.get(asked.headers["location"])
    assert "Your request was sent to the organisers." in home.text
    assert "Your request is waiting for the organisers." in home.text
    assert f'action="{space}/erasure"' not in home.text

    listed = browsers["editor"].get(staff_page)
    assert listed.status_code == 200
    assert "Members' erasure requests" in listed.text
    assert f">{member.person_id}</th>" in listed.text
    assert "Not yet" in listed.text

    unknown = post_form(
        browsers["editor"], f"{staff_page}/erase-participation", {"member": "nobody"}
    )
    assert unknown.status_code == 422
    assert 'id="error-member"' in unknown.text
    erased = post_form(
        browsers["editor"], f"{staff_page}/erase-participation", {"member": member.person_id}
    )
    assert erased.status_code == 303
    assert erased.headers["location"].endswith("?done=participation#participation")
    done = browsers["editor"].get(erased.headers["location"])
    assert "votes and answers were cut from them." in done.text
    assert "Not yet" not in done.text
    # Erasing again finds nothing left: the form says so beside the member's number (409).
    repeated = post_form(
        browsers["editor"], f"{staff_page}/erase-participation", {"member": member.person_id}
    )
    assert repeated.status_code == 409
    assert 'id="error-member"' in repeated.text
    assert "participation is already erased" in repeated.text
    assert 'href="#field-member"' in repeated.text
    # The member is told nothing is pending any more, and may ask again.
    assert f'action="{space}/erasure"' in client.get(space).text
    # Someone signed in to no panel is sent to the sign-in page, and nothing is recorded.
    anonymous = browsers["reviewer"]
    refused = post_form(anonymous, f"{space}/erasure")
    assert refused.status_code == 303
    assert refused.headers["location"].startswith(f"{space}/sign-in")
