"""Who may use a route: each declares it with an `Allow` dependency, which yields the actor."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from balise.bootstrap import Container
from balise.domain.accounts.model import PUBLIC, Actor, Role, Scope
from balise.domain.shared.errors import DomainError, PermissionDenied
from balise.domain.shared.i18n import N_, Message
from balise.services import accounts
from balise.services.permissions import DENIED

SESSION_COOKIE = "balise_session"
CSRF_COOKIE = "balise_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class NotAuthenticated(DomainError):
    def __init__(self) -> None:
        super().__init__(Message(N_("Sign in to continue.")))


class CsrfRejected(DomainError):
    def __init__(self) -> None:
        super().__init__(Message(N_("The form expired. Reload the page and try again.")))


def container_of(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def resolve_actor(request: Request) -> Actor:
    """The actor behind a request: an API bearer token, else the session cookie, else the public."""
    container = container_of(request)
    token = bearer_token(request)
    if token is not None and request.url.path.startswith("/api/"):
        with container.uow() as uow:
            actor = accounts.actor_for_token(uow, raw=token)
            uow.commit()
        if actor is None:
            raise NotAuthenticated()
        return actor
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        with container.uow(read_only=True) as uow:
            user = accounts.user_for_session(uow, secret=secret)
        if user is not None:
            return Actor(user=user)
    return PUBLIC


async def check_csrf(request: Request) -> None:
    """A state-changing request from a browser must echo the CSRF cookie in a field or header."""
    expected = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    if not expected or not hmac.compare_digest(expected, sent):
        raise CsrfRejected()


def needs_csrf(request: Request) -> bool:
    """Whether a state-changing request must prove it comes from one of our pages.

    Forgery rides on credentials the browser adds by itself: the session cookie. Pages always
    check (sign-in forms included); the API checks only requests that carry the session cookie,
    so a bearer token or an anonymous call to a public endpoint needs no CSRF token.
    """
    if not request.url.path.startswith("/api/"):
        return True
    return bearer_token(request) is None and SESSION_COOKIE in request.cookies


@dataclass(frozen=True)
class Allow:
    """Declares the roles that may use a route; `public` admits everyone, `signed_in` any role."""

    roles: frozenset[Role] = frozenset()
    public: bool = False
    scope: Scope | None = None

    @classmethod
    def everyone(cls) -> Allow:
        return cls(public=True)

    @classmethod
    def signed_in(cls, scope: Scope | None = None) -> Allow:
        return cls(roles=frozenset(Role), scope=scope)

    @classmethod
    def only(cls, *roles: Role, scope: Scope | None = None) -> Allow:
        return cls(roles=frozenset(roles), scope=scope)

    def admits(self, role: Role | None) -> bool:
        return self.public or role in self.roles

    async def __call__(self, request: Request) -> AsyncIterator[Actor]:
        try:
            yield await self.admit(request)
        finally:
            # A form read while checking or by the route may hold uploads in temporary files.
            await request.close()

    async def admit(self, request: Request) -> Actor:
        if request.method not in SAFE_METHODS and needs_csrf(request):
            await check_csrf(request)
        actor = await run_in_threadpool(resolve_actor, request)
        request.state.actor = actor
        if self.public:
            return actor
        if actor.is_public:
            raise NotAuthenticated()
        if actor.role not in self.roles:
            raise PermissionDenied(DENIED)
        needed = Scope.READ if request.method in SAFE_METHODS else self.scope
        if needed is not None and actor.scopes is not None and needed not in actor.scopes:
            raise PermissionDenied(
                Message(N_("This API token lacks the scope %(scope)s."), {"scope": needed.value})
            )
        return actor
