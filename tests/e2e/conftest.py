"""Browser tests: the real app served by uvicorn on loopback, driven by Debian's Chromium.

The app runs in a background thread of the test process, on a `container` with `world` loaded
(so the database fixtures choose the backend), with the embedded Huey consumer running so that
job pages progress. The browser is Debian's /usr/bin/chromium, which scripts/install-browser.sh
installs with the npm packages (axe-core, htmx); Playwright's own browser downloads are never
used. Without them the tests are skipped, or fail when the CI variable is set.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from e2e_support import (
    AXE_SCRIPT,
    CHROMIUM,
    CHROMIUM_ARGS,
    HTMX_PACKAGED,
    HTMX_SERVED,
    ROOT,
    LiveServer,
    ThreadedServer,
    new_context,
    unavailable,
)
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from balise.bootstrap import Container
from balise.web.app import create_app

SERVER_START_SECONDS = 30
EXPECT_TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser_assets() -> None:
    """axe-core to inject, and htmx where the app serves it (as the Makefile copies it)."""
    for path in (AXE_SCRIPT, HTMX_PACKAGED):
        if not path.is_file():
            unavailable(str(path.relative_to(ROOT)))
    if not HTMX_SERVED.is_file():
        HTMX_SERVED.parent.mkdir(parents=True, exist_ok=True)
        # Copy, then rename: parallel workers never serve a half-written file.
        partial = HTMX_SERVED.with_name(f".htmx.min.js.{os.getpid()}")
        shutil.copyfile(HTMX_PACKAGED, partial)
        partial.replace(HTMX_SERVED)


@pytest.fixture(scope="session")
def browser(browser_assets: None) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        unavailable(str(CHROMIUM))
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def live_server(
    browser: Browser, container: Container, world: dict[str, Any]
) -> Iterator[LiveServer]:
    """The app on a free loopback port, its job consumer running, until the test ends."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    config = uvicorn.Config(
        create_app(container),
        log_level="warning",
        access_log=False,
        lifespan="off",
        http="h11",
        ws="none",
        timeout_graceful_shutdown=5,
    )
    server = ThreadedServer(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listening]}, name=f"uvicorn-{port}", daemon=True
    )
    thread.start()
    running = LiveServer(url=f"http://127.0.0.1:{port}", container=container, world=world)
    try:
        if not server.ready.wait(SERVER_START_SECONDS):
            pytest.fail("the app did not start listening")
        running.start_jobs()
        yield running
    finally:
        running.stop_jobs()
        server.should_exit = True
        thread.join(SERVER_START_SECONDS)
        listening.close()
    assert not thread.is_alive(), "the app did not stop"


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    """A fresh browser profile in English, with the page's Content-Security-Policy enforced."""
    opened = new_context(browser, live_server)
    yield opened
    opened.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
