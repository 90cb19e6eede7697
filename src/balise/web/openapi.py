"""The API's OpenAPI description, completed from what every route already declares.

FastAPI describes each operation's parameters, body and successful answer. The rest follows from
declarations the routes make anyway, so it is added here, once, and a new route is described
truthfully without a word of its own:

- its `Allow` gives its security requirement: an API token (with the scope it needs) or the
  session cookie, optional on public operations; and 401 (no valid token) and 403 (a role or
  scope that does not admit it) on the others;
- every operation may answer 401 when the token sent is not valid, and 429 past the API's rate
  limit (with Retry-After);
- a path parameter may name nothing: 404;
- a body may not be JSON in UTF-8 (400), be too large (413) or break its schema (422); any
  parameter may break its schema (422);
- a change (POST, PUT, PATCH, DELETE) may not be possible (400); on a public operation a browser
  session needs its CSRF token (403); members' changes may not apply to a record's current state
  (409).

A route adds what only it knows (412 on a conditional write) with `responses={412: {}}`. Every
error answer is one shared problem document (RFC 9457), `Problem`.
"""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from typing import Any, Protocol

from fastapi import FastAPI
from pydantic.json_schema import models_json_schema

from balise.domain.accounts.model import Scope
from balise.web.access import CSRF_COOKIE, CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE, Allow
from balise.web.schemas import Problem

BEARER = "apiToken"
SESSION = "session"
SECURITY_SCHEMES: dict[str, dict[str, str]] = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token, created on the account page, sent as "
        "`Authorization: Bearer <token>`. Reading needs the `read` scope; each change needs the "
        "scope its operation names.",
    },
    SESSION: {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "The session cookie of a signed-in browser. A change sent with it must "
        f"also echo the `{CSRF_COOKIE}` cookie in the `{CSRF_HEADER}` header.",
    },
}

ANSWERS = {
    400: "The body could not be read (not JSON in UTF-8), or the change cannot be made.",
    401: "Not signed in: send a valid API token or the session cookie.",
    403: "Your role, your organisation or your token's scopes do not allow this; or a browser "
    "session sent a change without its CSRF token.",
    404: "Nothing at this address, or nothing you may see.",
    409: "The change does not apply to the record's current state.",
    412: "The record changed since you read it: read it again (If-Match).",
    413: "The request is larger than the server accepts.",
    422: "Some values are not valid: `errors` names each field and says what is wrong.",
    429: "Too many requests from your address: wait the seconds Retry-After says, then retry.",
}
PUBLIC_401 = "The API token sent is not valid (unknown, expired or revoked)."
PUBLIC_403 = "A browser session sent a change without its CSRF token."
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before the next request.",
        "required": True,
        "schema": {"type": "integer"},
    }
}
CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class DeclaredRoute(Protocol):
    """A route as the app serves it (`web.app.AppRoute`): its full path, methods and access."""

    @property
    def path(self) -> str: ...
    @property
    def methods(self) -> frozenset[str]: ...
    @property
    def allow(self) -> Allow | None: ...


def install_openapi(app: FastAPI, routes: Iterable[DeclaredRoute]) -> None:
    """Make `app.openapi()` (and /api/v1/openapi.json, /api/docs, `balise openapi`) complete."""
    access = {
        (route.path, method.lower()): route.allow
        for route in routes
        for method in route.methods
        if route.allow is not None
    }
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(generate(), access)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def complete(document: dict[str, Any], access: dict[tuple[str, str], Allow]) -> dict[str, Any]:
    """The description with each operation's security and error answers, from its declarations."""
    components = document.setdefault("components", {})
    components["securitySchemes"] = SECURITY_SCHEMES
    _, definitions = models_json_schema(
        [(Problem, "serialization")], ref_template="#/components/schemas/{model}"
    )
    schemas = components.setdefault("schemas", {})
    schemas.update(definitions["$defs"])
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            allow = access.get((path, method))
            if allow is not None:
                describe_operation(operation, method.upper(), allow)
    # FastAPI's own 422 document is never sent: the app answers every error with a Problem.
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    return document


def security_of(allow: Allow, method: str) -> list[dict[str, list[str]]]:
    """Who may call: a token or a session; anyone too when the route is public."""
    if allow.public:
        return [{}, {BEARER: []}, {SESSION: []}]
    scope = Scope.READ if method in SAFE_METHODS else allow.scope
    return [{BEARER: [scope.value] if scope else []}, {SESSION: []}]


def error_answers(operation: dict[str, Any], method: str, allow: Allow) -> dict[int, str]:
    """The error statuses an operation may answer, each with what it means here."""
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    changes = method in CHANGES
    answers: dict[int, str] = {401: PUBLIC_401 if allow.public else ANSWERS[401], 429: ANSWERS[429]}
    if not allow.public:
        answers[403] = ANSWERS[403]
    elif changes:
        answers[403] = PUBLIC_403
    if any(parameter.get("in") == "path" for parameter in parameters):
        answers[404] = ANSWERS[404]
    if has_body or changes:
        answers[400] = ANSWERS[400]
    if has_body:
        answers[413] = ANSWERS[413]
    if has_body or parameters:
        answers[422] = ANSWERS[422]
    if changes and not allow.public:
        answers[409] = ANSWERS[409]
    return answers


def describe_operation(operation: dict[str, Any], method: str, allow: Allow) -> None:
    operation["security"] = security_of(allow, method)
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status, description in error_answers(operation, method, allow).items():
        answer = responses.setdefault(str(status), {})
        if _said_nothing(answer, status):
            answer["description"] = description
    for code, answer in responses.items():
        status = int(code) if code.isdigit() else 0
        if status < 400:
            continue
        if _said_nothing(answer, status):
            answer["description"] = ANSWERS.get(status, HTTPStatus(status).phrase)
        answer["content"] = {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }
        if status == 429:
            answer["headers"] = RETRY_AFTER
    operation["responses"] = dict(sorted(responses.items()))


def _said_nothing(answer: dict[str, Any], status: int) -> bool:
    """Whether a route left the description to FastAPI (the status's name)."""
    return answer.get("description") in (None, "", "Validation Error", HTTPStatus(status).phrase)
