"""Hardening (issue 16, item 4): revoking API tokens needs ownership and the right scope, and
tokens are named by random public ids, never by their sequential database ids."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from web_support import assert_problem, bearer, browser, csrf_of, post_form, rows

from balise.bootstrap import Container
from balise.domain.accounts.model import Scope


def public_id_of(container: Container, name: str) -> str:
    found = rows(container, "SELECT public_id FROM api_tokens WHERE name = :n", n=name)
    return str(found[0][0])


def usable(client: TestClient, secret: str) -> bool:
    return client.get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_a_read_only_token_revokes_only_itself(
    browsers: dict[str, TestClient], container: Container, issue_token: Callable[..., str]
) -> None:
    read_only = issue_token("admin", Scope.READ, name="read only")
    admins_other = issue_token("admin", Scope.READ, Scope.SYSTEMS_WRITE, name="admin's other")
    editors = issue_token("editor", Scope.READ, name="editor's")
    with browser(browsers["admin"].app) as program:  # the token alone, no cookie
        for name in ("admin's other", "editor's"):
            response = program.delete(
                f"/api/v1/tokens/{public_id_of(container, name)}", headers=bearer(read_only)
            )
            body = assert_problem(response, 403)
            assert "users:admin" in body["title"]
        assert usable(program, admins_other)
        assert usable(program, editors)
        mine = public_id_of(container, "read only")
        assert (
            program.delete(f"/api/v1/tokens/{mine}", headers=bearer(read_only)).status_code == 204
        )
        assert_problem(program.get("/api/v1/me", headers=bearer(read_only)), 401)


def test_tokens_of_someone_else_are_not_found_even_with_every_scope(
    browsers: dict[str, TestClient], container: Container, issue_token: Callable[..., str]
) -> None:
    issue_token("admin", Scope.READ, name="admin's")
    editor = issue_token("editor", name="editor's, every scope")
    with browser(browsers["admin"].app) as program:
        target = public_id_of(container, "admin's")
        response = program.delete(f"/api/v1/tokens/{target}", headers=bearer(editor))
        assert_problem(response, 404)


def test_the_users_admin_scope_revokes_other_tokens(
    browsers: dict[str, TestClient], container: Container, issue_token: Callable[..., str]
) -> None:
    admin = issue_token("admin", Scope.READ, Scope.USERS_ADMIN, name="account admin")
    editors = issue_token("editor", Scope.READ, name="editor's")
    with browser(browsers["admin"].app) as program:
        target = public_id_of(container, "editor's")
        assert program.delete(f"/api/v1/tokens/{target}", headers=bearer(admin)).status_code == 204
        assert_problem(program.get("/api/v1/me", headers=bearer(editors)), 401)


def test_tokens_are_named_by_random_public_ids(
    browsers: dict[str, TestClient], container: Container, issue_token: Callable[..., str]
) -> None:
    secrets = [issue_token("editor", Scope.READ, name=f"token {n}") for n in range(3)]
    editor = browsers["editor"]
    listed = editor.get("/api/v1/tokens", headers=bearer(secrets[0])).json()["tokens"]
    ids = [token["id"] for token in listed]
    database_ids = {str(row.id) for row in rows(container, "SELECT id FROM api_tokens")}
    assert len(set(ids)) == 3
    for public_id in ids:
        assert isinstance(public_id, str)
        assert len(public_id) >= 16
        assert public_id not in database_ids
    page = editor.get("/account").text
    for public_id in ids:
        assert f"/account/tokens/{public_id}/revoke" in page

    # The sequential id names nothing, in the API and on the page.
    sequential = rows(container, "SELECT id FROM api_tokens WHERE name = 'token 1'")[0].id
    assert_problem(
        editor.delete(f"/api/v1/tokens/{sequential}", headers={"X-CSRF-Token": csrf_of(editor)}),
        404,
    )
    assert post_form(editor, f"/account/tokens/{sequential}/revoke").status_code == 404
    assert usable(editor, secrets[1])
    # The public id works from the browser session.
    public_id = public_id_of(container, "token 1")
    assert post_form(editor, f"/account/tokens/{public_id}/revoke").status_code == 303
    with browser(editor.app) as program:
        assert_problem(program.get("/api/v1/me", headers=bearer(secrets[1])), 401)


def test_revoking_is_audited_under_the_token(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    editor = browsers["editor"]
    editor.post(
        "/account/tokens",
        data={"name": "audited", "scopes": ["read"], "days": "30", "csrf_token": csrf_of(editor)},
    )
    (token,) = rows(container, "SELECT id, public_id FROM api_tokens WHERE name = 'audited'")
    assert post_form(editor, f"/account/tokens/{token.public_id}/revoke").status_code == 303
    events = rows(
        container,
        "SELECT entity_id FROM audit_events WHERE event_type = 'api_token.revoked'",
    )
    assert [str(event.entity_id) for event in events] == [str(token.id)]
