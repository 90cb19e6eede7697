"""Middleware: language choice, the CSRF cookie, security headers and request size limits.

Every answer to a signed-in request (a session cookie or an API token) is `Cache-Control:
no-store`, pages and downloads alike.

Requests may be as large as BALISE_MAX_REQUEST_BYTES, except on the routes that declare that they
take files (`dependencies=[UPLOAD]`, see `web/uploads.py`): those may reach BALISE_MAX_UPLOAD_BYTES.
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie

from babel import Locale, negotiate_locale
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from balise.domain.shared.i18n import LANGUAGES, N_, Language
from balise.domain.shared.i18n import Message as Text
from balise.i18n import current_language, translate
from balise.web.access import CSRF_COOKIE, SESSION_COOKIE
from balise.web.ratelimit import RateLimits
from balise.web.rendering import language_of, problem, render
from balise.web.uploads import upload_routes

LANGUAGE_COOKIE = "balise_lang"


def choose_language(cookie: str | None, accept_language: str, default: Language) -> Language:
    """The remembered choice, else the browser's preference, else the default."""
    if cookie in {language.value for language in LANGUAGES}:
        return Language(cookie)
    preferred = []
    for part in accept_language.split(","):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        if tag:
            preferred.append((weight, tag.strip().replace("-", "_")))
    ordered = [tag for _, tag in sorted(preferred, key=lambda item: -item[0])]
    found = negotiate_locale(ordered, [language.value for language in LANGUAGES], sep="_")
    if found is None:
        found = next(
            (
                Locale.parse(tag).language
                for tag in ordered
                if _parses(tag) and Locale.parse(tag).language in {"fr", "nl", "de", "en"}
            ),
            None,
        )
    return Language(found) if found else default


def _parses(tag: str) -> bool:
    try:
        Locale.parse(tag)
    except ValueError:
        return False
    return True


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


class BaliseMiddleware:
    """One pass over every HTTP request, before routing."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        default_language: Language,
        secure_cookies: bool,
        max_request_bytes: int,
        max_upload_bytes: int,
        rate_limits: RateLimits,
    ) -> None:
        self.app = app
        self.rate_limits = rate_limits
        self.default_language = default_language
        self.secure_cookies = secure_cookies
        self.max_request_bytes = max_request_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        language = choose_language(
            connection.cookies.get(LANGUAGE_COOKIE),
            connection.headers.get("accept-language", ""),
            self.default_language,
        )
        scope.setdefault("state", {})["language"] = language
        authenticated = (
            SESSION_COOKIE in connection.cookies or "authorization" in connection.headers
        )
        csrf = connection.cookies.get(CSRF_COOKIE)
        new_csrf = None if csrf else secrets.token_urlsafe(32)
        if new_csrf:
            # The token the page embeds must be the one the browser will send back.
            scope["headers"] = [
                *scope["headers"],
                (b"cookie", f"{CSRF_COOKIE}={new_csrf}".encode()),
            ]
        limit = (
            self.max_upload_bytes
            if upload_routes(scope["app"]).match(scope["method"], scope["path"])
            else self.max_request_bytes
        )
        declared = connection.headers.get("content-length")
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise RequestTooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                add_security_headers(headers, language, authenticated=authenticated)
                if new_csrf:
                    cookie = SimpleCookie()
                    cookie[CSRF_COOKIE] = new_csrf
                    cookie[CSRF_COOKIE]["path"] = "/"
                    cookie[CSRF_COOKIE]["httponly"] = True
                    cookie[CSRF_COOKIE]["samesite"] = "Strict"
                    if self.secure_cookies:
                        cookie[CSRF_COOKIE]["secure"] = True
                    headers.append("Set-Cookie", cookie.output(header="").strip())
            await send(message)

        token = current_language.set(language)
        try:
            verdict = await self.rate_limits.check(connection)
            if not verdict.allowed:
                await too_many(scope, verdict.retry_after)(scope, receive, send_with_headers)
                return
            if declared and declared.isdigit() and int(declared) > limit:
                await too_large(scope)(scope, receive, send_with_headers)
                return
            await self.app(scope, limited_receive, send_with_headers)
        except RequestTooLarge:
            await too_large(scope)(scope, receive, send_with_headers)
        finally:
            current_language.reset(token)


def add_security_headers(
    headers: MutableHeaders, language: Language, *, authenticated: bool
) -> None:
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Content-Language", language.value)
    if authenticated or _opens_session(headers):
        # Pages and downloads of a signed-in person stay out of shared and browser caches (a
        # proxy, the back button after signing out on a shared computer).
        headers["Cache-Control"] = "no-store"


def _opens_session(headers: MutableHeaders) -> bool:
    return any(cookie.startswith(f"{SESSION_COOKIE}=") for cookie in headers.getlist("set-cookie"))


class RequestTooLarge(HTTPException):
    """A body that grows past the limit while read; an HTTPException so that FastAPI, reading a
    JSON body, lets it through instead of turning it into a 400, and the app's handler answers."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


def refusal(
    scope: Scope, status: int, title: Text, headers: dict[str, str] | None = None
) -> Response:
    """An answer given before the app runs: a problem document on the API, else a page."""
    request = Request(scope)
    if request.url.path.startswith("/api/") or request.url.path.endswith(".json"):
        return problem(request, status=status, title=title, headers=headers)
    response = render(
        request,
        "errors/error.html",
        {"status": status, "message": translate(title, language_of(request))},
        status_code=status,
    )
    response.headers.update(headers or {})
    return response


def too_large(scope: Scope) -> Response:
    return refusal(scope, 413, Text(N_("The request is too large.")))


def too_many(scope: Scope, retry_after: int) -> Response:
    return refusal(
        scope,
        429,
        Text(N_("Too many requests. Wait a moment and try again.")),
        {"Retry-After": str(retry_after)},
    )
