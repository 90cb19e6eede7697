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

from balise.web.app import routes_of
from balise.web.paths import MAX_PATH_ID, PathId

TOO_LARGE = (2**31, 2**63, 2**64, 10**40)


def int_path_params(app: FastAPI) -> list[tuple[str, str, str]]:
    """Every (method, path, parameter) whose path parameter is an integer."""
    found = []
    for route in routes_of(app):
        for param in route.route.dependant.path_params:
            if param.field_info.annotation is int:
                found.extend((method, route.path, param.name) for method in route.methods)
    return sorted(found)


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
        if path.startswith("/api/"):
            response = admin.request(method, url, headers=bearer(token), json={})
            assert_problem(response, 404)
        else:
            response = admin.request(
                method, url, headers={"X-CSRF-Token": csrf_of(admin)}, follow_redirects=False
            )
            assert response.status_code == 404, (method, url, response.status_code)
        checked += 1
    assert checked >= 12
