"""The web application: HTML pages and the JSON API on one FastAPI app."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from balise import __version__
from balise.bootstrap import Container
from balise.domain.shared.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    Throttled,
    ValidationError,
)
from balise.domain.shared.i18n import N_, Language, Message
from balise.i18n import translate
from balise.web.access import Allow, CsrfRejected, NotAuthenticated
from balise.web.api import router as api_router
from balise.web.middleware import BaliseMiddleware
from balise.web.openapi import install_openapi
from balise.web.page_cache import PageCache
from balise.web.pages import router as html_router
from balise.web.panels.membership import MemberSignInRequired, sign_in_path
from balise.web.proxies import TrustedProxies
from balise.web.ratelimit import RateLimits
from balise.web.rendering import language_of, problem, render

STATIC = Path(__file__).parent / "static"

STATUS_TITLES = {
    400: Message(N_("The request is not valid.")),
    401: Message(N_("Sign in to continue.")),
    403: Message(N_("You are not allowed to do this.")),
    404: Message(N_("This page does not exist.")),
    405: Message(N_("This method is not allowed here.")),
    409: Message(N_("This conflicts with the current state.")),
    413: Message(N_("The request is too large.")),
    422: Message(N_("Some fields are not valid.")),
    429: Message(N_("Too many attempts. Try again later.")),
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


def error_page(request: Request, status: int, message: Message) -> Response:
    if is_api(request):
        return problem(request, status=status, title=message)
    return render(
        request,
        "errors/error.html",
        {"status": status, "message": translate(message, language_of(request))},
        status_code=status,
    )


def add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, error: NotAuthenticated) -> Response:
        if is_api(request):
            return problem(
                request,
                status=401,
                title=error.message,
                headers={"WWW-Authenticate": 'Bearer realm="balise"'},
            )
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(MemberSignInRequired)
    async def member_sign_in(request: Request, error: MemberSignInRequired) -> Response:
        """A members' space page without a member signed in to that panel (panels' members)."""
        if is_api(request):
            return problem(request, status=401, title=error.message)
        return RedirectResponse(sign_in_path(error.slug, request.url.path), status_code=303)

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, error: CsrfRejected) -> Response:
        return error_page(request, 403, error.message)

    @app.exception_handler(PermissionDenied)
    async def denied(request: Request, error: PermissionDenied) -> Response:
        return error_page(request, 403, error.message)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return error_page(request, 404, error.message)

    @app.exception_handler(Throttled)
    async def throttled(request: Request, error: Throttled) -> Response:
        return error_page(request, 429, error.message)

    @app.exception_handler(ValidationError)
    async def invalid(request: Request, error: ValidationError) -> Response:
        if is_api(request):
            return problem(request, status=422, title=STATUS_TITLES[422], errors=error.errors)
        return error_page(request, 422, error.message)

    @app.exception_handler(Conflict)
    async def conflict(request: Request, error: Conflict) -> Response:
        return error_page(request, 409, error.message)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, error: DomainError) -> Response:
        return error_page(request, 400, error.message)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, error: RequestValidationError) -> Response:
        errors = {
            # Malformed JSON is located by a character offset, which names no field.
            "body"
            if item["type"] == "json_invalid"
            else ".".join(str(part) for part in item["loc"][1:]) or "body": Message(
                N_("This value is not valid.")
            )
            for item in error.errors()
        }
        if is_api(request):
            return problem(request, status=422, title=STATUS_TITLES[422], errors=errors)
        return error_page(request, 422, STATUS_TITLES[422])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        response = error_page(
            request, error.status_code, STATUS_TITLES.get(error.status_code, STATUS_TITLES[400])
        )
        response.headers.update(error.headers or {})
        if error.status_code == 405:
            response.headers["Allow"] = ", ".join(allowed_methods(request))
        return response


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at the request's path (RFC 9110, 405 needs `Allow`)."""
    app: FastAPI = request.app
    if not hasattr(app.state, "route_patterns"):
        app.state.route_patterns = [
            (compile_path(route.path)[0], route.methods) for route in routes_of(app)
        ]
    methods: set[str] = set()
    for pattern, route_methods in app.state.route_patterns:
        if pattern.match(request.url.path):
            methods |= route_methods
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def declared_access(route: APIRoute) -> Allow | None:
    """The `Allow` a route declares among its dependencies, if any."""
    for dependency in route.dependant.dependencies:
        if isinstance(dependency.call, Allow):
            return dependency.call
    return None


@dataclass(frozen=True)
class AppRoute:
    """A route as the app serves it: its full path, methods and access declaration."""

    path: str
    methods: frozenset[str]
    allow: Allow | None
    route: APIRoute


def routes_of(app: FastAPI) -> list[AppRoute]:
    """Every API and page route, with the prefixes of the routers that include it."""
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            found.append(
                AppRoute(
                    str(context.path),
                    frozenset(context.methods or ()),
                    declared_access(route),
                    route,
                )
            )
    return found


def check_every_route_declares_access(app: FastAPI) -> None:
    undeclared = [route.path for route in routes_of(app) if route.allow is None]
    if undeclared:
        raise RuntimeError(f"routes without an access declaration: {undeclared}")


def create_app(container: Container) -> FastAPI:
    settings = container.settings
    app = FastAPI(
        title="Balise API",
        version=__version__,
        description="The JSON API of Balise, the one-stop shop for trustworthy AI in Belgium.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.container = container
    app.state.page_cache = PageCache[bytes](max_entries=settings.portal_cache_entries)
    app.state.api_cache = PageCache[dict[str, Any]](max_entries=settings.portal_cache_entries)
    app.add_middleware(
        BaliseMiddleware,
        default_language=Language(settings.default_language),
        secure_cookies=settings.secure_cookies,
        max_request_bytes=settings.max_request_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        rate_limits=RateLimits(
            storage_uri=settings.rate_limit_storage,
            api=settings.rate_limit_api,
            writes=settings.rate_limit_writes,
        ),
    )
    # Added last, so it runs first: the rate limits see the client behind a trusted proxy.
    app.add_middleware(TrustedProxies, forwarded_allow_ips=settings.forwarded_allow_ips)
    add_error_handlers(app)
    app.include_router(api_router)
    app.include_router(html_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    check_every_route_declares_access(app)
    install_openapi(app, routes_of(app))
    return app


def describe(allow: Allow) -> str:
    if allow.public:
        return "everyone, signed in or not"
    who = ", ".join(role.value for role in sorted(allow.roles))
    return f"{who} (token scope {allow.scope.value})" if allow.scope else who


def access_table(app: FastAPI) -> list[tuple[str, str, str]]:
    """(methods, path, who may use it) for every route, in path order."""
    rows = []
    for route in routes_of(app):
        assert route.allow is not None
        rows.append((",".join(sorted(route.methods)), route.path, describe(route.allow)))
    return sorted(rows, key=lambda row: (row[1], row[0]))
