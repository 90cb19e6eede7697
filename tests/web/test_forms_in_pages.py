"""Forms work as a browser submits them: with the CSRF token the page itself carries."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from web_support import PASSWORD

TOKEN = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]+)">')


def tokens_on(page: str) -> list[str]:
    return TOKEN.findall(page)


def test_every_form_on_a_page_carries_the_csrf_token(
    world: dict[str, Any], client: TestClient
) -> None:
    login = client.get("/login").text
    forms = login.count("<form")

    assert forms >= 2
    assert len(tokens_on(login)) == forms
    assert set(tokens_on(login)) == {client.cookies["balise_csrf"]}


def test_signing_in_with_the_token_from_the_page(world: dict[str, Any], client: TestClient) -> None:
    token = tokens_on(client.get("/login").text)[0]

    signed_in = client.post(
        "/login",
        data={"email": "admin@balise.test", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )

    assert signed_in.status_code == 303
    account = client.get("/account").text
    assert len(tokens_on(account)) == account.count("<form")
