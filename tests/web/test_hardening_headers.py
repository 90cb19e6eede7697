"""Headers and proxies (issue 16, item 10): no-store for signed-in answers, a new CSRF token at
sign-in, `Allow` on 405, PDF rendering that fetches nothing, X-Forwarded-For only from trusted
proxies."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import (
    EMAILS,
    PASSWORD,
    bearer,
    browser,
    csrf_of,
    post_form,
    rows,
    set_cookie_headers,
    sign_in,
)

import balise
from balise.bootstrap import Container
from balise.cli import serve
from balise.web.app import create_app
from balise.web.pdf import pdf_from_html
from balise.web.proxies import client_behind, trusted_networks
from balise.web.rendering import ENVIRONMENT

# --- Cache-Control ----------------------------------------------------------------------------


def test_signed_in_pages_are_not_stored(app: FastAPI, world: dict[str, Any]) -> None:
    with browser(app) as client:
        assert client.get("/login").headers.get("cache-control") != "no-store"
        signed = sign_in(client, EMAILS["editor"])
        assert signed.headers["cache-control"] == "no-store"
        assert client.get("/account").headers["cache-control"] == "no-store"
        assert client.get("/").headers["cache-control"] == "no-store"


def test_api_answers_to_a_token_and_downloads_are_not_stored(
    app: FastAPI, issue_token: Callable[..., str], browsers: dict[str, TestClient]
) -> None:
    with browser(app) as client:
        response = client.get("/api/v1/me", headers=bearer(issue_token("editor")))
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
    download = browsers["admin"].get("/open-data/systems.csv")
    assert download.headers["cache-control"] == "no-store"


# --- CSRF rotation ----------------------------------------------------------------------------


def test_sign_in_gives_a_new_csrf_token_and_voids_the_old_one(
    app: FastAPI, world: dict[str, Any]
) -> None:
    with browser(app) as client:
        before = csrf_of(client)
        sign_in(client, EMAILS["editor"])
        after = client.cookies["balise_csrf"]
        assert after != before
        stale = client.post("/logout", data={"csrf_token": before}, follow_redirects=False)
        assert stale.status_code == 403
        assert post_form(client, "/logout").status_code == 303


def test_a_csrf_token_planted_before_sign_in_is_replaced(
    app: FastAPI, world: dict[str, Any]
) -> None:
    planted = "planted-by-someone-else"
    with browser(app) as client:
        response = client.post(
            "/login",
            data={"email": EMAILS["editor"], "password": PASSWORD, "csrf_token": planted},
            headers={"Cookie": f"balise_csrf={planted}"},
            follow_redirects=False,
        )
    assert response.status_code == 303
    (cookie,) = set_cookie_headers(response, "balise_csrf")
    assert not cookie.startswith(f"balise_csrf={planted}")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie


# --- 405 ----------------------------------------------------------------------------------------


def test_405_names_the_allowed_methods(app: FastAPI) -> None:
    with browser(app) as client:
        page = client.delete("/login")
        assert page.status_code == 405
        assert page.headers["allow"] == "GET, HEAD, POST"
        api = client.put("/api/v1/systems")
        assert api.status_code == 405
        assert {"GET", "POST"} <= set(api.headers["allow"].split(", "))
        assert "PUT" not in api.headers["allow"]


# --- PDF ----------------------------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every path asked of it."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def test_pdf_rendering_fetches_no_url(listener: tuple[str, list[str]]) -> None:
    base, asked = listener
    html = (
        f'<html><head><link rel="stylesheet" href="{base}/style.css"></head><body>'
        f'<img src="{base}/image.png"><img src="file:///etc/hostname">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">Report</body></html>'
    )
    pdf = pdf_from_html(html)
    assert pdf.startswith(b"%PDF")
    assert asked == []


def test_every_pdf_is_rendered_through_the_safe_renderer() -> None:
    package = Path(balise.__file__).parent
    direct = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "weasyprint" in path.read_text(encoding="utf-8") and path.name != "pdf.py"
    ]
    assert direct == []


# --- Proxies ------------------------------------------------------------------------------------


def recorded_address(container: Container) -> str:
    (row,) = rows(container, "SELECT address FROM login_attempts")
    return str(row.address)


def wrong_password_from(app: FastAPI, peer: str, forwarded_for: str) -> None:
    with TestClient(app, client=(peer, 40000)) as client:
        response = client.post(
            "/login",
            data={"email": EMAILS["editor"], "password": "wrong", "csrf_token": csrf_of(client)},
            headers={"X-Forwarded-For": forwarded_for},
        )
        assert response.status_code == 400


def test_x_forwarded_for_is_ignored_from_loopback_by_default(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    wrong_password_from(app, "127.0.0.1", "203.0.113.7")
    assert recorded_address(container) == "127.0.0.1"


def test_x_forwarded_for_is_believed_from_a_trusted_proxy(
    container: Container, world: dict[str, Any], variant_of: Callable[..., Container]
) -> None:
    app = create_app(variant_of(forwarded_allow_ips="10.0.0.0/8, 127.0.0.1"))
    # The client forged the first hop; the proxy appended the address it saw.
    wrong_password_from(app, "10.1.2.3", "198.51.100.1, 203.0.113.7")
    assert recorded_address(container) == "203.0.113.7"


def test_serve_does_not_let_uvicorn_trust_loopback(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    serve.run_web(container, host="127.0.0.1", port=8000, reload=False)
    assert seen["proxy_headers"] is False


def test_templates_are_read_once_unless_serve_reloads(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A served page does not look at its templates' files again; `--reload` does, in the child
    process uvicorn starts with `app_from_environment`."""
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
    monkeypatch.setenv(serve.RELOAD_TEMPLATES, "0")  # restored to what it was afterwards
    monkeypatch.setattr(ENVIRONMENT, "auto_reload", ENVIRONMENT.auto_reload)
    assert ENVIRONMENT.auto_reload is False
    serve.run_web(container, host="127.0.0.1", port=8000, reload=True)
    monkeypatch.setenv("BALISE_DATABASE_URL", container.settings.resolved_database_url)
    monkeypatch.setenv("BALISE_DATA_DIR", str(container.settings.data_dir))
    serve.app_from_environment()
    assert ENVIRONMENT.auto_reload is True
    monkeypatch.delenv(serve.RELOAD_TEMPLATES)
    serve.app_from_environment()
    assert ENVIRONMENT.auto_reload is False


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "client"),
    [
        ("127.0.0.1", "203.0.113.7", "", "127.0.0.1"),
        ("127.0.0.1", "203.0.113.7", "127.0.0.1", "203.0.113.7"),
        ("192.0.2.9", "203.0.113.7", "127.0.0.1", "192.0.2.9"),
        ("10.0.0.2", "203.0.113.7, 10.0.0.1", "10.0.0.0/8", "203.0.113.7"),
        ("10.0.0.2", "not an address", "10.0.0.0/8", "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.0/8", "10.0.0.2"),
        ("::1", "2001:db8::5", "::1", "2001:db8::5"),
    ],
)
def test_client_behind_proxies(peer: str, forwarded: str, trusted: str, client: str) -> None:
    assert client_behind(peer, forwarded, trusted_networks(trusted)) == client
