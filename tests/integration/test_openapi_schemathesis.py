"""Schemathesis against the real app: no server error, and every answer as the description says.

The app runs in-process (ASGI) on a database holding the demo; half of the time, a path parameter
is drawn from the demo's own slugs and ids, so that requests reach real records. Schemathesis
tries each operation's boundary values (its coverage phase), then a few generated examples,
valid and not (fuzzing): anonymously and with an administrator's token of every scope on SQLite,
with the token on PostgreSQL. The checks: no 5xx; every status, body, content type and header as
documented; with the token, every operation that requires one refuses a request without it.
Each run is bounded in examples per operation and stops at a deadline, with what it has tested
so far, so that the three take at most about three minutes on two busy cores.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from schemathesis.engine import Status, events, from_schema
from schemathesis.python import asgi
from schemathesis.schemas import BaseSchema

from balise.bootstrap import Container
from balise.config import Settings
from balise.domain.accounts.model import Actor, Scope
from balise.services import accounts
from balise.services.demo import load_demo
from balise.web.app import create_app

MAX_EXAMPLES = 3
DEADLINE_SECONDS = 40
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
)
DEMO_ADMIN = "admin@demo.balise.be"


@pytest.fixture
def demo(container: Container) -> Iterator[Container]:
    """The test's database with the demo, served without rate limits (fuzzing is a flood)."""
    with pytest.MonkeyPatch.context() as patch:
        # The demo's accounts hashed at the lowest cost: this test is about the API, not Argon2.
        patch.setattr(
            accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        with container.uow() as uow:
            load_demo(uow, solver=container.solver())
            uow.commit()
    unlimited = {"rate_limit_api": "100000/minute", "rate_limit_writes": "100000/minute"}
    served = Container(Settings(**{**container.settings.model_dump(), **unlimited}))
    yield served
    asgi.shutdown_lifespans()
    served.dispose()


def admin_token(container: Container) -> str:
    with container.uow() as uow:
        admin = uow.users.find_by_email(DEMO_ADMIN)
        assert admin is not None
        _, secret = accounts.issue_api_token(
            uow, actor=Actor(user=admin), name="schemathesis", scopes=frozenset(Scope), days=1
        )
        uow.commit()
    return secret


def demo_values(client: TestClient, token: str) -> dict[str, list[str | int]]:
    """Path parameter values that name records of the demo, read from the API itself."""
    headers = {"Authorization": f"Bearer {token}"}

    def read(path: str, key: str, field: str) -> list[str | int]:
        body = client.get(path, headers=headers).json()
        return [item[field] for item in body[key]]

    return {
        "slug": read("/api/v1/systems?limit=100", "systems", "slug")
        + read("/api/v1/organisations", "organisations", "slug")
        + read("/api/v1/panels", "panels", "slug"),
        "number": [1, 2],
        "assessment_id": read("/api/v1/assessments", "assessments", "id"),
        "guide_code": read("/api/v1/guides", "guides", "code"),
        "incident_reference": read("/api/v1/incidents", "incidents", "reference"),
    }


def configuration(values: dict[str, list[str | int]], token: str | None) -> schemathesis.Config:
    checks: dict[str, Any] = {"enabled": False} | {name: {"enabled": True} for name in CHECKS}
    settings: dict[str, Any] = {
        "seed": 20261203,
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none", "no-shrink": True},
        "phases": {
            "examples": {"enabled": False},
            # Methods a path does not serve are another test's (405 with Allow, test_hardening_*).
            "coverage": {"unexpected-methods": []},
            "stateful": {"enabled": False},
        },
        "checks": checks,
        "dictionaries": {name: {"values": found} for name, found in values.items() if found},
        "parameters": {
            f"path.{name}": {"dictionary": name, "probability": 0.5}
            for name, found in values.items()
            if found
        },
    }
    if token is not None:
        settings["auth"] = {"openapi": {"apiToken": {"bearer": token}}}
        checks["ignored_auth"] = {"enabled": True}
    return schemathesis.Config.from_dict(settings)


@dataclass
class Outcome:
    """What a run found: each distinct failure with how to reproduce it, and what it tested."""

    failures: dict[tuple[str, str, str], str] = field(default_factory=dict)
    tested: set[str] = field(default_factory=set)

    def report(self) -> str:
        return "\n\n".join(
            f"{label} [{check}] {title}: {text}"
            for (label, check, title), text in self.failures.items()
        )


def run(schema: BaseSchema) -> Outcome:
    """Every phase once, ended at the deadline with what was tested so far."""
    outcome = Outcome()
    stream = from_schema(schema).execute()
    deadline = time.monotonic() + DEADLINE_SECONDS
    for event in stream:
        if time.monotonic() > deadline:
            stream.stop()
        if isinstance(event, events.FatalError):
            raise event.exception
        if isinstance(event, events.NonFatalError):
            outcome.failures[(event.label, "error", str(event.value))] = repr(event.value)
        if isinstance(event, events.ScenarioFinished):
            outcome.tested.add(event.recorder.label)
            for nodes in event.recorder.checks.values():
                for node in nodes:
                    if node.status == Status.FAILURE and node.failure_info is not None:
                        failure = node.failure_info.failure
                        outcome.failures.setdefault(
                            (event.recorder.label, node.name, failure.title),
                            f"{failure.message}\n    {node.failure_info.code_sample}",
                        )
    return outcome


@pytest.mark.parametrize(
    ("backend", "identity"),
    [("sqlite", "anonymous"), ("sqlite", "token"), ("postgresql", "token")],
    indirect=["backend"],
)
def test_the_api_answers_as_its_description_says(demo: Container, identity: str) -> None:
    app = create_app(demo)
    secret = admin_token(demo)
    with TestClient(app) as client:
        values = demo_values(client, secret)
    token = secret if identity == "token" else None
    schema = schemathesis.openapi.from_asgi(
        "/api/v1/openapi.json", app, config=configuration(values, token)
    )

    outcome = run(schema)

    assert outcome.tested
    assert not outcome.failures, outcome.report()
