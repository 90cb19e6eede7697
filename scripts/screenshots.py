"""Screenshots of Balise's main pages, in four languages and on a 320 px screen.

    make screenshots            # or: uv run python scripts/screenshots.py [--out screenshots]

Starts `balise serve --demo` on a fresh SQLite database in a temporary folder and a free port,
opens every page below in Debian's Chromium through Playwright, in French, Dutch, German and
English at 1280 px and in French at 320 px, then the staff pages signed in as the demo reviewer
and regulator. The images go to `--out` (default `screenshots/`, not kept in git), named
`<page>-<language>-<width>.png`, so that anyone can look at the whole product at once.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("BALISE_CHROMIUM", "/usr/bin/chromium")
LANGUAGES = ("fr", "nl", "de", "en")
PASSWORD = "balise-demo-2026"  # the demo's published password (services/demo.py)
PUBLIC = {
    "home": "/",
    "portal": "/systems",
    "classifier": "/aiact",
    "request": "/requests/new",
    "incidents": "/incidents",
    "observatory": "/observatory",
    "panels": "/panels",
    "guides": "/guides",
    "questions": "/faq",
    "about": "/about",
    "privacy": "/privacy",
    "accessibility": "/accessibility",
    "contact": "/contact",
    "api-docs": "/api/docs",
    "sign-in": "/login",
}
STAFF = {
    "reviewer.bosa@demo.balise.be": {"my-work-reviewer": "/my-work", "register": "/register"},
    "regulator@demo.balise.be": {
        "my-work-regulator": "/my-work",
        "monitoring": "/monitoring/regulator",
        "overview": "/regulator",
    },
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def first_system(page: Page, base: str) -> str | None:
    page.goto(f"{base}/systems")
    link = page.locator("main a[href^='/systems/']").first
    href = link.get_attribute("href") if link.count() else None
    return href.split("?")[0] if href else None


def shoot(page: Page, base: str, path: str, out: Path, name: str, language: str) -> None:
    page.context.add_cookies([{"name": "balise_lang", "value": language, "url": base}])
    page.goto(base + path)
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(out / f"{name}-{language}-{width}.png"), full_page=True)
    print(f"  {name} ({language}, {width} px)")


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    arguments = parser.parse_args()
    out: Path = arguments.out
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        environment = {**os.environ, "BALISE_DATA_DIR": data}
        command = [sys.executable, "-m", "balise.cli", "serve", "--demo", "--port", str(port)]
        server = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
        try:
            wait_for(f"{base}/healthz")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                for width, languages in ((1280, LANGUAGES), (320, ("fr",))):
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    page = context.new_page()
                    pages = dict(PUBLIC)
                    if system := first_system(page, base):
                        pages["system"] = system
                    for language in languages:
                        for name, path in pages.items():
                            shoot(page, base, path, out, name, language)
                    context.close()
                for email, pages in STAFF.items():
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    sign_in(page, base, email)
                    for name, path in pages.items():
                        shoot(page, base, path, out, name, "fr")
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"Screenshots in {out}")


if __name__ == "__main__":
    main()
