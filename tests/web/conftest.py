"""Fixtures for the web tests: the app, one signed-in browser per role, API tokens, jobs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import EMAILS, ROLES, actor_of, browser, csrf_of, sign_in, variant

from balise.bootstrap import Container
from balise.domain.accounts.model import Scope
from balise.domain.jobs.model import Job
from balise.services import accounts, jobs
from balise.web.app import create_app


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its production cost makes each sign-in take about a sixth of a second.

    The web tests sign in hundreds of times; they test who may do what, not the hash's cost, so
    they use the same algorithm with the smallest parameters (as Django's test settings do).
    """
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def app(container: Container) -> FastAPI:
    return create_app(container)


@pytest.fixture
def browsers(app: FastAPI, world: dict[str, Any]) -> Iterator[dict[str, TestClient]]:
    """A client per role, and for beta's editor, signed in; the anonymous one has a CSRF cookie."""
    with ExitStack() as stack:
        made = {role: stack.enter_context(browser(app)) for role in (*ROLES, "other-editor")}
        for role, client in made.items():
            if role == "anonymous":
                csrf_of(client)
            else:
                sign_in(client, EMAILS[role])
        yield made


def every_scope_of(role: str) -> frozenset[Scope]:
    return frozenset(scope for scope in Scope if scope is not Scope.USERS_ADMIN or role == "admin")


@pytest.fixture
def issue_token(container: Container, world: dict[str, Any]) -> Callable[..., str]:
    """Issue an API token to a user of the world through the service; returns the secret."""

    def issue(role: str, *scopes: Scope, days: int = 30, name: str = "test") -> str:
        with container.uow() as uow:
            _, secret = accounts.issue_api_token(
                uow,
                actor=actor_of(world, role),
                name=name,
                scopes=frozenset(scopes) if scopes else every_scope_of(role),
                days=days,
            )
            uow.commit()
        return secret

    return issue


@pytest.fixture
def start_job(container: Container, world: dict[str, Any]) -> Callable[..., Job]:
    """A queued job started by a user of the world (never handed to a worker)."""

    def start(role: str, kind: str = "audit_log.verify") -> Job:
        with container.uow() as uow:
            job = jobs.start_job(uow, actor=actor_of(world, role), kind=kind, params={})
            uow.commit()
        return job

    return start


@pytest.fixture
def variant_of(container: Container) -> Iterator[Callable[..., Container]]:
    """Containers on the test's database with other settings or another clock; disposed after."""
    made: list[Container] = []

    def make(**changes: Any) -> Container:
        made.append(variant(container, **changes))
        return made[-1]

    yield make
    for built in made:
        built.dispose()
