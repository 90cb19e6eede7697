"""Hardening (issue 16, item 8): inputs that used to raise server errors get a clear 4xx.

Integer ids in paths beyond what the database stores, a lone surrogate in JSON, a NUL byte in
the sign-in e-mail, and the generic job page of a register import.
"""

from __future__ import annotations

import re
import typing
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import assert_problem, bearer, csrf_of, sign_in

from balise.bootstrap import Container
from balise.domain.accounts.model import Role
from balise.web.app import routes_of
from balise.web.paths import MAX_PATH_ID, PathId
from import_support import THREE, csv_text

TOO_LARGE = (2**31, 2**63, 2**64, 10**40)


def int_path_params(app: FastAPI) -> list[tuple[str, str, str]]:
    """Every (method, path, parameter) whose path parameter is an integer."""
    found = []
    for route in routes_of(app):
        for param in route.route.dependant.path_params:
            if param.field_info.annotation is int:
                found.extend((method, route.path, param.name) for method in route.methods)
    return sorted(found)


def admits_admin(app: FastAPI, method: str, path: str) -> bool:
    (route,) = [r for r in routes_of(app) if r.path == path and method in r.methods]
    return route.allow is not None and route.allow.admits(Role.ADMIN)


def test_every_integer_id_in_a_path_is_a_path_id(app: FastAPI) -> None:
    """One shared type checks the range; a new route with a bare `int` id fails here."""
    expected = typing.get_args(PathId)[1:]
    bare = [
        f"{method} {path} ({name})"
        for method, path, name in int_path_params(app)
        for route in routes_of(app)
        if route.path == path and method in route.methods
        for param in route.route.dependant.path_params
        if param.name == name
        and name != "offset"  # a byte offset, not an id
        and not all(item in param.field_info.metadata for item in expected)
    ]
    assert not bare, bare
    assert MAX_PATH_ID == 2**31 - 1


def url_of(path: str, name: str, value: int) -> str:
    filled = path.replace("{" + name + "}", str(value))
    return re.sub(r"\{[a-z_]+\}", "x", filled)


@pytest.mark.parametrize("value", TOO_LARGE)
def test_ids_beyond_the_database_range_are_not_found(
    app: FastAPI, browsers: dict[str, TestClient], issue_token: Any, value: int
) -> None:
    admin = browsers["admin"]
    token = issue_token("admin")
    checked = 0
    for method, path, name in int_path_params(app):
        if name == "offset":
            continue
        url = url_of(path, name, value)
        wanted = 404 if admits_admin(app, method, path) else 403  # roles are checked first
        if "/space/" in path and method != "GET":
            # A panel member's form sends anyone else to the members' sign-in first; opening its
            # address (GET, a mere redirect to the form's page) checks the id like any page.
            wanted = 303
        if path.startswith("/api/"):
            response = admin.request(method, url, headers=bearer(token), json={})
            assert_problem(response, wanted)
        else:
            response = admin.request(
                method, url, headers={"X-CSRF-Token": csrf_of(admin)}, follow_redirects=False
            )
            assert response.status_code == wanted, (method, url, response.status_code)
        checked += wanted == 404
    assert checked >= 12


# --- Texts no database can store: lone surrogates and NUL characters ---------------------------

LONE_SURROGATE = b'"text \\ud800 here"'
NUL = b'"text \\u0000 here"'


def system_body(name: bytes, **extra: str) -> bytes:
    """A record body whose Dutch name is given as raw JSON (to keep its escapes as they are)."""
    rest = "".join(f', "{key}": "{value}"' for key, value in extra.items())
    return (
        b'{"default_language": "nl", "fields": {"name": {"nl": '
        + name
        + b', "fr": "Nom"}, "tags": ["a", '
        + name
        + b"]}"
        + rest.encode()
        + b"}"
    )


@pytest.mark.parametrize("text", [LONE_SURROGATE, NUL], ids=["surrogate", "nul"])
def test_texts_no_database_stores_are_refused_in_json_bodies(
    browsers: dict[str, TestClient], issue_token: Any, text: bytes
) -> None:
    client = browsers["anonymous"]
    editor = {**bearer(issue_token("editor")), "Content-Type": "application/json"}
    admin = {**bearer(issue_token("admin")), "Content-Type": "application/json"}
    created = client.post(
        "/api/v1/systems", content=system_body(text, organisation="alpha"), headers=editor
    )
    body = assert_problem(created, 422)
    fields = {error["field"]: error["detail"] for error in body["errors"]}
    assert set(fields) == {"fields.name.nl", "fields.tags.1"}, fields
    assert "character" in fields["fields.name.nl"], fields

    good = client.post(
        "/api/v1/systems",
        content=system_body(b'"Naam"', organisation="alpha", slug="naam"),
        headers=editor,
    )
    assert good.status_code == 201, good.text
    replaced = client.put("/api/v1/systems/naam", content=system_body(text), headers=editor)
    assert_problem(replaced, 422)
    patched = client.patch(
        "/api/v1/organisations/alpha",
        content=b'{"contact": {"phone": ' + text + b"}}",
        headers=admin,
    )
    errors = assert_problem(patched, 422)["errors"]
    assert [error["field"] for error in errors] == ["contact.phone"]
    named = client.patch(
        "/api/v1/organisations/alpha", content=b'{"name": {"nl": ' + text + b"}}", headers=admin
    )
    assert [error["field"] for error in assert_problem(named, 422)["errors"]] == ["name.nl"]
    assert "text" not in client.get("/api/v1/systems/naam?draft=true", headers=editor).text


def test_a_nul_character_in_the_sign_in_address_is_a_bad_request(
    browsers: dict[str, TestClient],
) -> None:
    client = browsers["anonymous"]
    for email in ("admin@balise.test\x00", "\x00", "admin\x00@balise.test"):
        response = client.post(
            "/login",
            data={"email": email, "password": "whatever it is", "csrf_token": csrf_of(client)},
            follow_redirects=False,
        )
        assert response.status_code == 400, (email, response.status_code)
        assert "NUL" in response.text or "character" in response.text
    sign_in(client, "admin@balise.test")


# --- The generic job page shows every kind of job ----------------------------------------------


def import_job(client: TestClient, data: bytes, name: str = "inventory.csv") -> str:
    response = client.post(
        "/register/import",
        data={"organisation": "alpha", "dry_run": "1", "csrf_token": csrf_of(client)},
        files={"file": (name, data)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"].rsplit("/", 1)[1])


@pytest.mark.parametrize("outcome", ["queued", "succeeded", "failed"])
def test_the_job_page_of_a_register_import_renders(
    browsers: dict[str, TestClient], container: Container, outcome: str
) -> None:
    editor = browsers["editor"]
    good = csv_text(THREE).encode()
    bad = b"source_id,name_nl\n,no identifier\n"
    job = import_job(editor, bad if outcome == "failed" else good)
    if outcome != "queued":
        container.run_job(job)
    for path in (f"/jobs/{job}", f"/jobs/{job}/progress"):
        page = editor.get(path)
        assert page.status_code == 200, (path, page.text[-500:])
        assert 'id="job-progress"' in page.text
        if outcome == "queued":  # refreshes itself until the job has finished
            assert f'hx-get="/register/import/jobs/{job}/progress"' in page.text
    page = editor.get(f"/jobs/{job}").text
    assert "Importing AI systems" in page
    if outcome == "succeeded":
        assert "Dry run: nothing was saved." in page
        assert "INV-002" in page
    if outcome == "failed":
        assert "source_id" in page
