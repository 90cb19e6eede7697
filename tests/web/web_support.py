"""Helpers the web tests share (imported by name: tests/web is on sys.path, it has no package)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from balise.bootstrap import Container
from balise.config import Settings
from balise.domain.accounts.model import Actor, User

PASSWORD = "a long enough test password"
ROLES = ("anonymous", "admin", "regulator", "editor", "reviewer")
EMAILS = {
    "admin": "admin@balise.test",
    "regulator": "regulator@balise.test",
    "editor": "editor@balise.test",
    "reviewer": "reviewer@balise.test",
    "other-editor": "other-editor@balise.test",
}


def browser(
    app: FastAPI, *, base_url: str = "http://testserver", language: str = "en"
) -> TestClient:
    """A client that keeps its cookies, like one browser."""
    client = TestClient(app, base_url=base_url)
    client.headers["Accept-Language"] = language
    return client


def csrf_of(client: TestClient) -> str:
    if "balise_csrf" not in client.cookies:
        client.get("/login")
    return str(client.cookies["balise_csrf"])


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> httpx.Response:
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return response


def post_form(
    client: TestClient, path: str, data: dict[str, Any] | None = None, **kwargs: Any
) -> httpx.Response:
    """A browser's form submission, with the CSRF field, not following the redirect."""
    return client.post(
        path, data={**(data or {}), "csrf_token": csrf_of(client)}, follow_redirects=False, **kwargs
    )


def actor_of(world: dict[str, Any], role: str) -> Actor:
    user: User = world["users"][role]
    return Actor(user=user)


def rows(container: Container, query: str, **params: Any) -> list[sa.Row[Any]]:
    with container.engine.connect() as connection:
        return list(connection.execute(sa.text(query), params))


def count(container: Container, table: str) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def variant(container: Container, **changes: Any) -> Container:
    """Another container on the same database, with some settings or the clock changed."""
    clock = changes.pop("clock", container.clock)
    settings = Settings(**{**container.settings.model_dump(), **changes})
    return Container(settings, clock=clock)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """An RFC 9457 problem document with this status; returns its body."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/problem+json"), (
        response.headers["content-type"]
    )
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["title"], str)
    assert body["title"]
    return body


def html_lang(response: httpx.Response) -> str:
    found = re.search(r'<html lang="([a-z]{2})"', response.text)
    assert found, response.text[:200]
    return found.group(1)


def set_cookie_headers(response: httpx.Response, name: str) -> list[str]:
    return [
        value for value in response.headers.get_list("set-cookie") if value.startswith(f"{name}=")
    ]
