"""Helpers the browser tests share (imported by name: tests/e2e is on sys.path, not a package)."""

from __future__ import annotations

import os
import signal
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from huey.consumer import Consumer
from playwright.sync_api import Browser, BrowserContext, Page

from balise.bootstrap import Container
from balise.domain.shared.i18n import Language, Message
from balise.i18n import translate

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
HTMX_PACKAGED = ROOT / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
HTMX_SERVED = ROOT / "src" / "balise" / "web" / "static" / "vendor" / "htmx.min.js"
INSTALL_HINT = "run scripts/install-browser.sh"
LANGUAGE_COOKIE = "balise_lang"
CSRF_COOKIE = "balise_csrf"
PASSWORD = "a long enough test password"  # every `world` account's, as in tests/conftest.py
EMAILS = {
    "admin": "admin@balise.test",
    "regulator": "regulator@balise.test",
    "editor": "editor@balise.test",
    "reviewer": "reviewer@balise.test",
    "other-editor": "other-editor@balise.test",
}


def unavailable(reason: str) -> None:
    """In CI a browser test that cannot run is a failure, never a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(f"the browser tests need {reason} in CI ({INSTALL_HINT})")
    pytest.skip(f"browser tests skipped: {reason} is missing ({INSTALL_HINT})")


def text_in(language: str, key: str, **params: Any) -> str:
    """What the app shows for a message in a language, from its own catalogues."""
    return translate(Message(key, params), Language(language))


class ThreadedServer(uvicorn.Server):
    """A uvicorn server that says when it listens; off the main thread it leaves signals alone."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.ready.set()


@dataclass
class LiveServer:
    """The running app: its address, its container and the `world` it was given."""

    url: str
    container: Container
    world: dict[str, Any]
    _consumer: Consumer | None = field(default=None, repr=False)

    def start_jobs(self) -> None:
        """Start the embedded job consumer (threads in this process), as `balise serve` does."""
        if self._consumer is not None:
            return
        signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        handlers = {number: signal.getsignal(number) for number in signals}
        consumer = self.container.job_queue.consumer()
        consumer.start()
        # Huey installs its own signal handlers; Ctrl-C goes back to pytest.
        for number, handler in handlers.items():
            signal.signal(number, handler)
        self._consumer = consumer

    def stop_jobs(self) -> None:
        """Stop the consumer once its running jobs end; queued jobs wait for the next start."""
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
            self._consumer = None


def new_context(
    browser: Browser, server: LiveServer, *, language: str | None = "en", **options: Any
) -> BrowserContext:
    """A fresh browser profile on the app; the language cookie chooses its language."""
    context = browser.new_context(base_url=server.url, locale="en-GB", **options)
    if language is not None:
        context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": server.url}])
    return context


def sign_in_context(context: BrowserContext, email: str, password: str = PASSWORD) -> None:
    """Sign a whole browser profile in by posting the login form (the journeys use the page)."""
    context.request.get("/login")
    csrf = next(cookie["value"] for cookie in context.cookies() if cookie["name"] == CSRF_COOKIE)
    response = context.request.post(
        "/login",
        form={"email": email, "password": password, "csrf_token": csrf, "next": "/"},
        max_redirects=0,
    )
    assert response.status == 303, response.text()


def is_focused(page: Page, selector: str) -> bool:
    focused: bool = page.locator(selector).evaluate("element => element === document.activeElement")
    return focused
