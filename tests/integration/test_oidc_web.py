"""Signing in to Balise through a real OpenID provider, from the sign-in page to the session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient
from test_oidc import sign_in_with_browser

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Role, User
from balise.services import accounts
from balise.web.app import create_app

if TYPE_CHECKING:
    from oidc_fixture import RunningProvider

pytest_plugins = ("oidc_fixture",)

BASE_URL = "http://127.0.0.1:8000"
CITIZEN_EMAIL = "editor@demo.balise.be"


@pytest.fixture
def sso_client(container: Container, oidc_provider: RunningProvider) -> Iterator[TestClient]:
    settings = container.settings.model_copy(
        update={
            "base_url": BASE_URL,
            "oidc_issuer": oidc_provider.issuer,
            "oidc_client_id": oidc_provider.client_id,
            "oidc_client_secret": oidc_provider.client_secret,
            "oidc_label": "CSAM",
        }
    )
    sso = Container(settings)
    with TestClient(create_app(sso), base_url=BASE_URL) as client:
        client.headers["Accept-Language"] = "en"
        yield client
    sso.dispose()


def add_account(container: Container, email: str) -> None:
    root = Actor(user=User(email="root@balise.test", display_name="Root", role=Role.ADMIN, id=0))
    with container.uow() as uow:
        accounts.create_user(
            uow,
            actor=root,
            password=None,
            user=User(email=email, display_name="Citizen editor", role=Role.REGULATOR),
        )
        uow.commit()


def test_the_sign_in_page_offers_single_sign_on(sso_client: TestClient) -> None:
    page = sso_client.get("/login")
    assert 'href="/auth/oidc/login?next=' in page.text
    assert "CSAM" in page.text


def test_a_known_person_signs_in_and_is_linked(
    container: Container, sso_client: TestClient
) -> None:
    add_account(container, CITIZEN_EMAIL)
    started = sso_client.get("/auth/oidc/login?next=/account", follow_redirects=False)
    callback = sign_in_with_browser(started.headers["location"], f"{BASE_URL}/auth/oidc/callback")

    finished = sso_client.get("/auth/oidc/callback", params=callback, follow_redirects=False)

    assert finished.status_code == 303
    assert finished.headers["location"] == "/account"
    assert CITIZEN_EMAIL in sso_client.get("/account").text
    with container.uow(read_only=True) as uow:
        linked = uow.users.find_by_identity(started_issuer(sso_client), "citizen-1")
        events = [event.event_type for event in uow.audit_log.latest(5)]
    assert linked is not None
    assert linked.email == CITIZEN_EMAIL
    assert "user.identity_linked" in events


def started_issuer(client: TestClient) -> str:
    container: Container = client.app.state.container  # type: ignore[attr-defined]
    return container.settings.oidc_issuer


def test_an_unknown_person_is_refused(sso_client: TestClient) -> None:
    started = sso_client.get("/auth/oidc/login", follow_redirects=False)
    callback = sign_in_with_browser(started.headers["location"], f"{BASE_URL}/auth/oidc/callback")

    refused = sso_client.get("/auth/oidc/callback", params=callback, follow_redirects=False)

    assert refused.status_code == 403
    assert "No active Balise account matches this identity" in refused.text
    assert "balise_session" not in sso_client.cookies


def test_a_callback_without_the_state_cookie_is_refused(
    container: Container, sso_client: TestClient
) -> None:
    add_account(container, CITIZEN_EMAIL)
    started = sso_client.get("/auth/oidc/login", follow_redirects=False)
    callback = sign_in_with_browser(started.headers["location"], f"{BASE_URL}/auth/oidc/callback")
    sso_client.cookies.clear()

    refused = sso_client.get("/auth/oidc/callback", params=callback, follow_redirects=False)

    assert refused.status_code == 403
    assert "balise_session" not in sso_client.cookies


def test_single_sign_on_is_absent_when_not_configured(client: TestClient) -> None:
    assert "/auth/oidc/login" not in client.get("/login").text
    assert client.get("/auth/oidc/login", follow_redirects=False).status_code == 404
