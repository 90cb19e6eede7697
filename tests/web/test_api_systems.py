"""The register's JSON API: lists with cursors, records and versions, ETags, scoped writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import assert_problem, bearer, browser, count, csrf_of

from balise.bootstrap import Container
from balise.domain.accounts.model import Scope
from register_support import complete_values, create, create_published


def body(**changes: Any) -> dict[str, Any]:
    return {"default_language": "nl", "fields": complete_values(**changes)}


def test_the_list_walks_every_page_with_cursors_and_filters(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    made = {
        create_published(
            container, world, name={"nl": f"Gemeentelijke dienst {n}", "fr": f"Service {n}"}
        ).slug
        for n in range(5)
    }
    with browser(app) as client:
        seen: list[str] = []
        url: str | None = "/api/v1/systems?limit=2"
        while url:
            page = client.get(url)
            assert page.status_code == 200, page.text
            listing = page.json()
            assert listing["total"] == 5
            assert listing["total_is_exact"]
            seen.extend(system["slug"] for system in listing["systems"])
            url = listing["next"]
        assert seen == sorted(made)  # by name: "dienst 0" … "dienst 4"
        searched = client.get("/api/v1/systems", params={"q": "gemeentelijke diensten"}).json()
        assert {system["slug"] for system in searched["systems"]} == made
        assert client.get("/api/v1/systems?lifecycle_status=retired").json()["total"] == 0
        assert client.get("/api/v1/systems?organisation=alpha").json()["total"] == 5

        bad = assert_problem(
            client.get("/api/v1/systems?level=galactic&organisation=nowhere&cursor=x"), 422
        )
        assert {error["field"] for error in bad["errors"]} == {"level", "organisation"}
        assert {
            error["field"]
            for error in assert_problem(client.get("/api/v1/systems?cursor=x"), 422)["errors"]
        } == {"cursor"}
        assert_problem(client.get("/api/v1/systems?limit=1000"), 422)


def test_etags_answer_conditional_requests(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    slug = create_published(container, world).slug
    with browser(app) as client:
        for url in (
            "/api/v1/systems",
            f"/api/v1/systems/{slug}",
            f"/api/v1/systems/{slug}/versions",
            f"/api/v1/systems/{slug}/versions/1",
        ):
            first = client.get(url)
            tag = first.headers["etag"]
            again = client.get(url, headers={"If-None-Match": tag})
            assert again.status_code == 304, url
            assert again.headers["etag"] == tag
            assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
        before = client.get("/api/v1/systems").headers["etag"]
        create_published(container, world, name={"nl": "Nog een systeem"})
        assert client.get("/api/v1/systems", headers={"If-None-Match": before}).status_code == 200


def test_a_record_and_its_versions_show_what_the_caller_may_read(
    app: FastAPI, container: Container, world: dict[str, Any], issue_token: Callable[..., str]
) -> None:
    slug = create_published(container, world).slug
    draft_only = create(container, world, name={"nl": "Nog niet gepubliceerd"}).slug
    with browser(app) as client:
        public = client.get(f"/api/v1/systems/{slug}").json()
        assert public["version"] == 1
        assert "contact_name" not in public["fields"]
        assert public["organisation"]["slug"] == "alpha"
        assert client.get(f"/systems/{slug}.json").json() == public  # the page's JSON twin

        assert_problem(client.get(f"/api/v1/systems/{slug}?draft=true"), 404)
        assert_problem(client.get(f"/api/v1/systems/{draft_only}"), 404)
        assert_problem(client.get(f"/api/v1/systems/{draft_only}/versions"), 404)

        editor = bearer(issue_token("editor"))
        working = client.get(f"/api/v1/systems/{draft_only}?draft=true", headers=editor).json()
        assert working["state"] == "draft"
        assert working["fields"]["contact_name"] == "Jan Peeters"
        regulator = bearer(issue_token("regulator"))
        assert (
            client.get(f"/api/v1/systems/{slug}?draft=true", headers=regulator).status_code == 200
        )
        outsider = bearer(issue_token("other-editor"))
        assert_problem(client.get(f"/api/v1/systems/{slug}?draft=true", headers=outsider), 404)

        versions = client.get(f"/api/v1/systems/{slug}/versions").json()["versions"]
        assert [version["number"] for version in versions] == [1]
        one = client.get(f"/api/v1/systems/{slug}/versions/1").json()
        assert "contact_name" not in one["fields"]
        internal = client.get(f"/api/v1/systems/{slug}/versions/1", headers=outsider).json()
        assert internal["fields"]["contact_name"] == "Jan Peeters"  # internal: signed-in users
        assert_problem(client.get(f"/api/v1/systems/{slug}/versions/2"), 404)


def test_an_organisation_registers_reviews_and_publishes_with_scoped_tokens(
    app: FastAPI, container: Container, world: dict[str, Any], issue_token: Callable[..., str]
) -> None:
    editor = bearer(issue_token("editor"))
    reviewer = bearer(issue_token("reviewer"))
    read_only = bearer(issue_token("editor", Scope.READ, name="read"))
    with browser(app) as client:
        refused = client.post(
            "/api/v1/systems", json={**body(), "organisation": "alpha"}, headers=read_only
        )
        assert "systems:write" in assert_problem(refused, 403)["title"]
        other = bearer(issue_token("other-editor"))
        assert_problem(
            client.post("/api/v1/systems", json={**body(), "organisation": "alpha"}, headers=other),
            403,
        )

        created = client.post(
            "/api/v1/systems",
            json={**body(), "organisation": "alpha", "slug": "studietoelagen"},
            headers=editor,
        )
        assert created.status_code == 201, created.text
        assert created.headers["location"] == "/api/v1/systems/studietoelagen?draft=true"
        assert created.json()["state"] == "draft"
        assert created.json()["missing_for_review"] == []

        submitted = client.post("/api/v1/systems/studietoelagen/submit", headers=editor)
        assert submitted.json()["state"] == "in_review"
        assert_problem(client.post("/api/v1/systems/studietoelagen/approve", headers=editor), 403)
        approved = client.post("/api/v1/systems/studietoelagen/approve", headers=reviewer)
        assert approved.json()["state"] == "approved", approved.text
        published = client.post(
            "/api/v1/systems/studietoelagen/publish", json={"note": "First."}, headers=reviewer
        )
        assert published.json()["version"] == 1
        assert_problem(client.post("/api/v1/systems/studietoelagen/publish", headers=editor), 409)
        public = client.get("/api/v1/systems/studietoelagen").json()
        assert public["fields"]["name"]["nl"] == "Toekenning van studietoelagen"
        versions = client.get("/api/v1/systems/studietoelagen/versions").json()["versions"]
        assert versions[0]["note"] == "First."

        no_reason = client.post(
            "/api/v1/systems/studietoelagen/withdraw", json={"reason": " "}, headers=reviewer
        )
        assert [e["field"] for e in assert_problem(no_reason, 422)["errors"]] == ["reason"]
        withdrawn = client.post(
            "/api/v1/systems/studietoelagen/withdraw", json={"reason": "Stopped."}, headers=reviewer
        )
        assert withdrawn.json()["state"] == "withdrawn"
        assert client.get("/api/v1/systems/studietoelagen").json()["withdrawn"]
        assert client.get("/api/v1/systems").json()["total"] == 0


def test_validation_errors_name_each_field_of_the_body(
    app: FastAPI, container: Container, world: dict[str, Any], issue_token: Callable[..., str]
) -> None:
    editor = bearer(issue_token("editor"))
    with browser(app) as client:
        bad = client.post(
            "/api/v1/systems",
            json={
                "organisation": "alpha",
                "default_language": "nl",
                "fields": complete_values(contact_email="nope", colour="blue"),
                "visibility": {"goal": "secret"},
                "checked_languages": ["xx"],
            },
            headers=editor,
        )
        fields = {error["field"] for error in assert_problem(bad, 422)["errors"]}
        assert fields == {
            "fields.contact_email",
            "fields.colour",
            "visibility.goal",
            "checked_languages",
        }
        nameless = client.post(
            "/api/v1/systems",
            json={"organisation": "alpha", "default_language": "fr", "fields": {}},
            headers=editor,
        )
        assert [e["field"] for e in assert_problem(nameless, 422)["errors"]] == ["fields.name.fr"]
        nowhere = client.post(
            "/api/v1/systems", json={**body(), "organisation": "nowhere"}, headers=editor
        )
        assert [e["field"] for e in assert_problem(nowhere, 422)["errors"]] == ["organisation"]
        unknown_key = client.post(
            "/api/v1/systems", json={**body(), "organisation": "alpha", "x": 1}, headers=editor
        )
        assert [e["field"] for e in assert_problem(unknown_key, 422)["errors"]] == ["x"]
        incomplete = client.post(
            "/api/v1/systems",
            json={**body(oversight_mode=None, human_intervention=None), "organisation": "alpha"},
            headers=editor,
        )
        slug = incomplete.json()["slug"]
        assert incomplete.json()["missing_for_review"] == [
            "fields.human_intervention.nl",
            "fields.oversight_mode",
        ]
        refused = client.post(f"/api/v1/systems/{slug}/submit", headers=editor)
        assert {e["field"] for e in assert_problem(refused, 422)["errors"]} == {
            "fields.human_intervention.nl",
            "fields.oversight_mode",
        }
    assert count(container, "systems") == 1


def test_put_replaces_the_working_copy_and_honours_if_match(
    app: FastAPI, container: Container, world: dict[str, Any], issue_token: Callable[..., str]
) -> None:
    slug = create_published(container, world).slug
    editor = bearer(issue_token("editor"))
    with browser(app) as client:
        read = client.get(f"/api/v1/systems/{slug}?draft=true", headers=editor)
        tag = read.headers["etag"]
        changed = client.put(
            f"/api/v1/systems/{slug}",
            json=body(lifecycle_status="retired"),
            headers={**editor, "If-Match": tag},
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["state"] == "draft"
        assert changed.json()["fields"]["lifecycle_status"] == "retired"
        assert changed.headers["etag"] != tag
        assert (
            client.get(f"/api/v1/systems/{slug}?draft=true", headers=editor).headers["etag"]
            == changed.headers["etag"]
        )

        lost = client.put(
            f"/api/v1/systems/{slug}",
            json=body(lifecycle_status="pilot"),
            headers={**editor, "If-Match": tag},
        )
        assert_problem(lost, 412)
        current = client.get(f"/api/v1/systems/{slug}?draft=true", headers=editor).json()
        assert current["fields"]["lifecycle_status"] == "retired"
        # The public version is unchanged until the next one is published.
        assert (
            client.get(f"/api/v1/systems/{slug}").json()["fields"]["lifecycle_status"] == "in_use"
        )

        reviewer = bearer(issue_token("reviewer"))
        assert (
            client.put(
                f"/api/v1/systems/{slug}", json=body(), headers={**reviewer, "If-Match": "*"}
            ).status_code
            == 200
        )
        assert_problem(
            client.put(
                f"/api/v1/systems/{slug}", json=body(), headers=bearer(issue_token("regulator"))
            ),
            403,
        )
        assert_problem(client.put("/api/v1/systems/nothing", json=body(), headers=editor), 404)


def test_a_browser_session_writes_with_its_csrf_token(
    app: FastAPI, browsers: dict[str, TestClient], container: Container
) -> None:
    editor = browsers["editor"]
    payload = {**body(), "organisation": "alpha"}
    assert_problem(editor.post("/api/v1/systems", json=payload), 403)
    made = editor.post("/api/v1/systems", json=payload, headers={"X-CSRF-Token": csrf_of(editor)})
    assert made.status_code == 201, made.text
    assert count(container, "systems") == 1
