"""The OpenAPI description tells the truth: who may call, what may go wrong, which values exist."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from web_support import assert_problem, bearer

from balise.domain.accounts.model import Actor, Role, Scope
from balise.web.access import Allow
from balise.web.app import routes_of
from balise.web.openapi import install_openapi

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
SQLITE = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


def is_public(operation: dict[str, Any]) -> bool:
    return {} in operation["security"]


@SQLITE
def test_the_token_and_the_session_cookie_are_the_security_schemes(app: FastAPI) -> None:
    schemes = app.openapi()["components"]["securitySchemes"]

    assert schemes["apiToken"] | {"description": ""} == {
        "type": "http",
        "scheme": "bearer",
        "description": "",
    }
    assert (schemes["session"]["in"], schemes["session"]["name"]) == ("cookie", "balise_session")


@SQLITE
def test_every_operation_documents_who_may_call_and_what_may_go_wrong(app: FastAPI) -> None:
    document = app.openapi()
    for method, path, operation in operations(document):
        where = f"{method} {path}"
        answers = operation["responses"]
        assert {"401", "429"} <= set(answers), where
        assert "Retry-After" in answers["429"]["headers"], where
        if any(parameter["in"] == "path" for parameter in operation.get("parameters", [])):
            assert "404" in answers, where
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= set(answers), where
        if not is_public(operation):
            assert "403" in answers, where
            [token] = [
                option["apiToken"] for option in operation["security"] if "apiToken" in option
            ]
            if method == "GET":
                assert token == ["read"], where
        for status, answer in answers.items():
            if int(status) >= 400:
                assert answer["content"] == PROBLEM, (where, status)
                assert answer["description"], (where, status)
    assert "HTTPValidationError" not in document["components"]["schemas"]


@SQLITE
def test_what_only_a_route_knows_is_kept(app: FastAPI) -> None:
    paths = app.openapi()["paths"]

    replace = paths["/api/v1/systems/{slug}"]["put"]
    assert "If-Match" in replace["responses"]["412"]["description"]
    assert replace["security"] == [{"apiToken": ["systems:write"]}, {"session": []}]
    chunk = paths["/api/v1/uploads/{upload_id}/chunks/{offset}"]["put"]
    assert "offset" in chunk["responses"]["409"]["description"]
    assert "application/octet-stream" in chunk["requestBody"]["content"]


@SQLITE
def test_closed_sets_of_values_are_enumerations(app: FastAPI) -> None:
    document = app.openapi()
    schemas = document["components"]["schemas"]
    listing = {
        parameter["name"]: parameter["schema"]
        for parameter in document["paths"]["/api/v1/systems"]["get"]["parameters"]
    }

    assert "local" in listing["level"]["enum"]
    assert "fr" in listing["language"]["enum"]
    assert listing["risk_category"]["enum"]
    assert schemas["SystemWrite"]["properties"]["default_language"]["enum"] == [
        "fr",
        "nl",
        "de",
        "en",
    ]
    assert "succeeded" in schemas["JobStatus"]["enum"]
    assert schemas["MeRead"]["properties"]["language"]["anyOf"][0] == {
        "$ref": "#/components/schemas/Language"
    }


@SQLITE
def test_the_served_description_is_the_completed_one(client: TestClient) -> None:
    served = client.get("/api/v1/openapi.json").json()

    assert "securitySchemes" in served["components"]
    assert served == client.app.openapi()  # type: ignore[attr-defined]


@SQLITE
def test_answers_the_api_gives_are_documented(
    app: FastAPI, client: TestClient, issue_token: Any
) -> None:
    paths = app.openapi()["paths"]
    reader = bearer(issue_token("editor", Scope.READ))

    def documented(method: str, path: str, status: int) -> bool:
        return str(status) in paths[path][method]["responses"]

    not_utf8 = client.post(
        "/api/v1/questions",
        content=b'{"text": "\xff"}',
        headers={"Content-Type": "application/json"},
    )
    assert_problem(not_utf8, 400)
    assert documented("post", "/api/v1/questions", 400)
    assert_problem(client.get("/api/v1/me"), 401)
    assert_problem(client.get("/api/v1/systems", headers=bearer("not-a-token")), 401)
    assert documented("get", "/api/v1/systems", 401)
    refused = client.post("/api/v1/systems", json={}, headers=reader)
    assert_problem(refused, 403)
    assert documented("post", "/api/v1/systems", 403)
    assert_problem(client.get("/api/v1/systems/no-such-system"), 404)
    assert documented("get", "/api/v1/systems/{slug}", 404)
    # A body naming a record that is not there (found by Schemathesis, undocumented until then).
    unknown = {"system": "no-such-system", "template": "fria"}
    writer = bearer(issue_token("editor"))
    assert_problem(client.post("/api/v1/assessments", json=unknown, headers=writer), 404)
    assert documented("post", "/api/v1/assessments", 404)


class Thing(BaseModel):
    name: str


def test_a_new_route_is_described_from_its_declarations_alone() -> None:
    router = APIRouter(prefix="/api/v1")

    @router.put("/things/{thing_id}")
    async def replace_thing(
        thing_id: int,
        body: Thing,
        actor: Annotated[Actor, Depends(Allow.only(Role.EDITOR, scope=Scope.SYSTEMS_WRITE))],
    ) -> Thing:
        return body

    @router.get("/things")
    async def list_things(actor: Annotated[Actor, Depends(Allow.everyone())]) -> list[Thing]:
        return []

    app = FastAPI()
    app.include_router(router)
    install_openapi(app, routes_of(app))
    paths = app.openapi()["paths"]

    replace = paths["/api/v1/things/{thing_id}"]["put"]
    assert set(replace["responses"]) == {
        "200", "400", "401", "403", "404", "409", "413", "422", "429"
    }  # fmt: skip
    assert replace["security"] == [{"apiToken": ["systems:write"]}, {"session": []}]
    listing = paths["/api/v1/things"]["get"]
    assert set(listing["responses"]) == {"200", "401", "429"}
    assert listing["security"] == [{}, {"apiToken": []}, {"session": []}]
