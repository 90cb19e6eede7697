"""Signing in and out, with a password or through an OpenID Connect provider."""

from __future__ import annotations

import logging
import secrets
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor, User
from balise.domain.shared.errors import NotFound, PermissionDenied, Throttled
from balise.domain.shared.i18n import LANGUAGES, N_, Message
from balise.i18n import translate
from balise.services import accounts
from balise.services.ports import SignInFailed, UnitOfWork
from balise.web.access import CSRF_COOKIE, SESSION_COOKIE, Allow, container_of
from balise.web.common import form_of, in_uow, local_path, see_other
from balise.web.middleware import LANGUAGE_COOKIE
from balise.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)
logger = logging.getLogger(__name__)

OIDC_COOKIE = "balise_oidc"
MY_WORK = "/my-work"  # where staff land after signing in, unless they came for another page
OIDC_COOKIE_MAX_AGE = 600


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def signed_in(request: Request, user: User, secret: str, next_path: str) -> RedirectResponse:
    """Set the session cookie, and the user's remembered language unless they chose one in this
    browser before signing in, then go on."""
    settings = container_of(request).settings
    response = see_other(local_path(next_path))
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    # A new CSRF token with the new session: one planted or read before signing in is void.
    response.set_cookie(
        CSRF_COOKIE,
        secrets.token_urlsafe(32),
        path="/",
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
    )
    chosen = request.cookies.get(LANGUAGE_COOKIE) in {lang.value for lang in LANGUAGES}
    if user.language is not None and not chosen:
        response.set_cookie(
            LANGUAGE_COOKIE,
            user.language.value,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=settings.secure_cookies,
        )
    return response


def landing(next_path: str | None) -> str:
    """The page asked for (same site only), else "my work", where what waits for staff is."""
    return local_path(next_path) if next_path else MY_WORK


@router.get("/login", response_class=HTMLResponse)
async def login_form(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())], next: str = ""
) -> HTMLResponse:
    shown = local_path(next) if next else ""  # none: "my work" after signing in
    return render(request, "auth/login.html", {"next": shown, "errors": {}, "email": ""})


@router.post("/login", response_model=None)
async def login(request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]) -> Response:
    form = await form_of(request)
    email, password = form.get("email", ""), form.get("password", "")
    next_path = landing(form.get("next"))

    def sign_in(uow: UnitOfWork) -> tuple[User, str]:
        user = accounts.authenticate(
            uow, email=email, password=password, address=client_address(request)
        )
        return user, accounts.start_session(uow, user=user)

    container = container_of(request)

    def attempt() -> tuple[User, str] | Message:
        # The failed attempt is recorded even though sign-in is refused, so it is committed too.
        with container.uow() as uow:
            try:
                result = sign_in(uow)
            except (PermissionDenied, Throttled) as refusal:
                uow.commit()
                return refusal.message
            uow.commit()
            return result

    outcome = await run_in_threadpool(attempt)
    if isinstance(outcome, Message):
        status = 429 if outcome.key.startswith("Too many") else 400
        errors = {"password": translate(outcome, language_of(request))}
        refused = render(
            request,
            "auth/login.html",
            {"next": next_path, "errors": errors, "email": email},
            status_code=status,
        )
        if status == 429:
            refused.headers["Retry-After"] = str(outcome.params.get("seconds", 1))
        return refused
    user, secret = outcome
    return signed_in(request, user, secret, next_path)


@router.post("/logout")
async def logout(
    request: Request, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> RedirectResponse:
    secret = request.cookies.get(SESSION_COOKIE, "")
    await in_uow(request, lambda uow: accounts.end_session(uow, secret=secret))
    response = see_other("/")
    response.delete_cookie(SESSION_COOKIE)
    return response


Client = TypeVar("Client")


def configured(client: Client | None) -> Client:
    """The container's single sign-on client, when one is configured."""
    if client is None:
        raise NotFound(Message(N_("Single sign-on is not configured.")))
    return client


def state_serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(container_of(request).secret_key, salt="balise.oidc")


@router.get("/auth/oidc/login")
async def oidc_login(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())], next: str = ""
) -> RedirectResponse:
    client = configured(container_of(request).oidc_client)
    url, state = await run_in_threadpool(client.begin, next_url=landing(next))
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        OIDC_COOKIE,
        state_serializer(request).dumps(state),
        max_age=OIDC_COOKIE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=container_of(request).settings.secure_cookies,
        path="/auth/oidc/",
    )
    return response


@router.get("/auth/oidc/callback", response_model=None)
async def oidc_callback(
    request: Request, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    client = configured(container_of(request).oidc_client)
    failed = Message(N_("Single sign-on did not succeed. Try again."))
    raw_state = request.cookies.get(OIDC_COOKIE, "")
    try:
        state: dict[str, Any] = state_serializer(request).loads(
            raw_state, max_age=OIDC_COOKIE_MAX_AGE
        )
        identity = await run_in_threadpool(
            client.complete, query_params=dict(request.query_params), state_blob=state
        )
    except BadSignature:
        raise PermissionDenied(failed) from None
    except SignInFailed as error:
        logger.warning("single sign-on refused: %s", error.reason)
        raise PermissionDenied(failed) from None

    def sign_in(uow: UnitOfWork) -> tuple[User, str]:
        user = accounts.sign_in_with_identity(
            uow,
            issuer=identity.issuer,
            subject=identity.subject,
            email=identity.email,
            email_verified=identity.email_verified,
        )
        return user, accounts.start_session(uow, user=user)

    user, secret = await in_uow(request, sign_in)
    response = signed_in(request, user, secret, str(state.get("next", "/")))
    response.delete_cookie(OIDC_COOKIE, path="/auth/oidc/")
    return response
