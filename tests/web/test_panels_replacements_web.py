"""Replacing members who leave a drawn panel: from the organiser's page, public and checkable."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from panel_support import make_panel
from web_support import actor_of, post_form

from balise.bootstrap import Container
from balise.domain.panels.documents import Reveal
from balise.domain.panels.draw import instance_from_documents
from balise.domain.panels.record import PanelState
from balise.domain.panels.replacements import Replacement, check_replacements, randomness

GROUP = {"p1": "a", "p2": "a", "p3": "a", "p4": "b", "p5": "b"}


def drawn(client: TestClient, slug: str) -> list[str]:
    return [str(p) for p in client.get(f"/panels/{slug}.json").json()["draw"]["panel"]]


def test_an_organiser_replaces_members_and_anyone_can_check_the_choice(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
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
    members = drawn(anonymous, "tiny")
    leaving_b = next(pid for pid in members if GROUP[pid] == "b")
    other_b = next(pid for pid in ("p4", "p5") if pid != leaving_b)

    # The only other volunteer of group b keeps both quotas (a 1..1, b 1..1).
    response = post_form(editor, "/panels/tiny/replacements", {"dropped": leaving_b})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/panels/tiny/manage?done=replacement#replacements"
    assert "A replacement was drawn." in editor.get(response.headers["location"]).text

    # When that one leaves too, group b is exhausted: someone of group a, and the page says so.
    second = post_form(editor, "/panels/tiny/replacements", {"dropped": other_b})
    assert second.status_code == 303, second.text

    document = anonymous.get("/panels/tiny.json").json()
    first_row, second_row = document["replacements"]
    assert first_row == {
        "position": 1,
        "dropped": leaving_b,
        "chosen": other_b,
        "quotas_kept": True,
    }
    assert second_row["dropped"] == other_b
    assert GROUP[second_row["chosen"]] == "a"
    assert second_row["quotas_kept"] is False
    assert sorted(document["members"]) == sorted(
        [pid for pid in members if pid != leaving_b] + [second_row["chosen"]]
    )
    composition = anonymous.get("/api/v1/panels/tiny/composition").json()["composition"]
    assert [(row["value"], row["count"]) for row in composition] == [("a", 2), ("b", 0)]

    page = anonymous.get("/panels/tiny").text
    assert "Replacements after the draw" in page
    assert "--replacements tiny-replacements.json" in page
    files = {
        name: anonymous.get(f"/panels/tiny/files/{name}.json").json()
        for name in ("published", "reveal", "replacements")
    }
    published = files["published"]
    assert (
        check_replacements(
            instance_from_documents(published["pool"], published["quotas"], 2),
            material=randomness(Reveal.from_json(files["reveal"])),
            drawn=members,
            replacements=[Replacement.from_json(r) for r in files["replacements"]],
        )
        == []
    )
    # The organiser's list shows the current members, with the replacement's contact details.
    manage = editor.get("/panels/tiny/manage").text
    assert "Replacements so far" in manage
    assert f'<option value="{second_row["chosen"]}">' in manage


def test_only_a_current_member_of_a_drawn_panel_can_be_replaced(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    alpha = world["organisations"]["alpha"].id
    editor_actor = actor_of(world, "editor")
    make_panel(container, editor_actor, slug="tiny", organisation_id=alpha, until=PanelState.DRAWN)
    make_panel(
        container, editor_actor, slug="early", organisation_id=alpha, until=PanelState.COMMITTED
    )
    editor = browsers["editor"]
    outsider = next(pid for pid in GROUP if pid not in drawn(browsers["anonymous"], "tiny"))
    refused = post_form(editor, "/panels/tiny/replacements", {"dropped": outsider})
    assert refused.status_code == 422
    assert f"{outsider} is not a member of the panel." in refused.text
    assert 'aria-invalid="true"' in refused.text
    early = post_form(editor, "/panels/early/replacements", {"dropped": "p1"})
    assert early.status_code == 409
    # Another organisation's editor and the public cannot replace anyone.
    assert post_form(
        browsers["other-editor"], "/panels/tiny/replacements", {"dropped": "p1"}
    ).status_code in {403, 404}
    assert browsers["anonymous"].get("/panels/tiny.json").json()["replacements"] == []


def test_the_api_replaces_a_member_for_an_organiser_with_a_token(
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
    members = drawn(client, "tiny")
    headers = {"Authorization": f"Bearer {issue_token('editor')}"}
    created = client.post(
        "/api/v1/panels/tiny/replacements", json={"dropped": members[0]}, headers=headers
    )
    assert created.status_code == 201, created.text
    assert created.json()["position"] == 1
    assert created.json()["dropped"] == members[0]
    assert (
        client.post(
            "/api/v1/panels/tiny/replacements", json={"dropped": members[0]}, headers=headers
        ).status_code
        == 422
    )
    assert (
        client.post("/api/v1/panels/tiny/replacements", json={"dropped": members[1]}).status_code
        == 401
    )
