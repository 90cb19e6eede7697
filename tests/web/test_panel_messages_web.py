"""A panel's messages: organisers enter and version them, members vote, the public sees the
results only once the vote closes, and the follow-up of the adopted messages."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from panel_support import make_panel
from web_support import actor_of, post_form

from balise.bootstrap import Container
from balise.domain.panels.record import PanelState
from balise.services import panels_members
from balise.web.panels.membership import MEMBER_COOKIE

TEXT = {
    "text_fr": "Former les agents publics à l'IA.",
    "text_nl": "Ambtenaren opleiden in AI.",
    "text_de": "Öffentliche Bedienstete in KI schulen.",
    "text_en": "Train public servants in AI.",
}


def drawn_members(client: TestClient, slug: str) -> list[str]:
    document = client.get(f"/panels/{slug}.json").json()
    return [str(p) for p in document["members"] or document["draw"]["panel"]]


def member_client(app: Any, container: Container, slug: str, person_id: str) -> TestClient:
    """A browser signed in to the panel's members' space as `person_id`."""
    with container.uow() as uow:
        secret = panels_members.open_member_session(uow, slug=slug, person_id=person_id)
        uow.commit()
    client = TestClient(app, base_url="http://testserver")
    client.headers["Accept-Language"] = "en"
    client.cookies.set(MEMBER_COOKIE, secret)
    return client


def message_ids(container: Container, slug: str) -> list[int]:
    with container.uow() as uow:
        panel = uow.panels.find_by_slug(slug)
        assert panel is not None
        assert panel.id is not None
        return [m.id for m in uow.panel_messages.list_for(panel.id) if m.id is not None]


def test_messages_are_voted_and_published_only_once_the_vote_closes(
    app: Any, browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    alpha = world["organisations"]["alpha"].id
    make_panel(
        container,
        actor_of(world, "editor"),
        slug="tiny",
        organisation_id=alpha,
        until=PanelState.DRAWN,
    )
    editor, anonymous = browsers["editor"], browsers["anonymous"]

    # Bad input: every missing language named at once, nothing written.
    refused = post_form(editor, "/panels/tiny/messages/new", {"text_fr": "Seulement en français"})
    assert refused.status_code == 422
    assert refused.text.count("Give the message in this language.") >= 3
    assert message_ids(container, "tiny") == []

    added = post_form(editor, "/panels/tiny/messages/new", {**TEXT, "theme": "Education"})
    assert added.status_code == 303, added.text
    second = post_form(
        editor, "/panels/tiny/messages/new", {**TEXT, "text_en": "Publish every algorithm."}
    )
    assert second.status_code == 303
    first_id, second_id = message_ids(container, "tiny")

    # A change before the vote is a new version; both stay visible.
    revised = post_form(
        editor,
        f"/panels/tiny/messages/{first_id}/edit",
        {
            **TEXT,
            "text_en": "Train every public servant in AI.",
            "position": "1",
            "theme": "Education",
        },
    )
    assert revised.status_code == 303, revised.text
    edit_page = editor.get(f"/panels/tiny/messages/{first_id}/edit").text
    assert "Version 2 of" in edit_page
    assert "Version 1 of" in edit_page

    # Nothing public before a vote closes, and the panel's page does not point there yet.
    assert anonymous.get("/panels/tiny/messages").status_code == 404
    assert 'href="/panels/tiny/follow-up"' not in anonymous.get("/panels/tiny").text
    assert anonymous.get("/api/v1/panels/tiny/messages").status_code == 404
    assert anonymous.get("/panels/tiny/messages/manage", follow_redirects=False).status_code in {
        303,
        401,
    }

    opened = post_form(editor, "/panels/tiny/messages/open", {})
    assert opened.status_code == 303, opened.text
    # Once open, the text no longer changes.
    assert (
        post_form(
            editor, f"/panels/tiny/messages/{first_id}/edit", {**TEXT, "position": "1"}
        ).status_code
        == 409
    )

    first_member, second_member = drawn_members(anonymous, "tiny")
    one = member_client(app, container, "tiny", first_member)
    two = member_client(app, container, "tiny", second_member)
    page = one.get("/panels/tiny/space/votes")
    assert page.status_code == 200
    assert "Train every public servant in AI." in page.text
    voted = post_form(one, f"/panels/tiny/space/votes/{first_id}", {"choice": "against"})
    assert voted.status_code == 303, voted.text
    # Changed until the vote closes: the last vote counts, once.
    changed = post_form(
        one,
        f"/panels/tiny/space/votes/{first_id}",
        {"choice": "abstain", "reason": "Too vague about the budget."},
    )
    assert changed.status_code == 303
    assert (
        post_form(two, f"/panels/tiny/space/votes/{first_id}", {"choice": "for"}).status_code == 303
    )
    assert (
        post_form(
            two, f"/panels/tiny/space/votes/{second_id}", {"choice": "against", "reason": "Costly."}
        ).status_code
        == 303
    )
    bad = post_form(two, f"/panels/tiny/space/votes/{second_id}", {"choice": "maybe"})
    assert bad.status_code == 422
    assert "Vote for, against or abstain." in bad.text
    # Nobody outside the panel votes; the public still sees nothing.
    stranger = post_form(anonymous, f"/panels/tiny/space/votes/{first_id}", {"choice": "for"})
    assert stranger.status_code in {303, 401}
    assert anonymous.get("/api/v1/panels/tiny/messages").status_code == 404

    closed = post_form(editor, "/panels/tiny/messages/close", {})
    assert closed.status_code == 303, closed.text
    assert (
        post_form(one, f"/panels/tiny/space/votes/{first_id}", {"choice": "for"}).status_code == 409
    )

    document = anonymous.get("/api/v1/panels/tiny/messages").json()
    assert (
        [{key: item[key] for key in ("id", "text", "votes", "adopted")} for item in document]
        == [
            {
                "id": first_id,
                "text": {
                    "fr": TEXT["text_fr"],
                    "nl": TEXT["text_nl"],
                    "de": TEXT["text_de"],
                    "en": "Train every public servant in AI.",
                },
                "votes": {"accept": 1, "against": 0, "abstain": 1},
                "adopted": True,  # 1 of 1 counted (abstentions left out by default) > 50 %
            },
            {
                "id": second_id,
                "text": {**{k[5:]: v for k, v in TEXT.items()}, "en": "Publish every algorithm."},
                "votes": {"accept": 0, "against": 1, "abstain": 0},
                "adopted": False,
            },
        ]
    )
    # The annex gives the reasons, never who gave them.
    assert document[0]["annex"] == [{"choice": "abstain", "reason": "Too vague about the budget."}]
    assert first_member not in str(document)
    assert second_member not in str(document)
    assert anonymous.get("/panels/tiny/messages.json").json() == document

    listing = anonymous.get("/panels/tiny/messages")
    assert listing.status_code == 200
    panel_page = anonymous.get("/panels/tiny").text
    assert 'href="/panels/tiny/messages"' in panel_page
    assert 'href="/panels/tiny/follow-up"' in panel_page
    assert "Adopted" in listing.text
    assert "Not adopted" in listing.text
    message_page = anonymous.get(f"/panels/tiny/messages/{first_id}").text
    assert "Too vague about the budget." in message_page
    assert "Version 1 of" in message_page

    # Follow-up: only for the adopted message, by its organisers.
    refused_follow_up = post_form(
        editor,
        f"/panels/tiny/messages/{second_id}/follow-up",
        {"authority": "FPS BOSA", "status": "accepted", "answer_en": "Yes."},
    )
    assert refused_follow_up.status_code == 409
    missing = post_form(
        editor, f"/panels/tiny/messages/{first_id}/follow-up", {"status": "rejected"}
    )
    assert missing.status_code == 422
    assert "Name the authority that answers." in missing.text
    assert "Give the authority&#39;s reasons in at least one language." in missing.text
    published = post_form(
        editor,
        f"/panels/tiny/messages/{first_id}/follow-up",
        {
            "authority": "FPS BOSA",
            "status": "partly_accepted",
            "answered_on": "2027-03-01",
            "answer_en": "A training plan starts in 2027 for managers first.",
            "answer_fr": "Un plan de formation commence en 2027, d'abord pour les cadres.",
        },
    )
    assert published.status_code == 303, published.text
    assert post_form(
        browsers["other-editor"],
        f"/panels/tiny/messages/{first_id}/follow-up",
        {"authority": "X", "status": "accepted", "answer_en": "Yes."},
    ).status_code in {403, 404}
    follow_up = anonymous.get("/panels/tiny/follow-up").text
    assert "A training plan starts in 2027 for managers first." in follow_up
    assert "Partly accepted" in follow_up
    api = anonymous.get("/api/v1/panels/tiny/messages").json()
    assert api[0]["follow_up"]["status"] == "partly_accepted"
    assert api[0]["follow_up"]["answered_on"] == "2027-03-01"

    # Audit events: open, vote, close, follow-up; a vote's event names no member.
    with container.uow() as uow:
        events = [e for e in uow.audit_log.iterate() if e.event_type.startswith("panel_message.")]
    kinds = {e.event_type for e in events}
    assert {
        "panel_message.created",
        "panel_message.revised",
        "panel_message.vote_opened",
        "panel_message.vote_cast",
        "panel_message.vote_closed",
        "panel_message.follow_up_published",
    } <= kinds
    for event in events:
        assert first_member not in str(event.after)
        assert second_member not in str(event.after)


def test_the_api_adds_messages_for_organisers_with_a_token(
    app: Any, container: Container, world: dict[str, Any], issue_token: Any
) -> None:
    alpha = world["organisations"]["alpha"].id
    make_panel(
        container,
        actor_of(world, "editor"),
        slug="tiny",
        organisation_id=alpha,
        until=PanelState.DRAWN,
    )
    client = TestClient(app)
    body = {"text": {k[5:]: v for k, v in TEXT.items()}, "theme": "Education"}
    assert client.post("/api/v1/panels/tiny/messages", json=body).status_code == 401
    headers = {"Authorization": f"Bearer {issue_token('editor')}"}
    created = client.post("/api/v1/panels/tiny/messages", json=body, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["version"] == 1
    incomplete = client.post(
        "/api/v1/panels/tiny/messages", json={"text": {"fr": "Seul"}}, headers=headers
    )
    assert incomplete.status_code == 422
    fields = {error["field"] for error in incomplete.json()["errors"]}
    assert {"text_nl", "text_de", "text_en"} <= fields
