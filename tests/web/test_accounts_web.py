"""Accounts on the web: signing in and out, throttling, cookies, CSRF, API tokens, users."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape
from web_support import (
    EMAILS,
    PASSWORD,
    assert_problem,
    bearer,
    browser,
    count,
    csrf_of,
    post_form,
    rows,
    set_cookie_headers,
    sign_in,
)

from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Scope
from balise.domain.shared.clock import FixedClock
from balise.domain.shared.i18n import Language, Message
from balise.i18n import translate
from balise.services import accounts
from balise.web.app import create_app

WRONG = Message("The e-mail address or the password is wrong.")


def throttled(seconds: int) -> Message:
    return Message(
        "Too many failed sign-ins. Wait %(seconds)s seconds and try again.", {"seconds": seconds}
    )


def field_error(response: httpx.Response, field: str) -> str | None:
    found = re.search(rf'id="error-{re.escape(field)}">(.*?)</p>', response.text, re.S)
    return found.group(1).strip() if found else None


def in_page(message: Message, language: Language = Language.EN) -> str:
    """A message as a page shows it: translated, then HTML-escaped."""
    return str(escape(translate(message, language)))


def attempt(client: TestClient, email: str, password: str) -> httpx.Response:
    return post_form(client, "/login", {"email": email, "password": password})


def session_count(container: Container, user_id: int) -> int:
    return len(rows(container, "SELECT token_hash FROM sessions WHERE user_id = :id", id=user_id))


# Signing in and out


def test_sign_in_opens_a_session_and_follows_next(
    app: FastAPI, world: dict[str, Any], container: Container
) -> None:
    with browser(app) as client:
        assert client.get("/account", follow_redirects=False).headers["location"] == (
            "/login?next=/account"
        )
        response = post_form(
            client,
            "/login",
            {"email": "  Editor@Balise.TEST ", "password": PASSWORD, "next": "/account"},
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/account"
        page = client.get("/account")
        assert page.status_code == 200
        assert "editor@balise.test" in page.text
        assert session_count(container, world["users"]["editor"].id) == 1
        me = client.get("/api/v1/me").json()
        assert me["email"] == "editor@balise.test"
        assert me["organisation"] == "alpha"
        assert me["scopes"] is None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_sign_in_never_redirects_off_site(app: FastAPI, world: dict[str, Any], target: str) -> None:
    with browser(app) as client:
        response = post_form(
            client, "/login", {"email": EMAILS["admin"], "password": PASSWORD, "next": target}
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/"


@pytest.mark.parametrize("language", [Language.EN, Language.FR, Language.NL])
def test_wrong_password_is_refused_with_a_translated_error_on_the_field(
    app: FastAPI, world: dict[str, Any], container: Container, language: Language
) -> None:
    with browser(app, language=language.value) as client:
        for email, password in (
            (EMAILS["editor"], "not the password at all"),
            ("nobody@balise.test", PASSWORD),
        ):
            response = attempt(client, email, password)
            assert response.status_code == 400
            assert field_error(response, "password") == in_page(WRONG, language)
            assert 'href="#field-password"' in response.text  # the error summary links to it
            assert f'lang="{language.value}"' in response.text
            assert "balise_session" not in response.headers.get("set-cookie", "")
        assert client.get("/account", follow_redirects=False).status_code == 303
    assert count(container, "sessions") == 0
    failures = rows(container, "SELECT email, succeeded FROM login_attempts ORDER BY id")
    assert [tuple(row) for row in failures] == [
        ("editor@balise.test", False),
        ("nobody@balise.test", False),
    ]


def test_deactivated_account_cannot_sign_in(
    app: FastAPI, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    admin = browsers["admin"]
    user_id = world["users"]["reviewer"].id
    assert post_form(admin, f"/admin/users/{user_id}/active", {"active": "0"}).status_code == 303
    with browser(app) as client:
        assert attempt(client, EMAILS["reviewer"], PASSWORD).status_code == 400
    assert post_form(admin, f"/admin/users/{user_id}/active", {"active": "1"}).status_code == 303
    with browser(app) as client:
        sign_in(client, EMAILS["reviewer"])


def test_five_failures_make_the_account_wait_even_for_the_right_password(
    world: dict[str, Any], container: Container, variant_of: Callable[..., Container]
) -> None:
    now = datetime.now(UTC)
    frozen = create_app(variant_of(clock=FixedClock(now)))
    with browser(frozen) as client:
        for _ in range(5):
            assert attempt(client, EMAILS["editor"], "wrong password, again").status_code == 400
        refused = attempt(client, EMAILS["editor"], PASSWORD)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "1"
        assert field_error(refused, "password") == in_page(throttled(1))
        assert "balise_session" not in refused.headers.get("set-cookie", "")
        # The delay is per account: another account signs in from the same address.
        sign_in(client, EMAILS["reviewer"])
    with browser(frozen, language="fr") as client:
        refused = attempt(client, "EDITOR@balise.test", PASSWORD)
        assert refused.status_code == 429
        assert field_error(refused, "password") == in_page(throttled(1), Language.FR)
    assert session_count(container, world["users"]["editor"].id) == 0

    # No lock: a second later, the right password works again.
    later = variant_of(clock=FixedClock(now + timedelta(seconds=1)))
    with browser(create_app(later)) as client:
        sign_in(client, EMAILS["editor"])


def test_twenty_failures_from_one_address_make_it_wait_for_every_account(
    world: dict[str, Any], variant_of: Callable[..., Container]
) -> None:
    accounts = ["admin", "regulator", "editor", "reviewer", "other-editor"]
    frozen = create_app(variant_of(clock=FixedClock(datetime.now(UTC))))
    with browser(frozen) as client:
        for role in accounts:
            for _ in range(4):  # under the per-account allowance of five
                assert attempt(client, EMAILS[role], "wrong password, again").status_code == 400
        for role in accounts:
            refused = attempt(client, EMAILS[role], PASSWORD)
            assert refused.status_code == 429, role
            assert field_error(refused, "password") == in_page(throttled(1))


def test_sign_out_ends_the_session_on_the_server(
    app: FastAPI, world: dict[str, Any], container: Container
) -> None:
    with browser(app) as client:
        sign_in(client, EMAILS["regulator"])
        stolen = str(client.cookies["balise_session"])
        assert client.get("/audit-log").status_code == 200
        out = post_form(client, "/logout")
        assert out.status_code == 303
        assert out.headers["location"] == "/"
        assert any(
            "Max-Age=0" in header or "expires=" in header.lower()
            for header in set_cookie_headers(out, "balise_session")
        )
        assert session_count(container, world["users"]["regulator"].id) == 0
    with browser(app) as replay:
        replay.cookies.set("balise_session", stolen)
        response = replay.get("/audit-log", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/audit-log"
        assert_problem(replay.get("/api/v1/me"), 401)


def test_session_cookie_flags_over_http(app: FastAPI, world: dict[str, Any]) -> None:
    with browser(app) as client:
        first = client.get("/login")
        (csrf,) = set_cookie_headers(first, "balise_csrf")
        assert "HttpOnly" in csrf
        assert "SameSite=Strict" in csrf
        assert "Secure" not in csrf
        (session,) = set_cookie_headers(sign_in(client, EMAILS["admin"]), "balise_session")
        assert "HttpOnly" in session
        assert "samesite=lax" in session.lower()
        assert "Path=/" in session
        assert "Secure" not in session


def test_cookies_are_secure_when_the_site_is_https(
    world: dict[str, Any], variant_of: Callable[..., Container]
) -> None:
    secure = variant_of(base_url="https://balise.example")
    with browser(create_app(secure), base_url="https://testserver") as client:
        (csrf,) = set_cookie_headers(client.get("/login"), "balise_csrf")
        assert "Secure" in csrf
        (session,) = set_cookie_headers(sign_in(client, EMAILS["admin"]), "balise_session")
        assert "Secure" in session
        assert "HttpOnly" in session
        assert "samesite=lax" in session.lower()
        language = post_form(client, "/language", {"language": "de", "next": "/"})
        (cookie,) = set_cookie_headers(language, "balise_lang")
        assert "Secure" in cookie
        assert client.get("/account").status_code == 200


# Cross-site request forgery


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(
    browsers: dict[str, TestClient], container: Container, token: str | None
) -> None:
    admin = browsers["admin"]
    data = {
        "slug": "gamma",
        "name_fr": "Gamma",
        "kind": "company",
        "size_class": "small",
        "sector": "other",
    }
    if token is not None:
        data["csrf_token"] = token
    before = (count(container, "organisations"), count(container, "audit_events"))
    response = admin.post("/organisations/new", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "text/html" in response.headers["content-type"]
    assert (count(container, "organisations"), count(container, "audit_events")) == before
    # The same form with the token goes through.
    assert post_form(admin, "/organisations/new", data).status_code == 303
    assert count(container, "organisations") == before[0] + 1


def test_csrf_is_required_for_sign_in_out_and_api_calls_with_a_session(
    app: FastAPI, browsers: dict[str, TestClient], container: Container
) -> None:
    with browser(app) as client:
        csrf_of(client)
        refused = client.post(
            "/login", data={"email": EMAILS["admin"], "password": PASSWORD}, follow_redirects=False
        )
        assert refused.status_code == 403
        assert "balise_session" not in client.cookies
    editor = browsers["editor"]
    assert editor.post("/logout", follow_redirects=False).status_code == 403
    assert editor.get("/account").status_code == 200  # still signed in
    patched = editor.patch("/api/v1/organisations/alpha", json={"sector": "health"})
    assert_problem(patched, 403)
    wrong = editor.patch(
        "/api/v1/organisations/alpha", json={"sector": "health"}, headers={"X-CSRF-Token": "forged"}
    )
    assert_problem(wrong, 403)
    assert (
        rows(container, "SELECT sector FROM organisations WHERE slug = 'alpha'")[0].sector
        == "public_administration"
    )
    good = editor.patch(
        "/api/v1/organisations/alpha",
        json={"sector": "health"},
        headers={"X-CSRF-Token": csrf_of(editor)},
    )
    assert good.status_code == 200


def test_a_bearer_header_does_not_switch_off_csrf_on_pages(
    browsers: dict[str, TestClient], container: Container
) -> None:
    """Pages ignore bearer tokens and use the session cookie, so they must still check CSRF."""
    admin = browsers["admin"]
    before = count(container, "organisations")
    response = admin.post(
        "/organisations/new",
        data={
            "slug": "gamma",
            "name_fr": "Gamma",
            "kind": "company",
            "size_class": "small",
            "sector": "other",
        },
        headers={"Authorization": "Bearer anything"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert count(container, "organisations") == before


# API tokens


def issue_in_browser(
    client: TestClient, name: str, *scopes: str, days: str = "30"
) -> tuple[httpx.Response, str]:
    response = client.post(
        "/account/tokens",
        data={"name": name, "scopes": list(scopes), "days": days, "csrf_token": csrf_of(client)},
    )
    assert response.status_code == 200, response.text
    found = re.search(r'<p class="secret">(bal_[A-Za-z0-9_-]+)</p>', response.text)
    assert found, "the new secret is shown"
    return response, found.group(1)


def test_a_token_secret_is_shown_once_and_only_its_hash_is_stored(
    browsers: dict[str, TestClient], container: Container
) -> None:
    admin = browsers["admin"]
    _, secret = issue_in_browser(admin, "inventory sync", "read")
    _, prefix, raw = secret.split("_", 2)
    assert secret not in admin.get("/account").text
    assert prefix in admin.get("/account").text  # the prefix identifies it
    (row,) = rows(container, "SELECT * FROM api_tokens WHERE prefix = :p", p=prefix)
    assert row.secret_hash == hashlib.sha256(raw.encode()).hexdigest()
    for value in row:
        assert raw not in str(value)
    for event in rows(container, "SELECT before, after FROM audit_events"):
        assert raw not in f"{event.before} {event.after}"

    me = admin.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200
    assert me.json()["scopes"] == ["read"]
    listed = admin.get("/api/v1/tokens", headers=bearer(secret)).json()["tokens"]
    assert [(t["name"], t["prefix"], t["scopes"]) for t in listed] == [
        ("inventory sync", prefix, ["read"])
    ]
    assert listed[0]["last_used_at"] is not None
    assert raw not in str(listed)


def test_token_form_errors_name_the_field(browsers: dict[str, TestClient]) -> None:
    editor = browsers["editor"]
    for data, field in (
        ({"name": "", "scopes": "read", "days": "30"}, "name"),
        ({"name": "x", "scopes": "read", "days": "0"}, "days"),
        ({"name": "x", "scopes": "read", "days": "soon"}, "days"),
        ({"name": "x", "days": "30"}, "scopes"),
        ({"name": "x", "scopes": "users:admin", "days": "30"}, "scopes"),
    ):
        response = editor.post("/account/tokens", data={**data, "csrf_token": csrf_of(editor)})
        assert response.status_code == 422, data
        assert f'href="#field-{field}"' in response.text, data
        assert 'class="secret"' not in response.text


def test_scopes_are_enforced(browsers: dict[str, TestClient]) -> None:
    admin = browsers["admin"]
    _, read_only = issue_in_browser(admin, "read only", "read")
    _, writer = issue_in_browser(admin, "writer", "read", "organisations:write")
    change = {"contact": {"phone": "+32 2 111 11 11"}}
    with browser(admin.app) as program:  # no cookies: the token alone
        refused = program.patch(
            "/api/v1/organisations/alpha", json=change, headers=bearer(read_only)
        )
        body = assert_problem(refused, 403)
        assert "organisations:write" in body["title"]
        done = program.patch("/api/v1/organisations/alpha", json=change, headers=bearer(writer))
        assert done.status_code == 200, done.text
        assert done.json()["contact"]["phone"] == "+32 2 111 11 11"
        # Tokens cannot mint tokens, nor act on pages.
        assert (
            program.get("/account", headers=bearer(writer), follow_redirects=False).status_code
            == 303
        )


def test_expired_revoked_and_orphaned_tokens_are_refused(
    browsers: dict[str, TestClient],
    world: dict[str, Any],
    container: Container,
    issue_token: Callable[..., str],
    variant_of: Callable[..., Container],
) -> None:
    editor, admin = browsers["editor"], browsers["admin"]
    _, short = issue_in_browser(editor, "short-lived", "read", days="1")
    with browser(editor.app) as program:
        assert program.get("/api/v1/me", headers=bearer(short)).status_code == 200
    tomorrow = variant_of(clock=FixedClock(datetime.now(UTC) + timedelta(days=1, minutes=1)))
    with browser(create_app(tomorrow)) as program:
        body = assert_problem(program.get("/api/v1/me", headers=bearer(short)), 401)
        assert body["instance"] == "/api/v1/me"
        # Even public routes refuse a token that is not valid, rather than ignore it.
        assert_problem(program.get("/api/v1/organisations", headers=bearer(short)), 401)

    _, revoked = issue_in_browser(editor, "revoked", "read")
    token_id = rows(container, "SELECT public_id FROM api_tokens WHERE name = 'revoked'")[0][0]
    assert post_form(editor, f"/account/tokens/{token_id}/revoke").status_code == 303
    with browser(editor.app) as program:
        assert_problem(program.get("/api/v1/me", headers=bearer(revoked)), 401)
        assert_problem(program.get("/api/v1/me", headers=bearer(revoked + "x")), 401)
        assert_problem(program.get("/api/v1/me", headers=bearer("bal_nonsense")), 401)

    _, by_api = issue_in_browser(editor, "by api", "read")
    api_id = rows(container, "SELECT public_id FROM api_tokens WHERE name = 'by api'")[0][0]
    with browser(editor.app) as program:
        assert program.delete(f"/api/v1/tokens/{api_id}", headers=bearer(by_api)).status_code == 204
        assert_problem(program.get("/api/v1/me", headers=bearer(by_api)), 401)

    orphan = issue_token("reviewer")
    reviewer_id = world["users"]["reviewer"].id
    with browser(editor.app) as program:
        assert program.get("/api/v1/me", headers=bearer(orphan)).status_code == 200
        assert (
            post_form(admin, f"/admin/users/{reviewer_id}/active", {"active": "0"}).status_code
            == 303
        )
        assert_problem(program.get("/api/v1/me", headers=bearer(orphan)), 401)


def test_deactivating_a_user_ends_their_sessions(
    browsers: dict[str, TestClient], world: dict[str, Any], container: Container
) -> None:
    admin, editor = browsers["admin"], browsers["editor"]
    editor_id = world["users"]["editor"].id
    assert editor.get("/account").status_code == 200
    assert session_count(container, editor_id) == 1
    response = post_form(admin, f"/admin/users/{editor_id}/active", {"active": "0"})
    assert response.status_code == 303
    assert session_count(container, editor_id) == 0
    assert editor.get("/account", follow_redirects=False).status_code == 303
    assert rows(
        container, "SELECT event_type, entity_id FROM audit_events ORDER BY seq DESC LIMIT 1"
    )[0] == ("user.deactivated", str(editor_id))
    # An administrator cannot lock themselves out.
    own = post_form(admin, f"/admin/users/{world['users']['admin'].id}/active", {"active": "0"})
    assert own.status_code == 403
    assert admin.get("/admin/users").status_code == 200


# Passwords and user administration


def test_change_password(
    app: FastAPI, browsers: dict[str, TestClient], container: Container
) -> None:
    editor = browsers["editor"]
    wrong = post_form(
        editor,
        "/account/password",
        {"current_password": "not it at all", "new_password": "a new long secret"},
    )
    assert wrong.status_code == 422
    assert field_error(wrong, "current_password") == in_page(
        Message("The current password is wrong.")
    )
    short = post_form(
        editor, "/account/password", {"current_password": PASSWORD, "new_password": "short"}
    )
    assert short.status_code == 422
    assert field_error(short, "new_password") == in_page(
        Message("A password has at least %(count)s characters.", {"count": 12})
    )
    assert 'href="#field-new_password"' in short.text

    events = count(container, "audit_events")
    done = post_form(
        editor,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "a new long secret"},
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/account?password=1"
    assert count(container, "audit_events") == events + 1
    with browser(app) as client:
        assert attempt(client, EMAILS["editor"], PASSWORD).status_code == 400
        sign_in(client, EMAILS["editor"], "a new long secret")


@pytest.mark.parametrize(
    ("form", "fields"),
    [
        (
            {"email": "not-an-email", "display_name": "", "role": "editor"},
            {"email", "display_name", "organisation_id"},
        ),
        ({"email": "x@balise.test", "display_name": "X", "role": "emperor"}, {"role"}),
        (
            {"email": "regulator@balise.test", "display_name": "Again", "role": "regulator"},
            {"email"},
        ),
        (
            {
                "email": "weak@balise.test",
                "display_name": "Weak",
                "role": "regulator",
                "password": "short",
            },
            {"password"},
        ),
        (
            {
                "email": "r@balise.test",
                "display_name": "R",
                "role": "regulator",
                "organisation_id": "ORG",
            },
            {"organisation_id"},
        ),
    ],
)
@pytest.mark.parametrize("language", [Language.EN, Language.FR])
def test_admin_creating_a_user_with_bad_input_gets_field_errors_and_nothing_is_written(
    browsers: dict[str, TestClient],
    container: Container,
    world: dict[str, Any],
    form: dict[str, str],
    fields: set[str],
    language: Language,
) -> None:
    admin = browsers["admin"]
    admin.headers["Accept-Language"] = language.value
    if form.get("organisation_id") == "ORG":
        form = {**form, "organisation_id": str(world["organisations"]["alpha"].id)}
    before = (count(container, "users"), count(container, "audit_events"))
    response = post_form(admin, "/admin/users", form)
    assert response.status_code == 422
    shown = {
        field
        for field in ("email", "display_name", "role", "organisation_id", "password")
        if field_error(response, field)
    }
    assert shown == fields
    for field in fields:
        assert f'href="#field-{field}"' in response.text
    assert f'<html lang="{language.value}">' in response.text
    if "email" in fields and form["email"] == "not-an-email":
        assert field_error(response, "email") == in_page(
            Message("This is not an e-mail address."), language
        )
    if form["email"] != "not-an-email":
        assert f'value="{form["email"]}"' in response.text  # what was typed is kept
    assert (count(container, "users"), count(container, "audit_events")) == before


def test_admin_creates_a_user_who_can_sign_in(
    app: FastAPI, browsers: dict[str, TestClient], world: dict[str, Any], container: Container
) -> None:
    admin = browsers["admin"]
    response = post_form(
        admin,
        "/admin/users",
        {
            "email": "New.Editor@balise.test",
            "display_name": "New editor",
            "role": "editor",
            "organisation_id": str(world["organisations"]["beta"].id),
            "password": PASSWORD,
            "language": "nl",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/users?created=1"
    (row,) = rows(
        container,
        "SELECT email, role, language, password_hash FROM users "
        "WHERE email = 'new.editor@balise.test'",
    )
    assert (row.email, row.role, row.language) == ("new.editor@balise.test", "editor", "nl")
    assert PASSWORD not in row.password_hash
    with browser(app) as client:
        signed = sign_in(client, "new.editor@balise.test")
        assert set_cookie_headers(signed, "balise_lang")[0].startswith("balise_lang=nl")
        assert client.get("/api/v1/me").json()["organisation"] == "beta"


def test_tokens_cannot_be_used_by_someone_else(
    browsers: dict[str, TestClient], container: Container
) -> None:
    _, secret = issue_in_browser(browsers["admin"], "admin's", "read")
    token_id = rows(container, "SELECT public_id FROM api_tokens WHERE name = 'admin''s'")[0][0]
    other = browsers["editor"]
    assert post_form(other, f"/account/tokens/{token_id}/revoke").status_code == 404
    assert_problem(
        other.delete(f"/api/v1/tokens/{token_id}", headers={"X-CSRF-Token": csrf_of(other)}), 404
    )
    with browser(other.app) as program:
        assert program.get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_scope_choices_follow_the_role(browsers: dict[str, TestClient]) -> None:
    assert 'value="users:admin"' in browsers["admin"].get("/account").text
    assert 'value="users:admin"' not in browsers["editor"].get("/account").text
    assert Scope.USERS_ADMIN.value == "users:admin"


def test_changing_the_password_ends_the_other_sessions(
    world: dict[str, Any], container: Container
) -> None:
    app = create_app(container)
    with TestClient(app) as laptop, TestClient(app) as phone:
        for device in (laptop, phone):
            device.headers["Accept-Language"] = "en"
            sign_in(device, "editor@balise.test")
        changed = laptop.post(
            "/account/password",
            data={
                "current_password": PASSWORD,
                "new_password": "another long enough password",
                "csrf_token": csrf_of(laptop),
            },
            follow_redirects=False,
        )

        assert changed.status_code == 303
        assert laptop.get("/account", follow_redirects=False).status_code == 200
        assert phone.get("/account", follow_redirects=False).status_code == 303


def test_a_token_without_the_read_scope_reads_only_public_data(
    world: dict[str, Any], container: Container
) -> None:
    with container.uow() as uow:
        editor = uow.users.find_by_email("editor@balise.test")
        _, secret = accounts.issue_api_token(
            uow,
            actor=Actor(user=editor),
            name="writer",
            days=30,
            scopes=frozenset({Scope.ORGANISATIONS_WRITE}),
        )
        uow.commit()
    with TestClient(create_app(container)) as api:
        assert_problem(api.get("/api/v1/me", headers=bearer(secret)), 403)
        assert api.get("/api/v1/organisations", headers=bearer(secret)).status_code == 200
        changed = api.patch(
            "/api/v1/organisations/alpha",
            headers=bearer(secret),
            json={"contact": {"phone": "+32 2 123 45 67"}},
        )
        assert changed.status_code == 200


def test_the_user_form_reports_every_wrong_field_at_once(
    world: dict[str, Any], container: Container
) -> None:
    with TestClient(create_app(container)) as admin:
        admin.headers["Accept-Language"] = "en"
        sign_in(admin, "admin@balise.test")
        page = admin.post(
            "/admin/users",
            data={
                "email": "not an address",
                "display_name": "",
                "role": "emperor",
                "csrf_token": csrf_of(admin),
            },
        )

    assert page.status_code == 422
    for field in ("email", "display_name", "role"):
        assert f'id="error-{field}"' in page.text


def test_the_api_asks_a_csrf_token_only_of_cookie_sessions(
    world: dict[str, Any], container: Container
) -> None:
    body = {
        "slug": "gamma",
        "name": {"fr": "Gamma"},
        "kind": "company",
        "size_class": "small",
        "sector": "other",
    }
    with TestClient(create_app(container)) as anonymous:
        assert_problem(anonymous.post("/api/v1/organisations", json=body), 401)
    with TestClient(create_app(container)) as session:
        sign_in(session, "admin@balise.test")
        assert_problem(session.post("/api/v1/organisations", json=body), 403)
        created = session.post(
            "/api/v1/organisations", json=body, headers={"X-CSRF-Token": csrf_of(session)}
        )
        assert created.status_code == 201
