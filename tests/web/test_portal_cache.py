"""Anonymous searches come from memory until a publication or a withdrawal changes the portal."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import browser, csrf_of

from balise.bootstrap import Container
from balise.services import register
from register_support import actor_of, create_published


def test_a_publication_or_withdrawal_refreshes_cached_searches(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    create_published(container, world)
    with browser(app) as visitor:
        first = visitor.get("/systems.json?q=studietoelagen").json()
        assert [s["slug"] for s in first["systems"]] == ["toekenning-van-studietoelagen"]
        assert len(app.state.page_cache) == 1
        assert visitor.get("/systems.json?q=studietoelagen").json() == first
        assert len(app.state.page_cache) == 1

        create_published(container, world, name={"nl": "Studietoelagen voor volwassenen"})
        second = visitor.get("/systems.json?q=studietoelagen").json()
        assert len(second["systems"]) == 2

        with container.uow() as uow:
            register.withdraw_system(
                uow,
                actor=actor_of(world, "reviewer"),
                slug="toekenning-van-studietoelagen",
                reason="Vervangen.",
            )
            uow.commit()
        third = visitor.get("/systems.json?q=studietoelagen").json()
        assert [s["slug"] for s in third["systems"]] == ["studietoelagen-voor-volwassenen"]


def test_each_visitor_gets_their_own_csrf_token_in_a_cached_page(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    create_published(container, world)
    with browser(app) as one, browser(app) as two:
        tokens = [csrf_of(one), csrf_of(two)]
        pages = [one.get("/systems?q=studietoelagen"), two.get("/systems?q=studietoelagen")]
    assert len(app.state.page_cache) == 1
    assert tokens[0] != tokens[1]
    for page, token in zip(pages, tokens, strict=True):
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert f'value="{token}"' in page.text
        assert "1 AI system found." in page.text
    assert tokens[1] not in pages[0].text


def test_signed_in_readers_are_never_served_from_the_cache(
    app: FastAPI, browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    create_published(container, world)
    page = browsers["editor"].get("/systems?q=studietoelagen")
    assert page.status_code == 200
    assert "Sign out" in page.text
    assert len(browsers["editor"].app.state.page_cache) == 0  # type: ignore[attr-defined]


def test_the_api_shares_results_between_anonymous_readers_until_a_publication(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    create_published(container, world)
    with browser(app) as reader:
        first = reader.get("/api/v1/systems?q=studietoelagen")
        assert len(first.json()["systems"]) == 1
        assert len(app.state.api_cache) == 1
        again = reader.get(
            "/api/v1/systems?q=studietoelagen", headers={"If-None-Match": first.headers["etag"]}
        )
        assert again.status_code == 304
        create_published(container, world, name={"nl": "Studietoelagen voor volwassenen"})
        changed = reader.get(
            "/api/v1/systems?q=studietoelagen", headers={"If-None-Match": first.headers["etag"]}
        )
        assert changed.status_code == 200
        assert len(changed.json()["systems"]) == 2
