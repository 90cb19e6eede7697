"""Rate limits per client address, on the API and on every write."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from balise.bootstrap import Container
from balise.web.app import create_app


@pytest.fixture
def strict_client(container: Container) -> Iterator[TestClient]:
    settings = container.settings.model_copy(
        update={"rate_limit_api": "3/minute", "rate_limit_writes": "2/minute"}
    )
    strict = Container(settings)
    with TestClient(create_app(strict)) as client:
        client.headers["Accept-Language"] = "fr"
        yield client
    strict.dispose()


def test_the_api_answers_429_with_a_problem_past_its_limit(strict_client: TestClient) -> None:
    statuses = [strict_client.get("/api/v1/organisations").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = strict_client.get("/api/v1/organisations")
    assert refused.headers["content-type"] == "application/problem+json"
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["status"] == 429
    assert refused.json()["title"] != "Too many requests. Wait a moment and try again."


def test_writes_are_limited_but_reading_pages_is_not(strict_client: TestClient) -> None:
    for _ in range(5):
        assert strict_client.get("/organisations").status_code == 200
    csrf = (
        strict_client.get("/login").cookies.get("balise_csrf")
        or strict_client.cookies["balise_csrf"]
    )
    form = {"email": "nobody@balise.test", "password": "wrong password", "csrf_token": csrf}
    statuses = [strict_client.post("/login", data=form).status_code for _ in range(3)]

    assert statuses == [400, 400, 429]
    page = strict_client.post("/login", data=form)
    assert page.status_code == 429
    assert '<html lang="fr">' in page.text
