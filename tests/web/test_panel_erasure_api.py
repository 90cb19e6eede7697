"""Erasing a member's participation on the API: the organisers list the members' requests and
carry one out; the published results of the votes and of the questionnaire do not move. Real
requests, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from web_support import assert_problem, bearer, browser

from balise.bootstrap import Container
from balise.domain.accounts.model import Scope
from balise.domain.panels.members import PanelMember
from balise.services import panels_members
from panel_erasure_support import SLUG, voted_panel

API = f"/api/v1/panels/{SLUG}"
PUBLISHED_FIGURES = ("id", "votes", "eligible", "share", "adopted")


def ask_for_erasure(container: Container, person_id: str) -> None:
    """The member asks in their space (the service behind its button)."""
    with container.uow() as uow:
        panel = panels_members.drawn_panel(uow, slug=SLUG)
        assert panel.id is not None
        member = PanelMember(panel_id=panel.id, panel_slug=SLUG, person_id=person_id)
        assert panels_members.request_participation_erasure(uow, member=member)
        uow.commit()


def test_the_organisers_list_the_requests_and_erase_without_moving_the_results(
    app: FastAPI, container: Container, world: dict[str, Any], issue_token: Callable[..., str]
) -> None:
    _, people, _, _ = voted_panel(container, world)
    member = people[0]  # voted against with a reason (closed), abstained (open), answered twice
    ask_for_erasure(container, member)
    staff = bearer(issue_token("editor"))
    with browser(app) as client:
        listed = client.get(f"{API}/erasure-requests", headers=staff)
        assert listed.status_code == 200, listed.text
        [asked] = listed.json()["requests"]
        assert listed.json()["panel"] == SLUG
        assert asked["member"] == member
        assert asked["requested_at"]
        assert (asked["erased_at"], asked["status"]) == (None, "pending")

        messages_before = client.get(f"{API}/messages").json()
        survey_before = client.get(f"{API}/survey")
        assert survey_before.status_code == 200, survey_before.text

        erased = client.post(f"{API}/members/{member}/erasure", headers=staff)
        assert erased.status_code == 200, erased.text
        assert erased.json() == {
            "panel": SLUG,
            "member": member,
            "votes_deleted": 1,
            "votes_anonymised": 1,
            "answers_deleted": 0,
            "answers_anonymised": 2,
        }

        # The published results are the same, figure for figure; only the reason is gone.
        messages_after = client.get(f"{API}/messages").json()
        assert [{k: m[k] for k in PUBLISHED_FIGURES} for m in messages_after] == [
            {k: m[k] for k in PUBLISHED_FIGURES} for m in messages_before
        ]
        reasons_before = [r["reason"] for r in messages_before[0]["annex"]]
        reasons_after = [r["reason"] for r in messages_after[0]["annex"]]
        assert f"reason of {member}" in reasons_before
        assert f"reason of {member}" not in reasons_after
        assert len(reasons_after) == len(reasons_before) - 1
        assert client.get(f"{API}/survey").json() == survey_before.json()

        [done] = client.get(f"{API}/erasure-requests", headers=staff).json()["requests"]
        assert done["status"] == "erased"
        assert done["erased_at"] >= done["requested_at"]

        # Once more: nothing is left and the member has not asked again.
        again = assert_problem(client.post(f"{API}/members/{member}/erasure", headers=staff), 409)
        assert again["title"].startswith("This member's participation is already erased")
    with browser(app, language="fr") as client:
        again_fr = client.post(f"{API}/members/{member}/erasure", headers=staff)
        assert assert_problem(again_fr, 409)["title"].startswith(
            "La participation de ce membre est déjà effacée"
        )
    # A member who asks again has a pending request, carried out even with nothing left.
    ask_for_erasure(container, member)
    with browser(app) as client:
        [pending] = client.get(f"{API}/erasure-requests", headers=staff).json()["requests"]
        assert pending["status"] == "pending"
        closed = client.post(f"{API}/members/{member}/erasure", headers=staff)
        assert closed.status_code == 200, closed.text
        assert closed.json()["votes_anonymised"] == 0


def test_unknown_records_and_who_may_erase(
    app: FastAPI, container: Container, world: dict[str, Any], issue_token: Callable[..., str]
) -> None:
    _, people, _, _ = voted_panel(container, world)
    member = people[1]
    staff = bearer(issue_token("editor"))
    reader = bearer(issue_token("editor", Scope.READ))
    outsider = bearer(issue_token("other-editor"))
    with browser(app) as client:
        assert client.get(f"{API}/erasure-requests", headers=staff).json()["requests"] == []
        assert_problem(client.get("/api/v1/panels/nowhere/erasure-requests", headers=staff), 404)
        elsewhere = f"/api/v1/panels/nowhere/members/{member}/erasure"
        assert_problem(client.post(elsewhere, headers=staff), 404)
        nobody = assert_problem(client.post(f"{API}/members/nobody/erasure", headers=staff), 404)
        assert nobody["title"] == "There is no member or volunteer with this id on this panel."
        assert_problem(client.post(f"{API}/members/{'x' * 121}/erasure", headers=staff), 422)

        assert_problem(client.get(f"{API}/erasure-requests"), 401)
        assert_problem(client.post(f"{API}/members/{member}/erasure"), 401)
        assert_problem(client.get(f"{API}/erasure-requests", headers=reader), 403)
        assert_problem(client.post(f"{API}/members/{member}/erasure", headers=reader), 403)
        assert_problem(client.get(f"{API}/erasure-requests", headers=outsider), 403)
        assert_problem(client.post(f"{API}/members/{member}/erasure", headers=outsider), 403)
    with container.uow(read_only=True) as uow:
        panel = panels_members.drawn_panel(uow, slug=SLUG)
        history = uow.audit_log.history("panel", str(panel.id))
    assert not [e for e in history if e.event_type == panels_members.PARTICIPATION_ERASED]


def test_the_description_names_the_errors_and_the_statuses(app: FastAPI) -> None:
    with browser(app) as client:
        description = client.get("/api/v1/openapi.json").json()
    listing = description["paths"]["/api/v1/panels/{slug}/erasure-requests"]["get"]
    erasure = description["paths"]["/api/v1/panels/{slug}/members/{person_id}/erasure"]["post"]
    assert {"401", "403", "404", "422", "429"} <= set(listing["responses"])
    assert {"400", "401", "403", "404", "409", "422", "429"} <= set(erasure["responses"])
    assert "already erased" in erasure["responses"]["409"]["description"]
    assert "no member or volunteer" in erasure["responses"]["404"]["description"]
    schemas = description["components"]["schemas"]
    assert schemas["ErasureRequestRead"]["properties"]["status"]["enum"] == ["pending", "erased"]
    assert {"apiToken": ["panels:write"]} in erasure["security"]
