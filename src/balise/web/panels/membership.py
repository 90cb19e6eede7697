"""The members' space of a drawn panel: sign-in without a password, the home page, sign-out.

Other pages of the members' space take the signed-in member with the `require_member` dependency:

    @router.get("/panels/{slug}/messages", response_class=HTMLResponse)
    async def messages(
        request: Request,
        slug: str,
        actor: Annotated[Actor, Depends(Allow.everyone())],
        member: Annotated[PanelMember, Depends(require_member)],
    ) -> HTMLResponse: ...

Member routes are public routes (`Allow.everyone()`, which also checks the CSRF token of a form)
guarded by the member's sign-in: nobody signed in to this panel is sent to its sign-in page (HTML)
or answered 401 (JSON). The member cookie is apart from the staff session: HttpOnly, SameSite=Lax,
Secure when the app is; the server keeps only its SHA-256, tied to one panel.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from balise.domain.accounts.model import Actor
from balise.domain.panels.members import MEMBER_SESSION_LIFETIME, PanelMember
from balise.domain.shared.errors import DomainError, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.i18n import translate, using
from balise.services import panels_members
from balise.services.ports import OutgoingMail, UnitOfWork
from balise.web.access import SAFE_METHODS, Allow, check_csrf, container_of
from balise.web.common import form_of, in_uow, local_path, see_other
from balise.web.forms_flow import errors_of, run_form
from balise.web.paths import PathId
from balise.web.rendering import language_of, render

router = APIRouter(include_in_schema=False)

MEMBER_COOKIE = "balise_member"


class MemberSignInRequired(DomainError):
    """Nobody is signed in to the panel's members' space; the app sends them to its sign-in."""

    def __init__(self, slug: str) -> None:
        super().__init__(Message(N_("Sign in to the members' space to continue.")))
        self.slug = slug


def sign_in_path(slug: str, next_path: str = "") -> str:
    target = f"/panels/{slug}/space/sign-in"
    return f"{target}?next={quote(next_path, safe='/')}" if next_path else target


def member_of(request: Request, slug: str) -> PanelMember | None:
    """The member signed in to this panel in this browser, if any (reads the database)."""
    secret = request.cookies.get(MEMBER_COOKIE)
    if not secret:
        return None
    container = container_of(request)
    with container.uow(read_only=True) as uow:
        member = panels_members.member_for_session(uow, slug=slug, secret=secret)
        replaced = member is None and panels_members.is_replaced_session(
            uow, slug=slug, secret=secret
        )
    if replaced:
        with container.uow() as uow:
            panels_members.refuse_replaced_session(uow, slug=slug, secret=secret)
            uow.commit()
    return member


async def optional_member(request: Request, slug: str) -> PanelMember | None:
    """The signed-in member of the panel in the path, or None: for pages that adapt."""
    member = await run_in_threadpool(member_of, request, slug)
    request.state.panel_member = member
    return member


async def require_member(request: Request, slug: str) -> PanelMember:
    """The signed-in member of the panel in the path (`slug`); else the sign-in page or a 401.

    A state-changing request to the API with the member cookie must carry the CSRF token too
    (pages already check it through `Allow`).
    """
    if request.method not in SAFE_METHODS and request.url.path.startswith("/api/"):
        await check_csrf(request)
    member = await optional_member(request, slug)
    if member is None:
        raise MemberSignInRequired(slug)
    return member


def set_member_cookie(request: Request, response: Response, secret: str) -> None:
    response.set_cookie(
        MEMBER_COOKIE,
        secret,
        max_age=int(MEMBER_SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=container_of(request).settings.secure_cookies,
    )


def signed_in(request: Request, slug: str, secret: str, next_path: str) -> Response:
    home = f"/panels/{slug}/space"
    target = local_path(next_path, home)
    if not target.startswith(f"/panels/{slug}/"):
        target = home
    response = see_other(target)
    set_member_cookie(request, response, secret)
    return response


# --- sign-in -------------------------------------------------------------------------------------


async def sign_in_page(
    request: Request,
    slug: str,
    *,
    next_path: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    notice: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    """The sign-in page of a drawn panel's members' space (any other panel: not found)."""
    panel = await in_uow(
        request, lambda uow: panels_members.drawn_panel(uow, slug=slug), commit=False
    )
    return render(
        request,
        "panels/members/sign_in.html",
        {
            "panel": panel,
            "slug": slug,
            "next": next_path,
            "errors": errors or {},
            "values": values or {},
            "notice": notice,
        },
        status_code=status_code,
    )


@router.get("/panels/{slug}/space/sign-in", response_class=HTMLResponse)
async def sign_in_form(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())], next: str = ""
) -> HTMLResponse:
    await optional_member(request, slug)  # a member already signed in sees it in the header
    query = request.query_params
    notice = "sent" if query.get("sent") else "signed_out" if query.get("signed_out") else ""
    return await sign_in_page(request, slug, next_path=local_path(next, ""), notice=notice)


async def log_refusal(request: Request, slug: str, error: ValidationError) -> None:
    """A refused sign-in goes to the audit log in a transaction of its own."""
    if isinstance(error, panels_members.SignInRefused):
        await in_uow(
            request,
            lambda uow: panels_members.record_refused_sign_in(uow, slug=slug, refusal=error),
        )


def refused_sign_in(
    request: Request, slug: str, next_path: str, values: dict[str, str]
) -> Callable[[ValidationError], Awaitable[Response]]:
    """The sign-in page again, with the errors and what the person typed."""

    async def again(error: ValidationError) -> Response:
        await log_refusal(request, slug, error)
        return await sign_in_page(
            request,
            slug,
            next_path=next_path,
            errors=errors_of(request, error),
            values=values,
            status_code=422,
        )

    return again


@router.post("/panels/{slug}/space/sign-in", response_model=None)
async def sign_in_with_code(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    form = await form_of(request)
    next_path = form.get("next", "")

    again = refused_sign_in(request, slug, next_path, {"code": form.get("code", "")})

    return await run_form(
        request,
        lambda uow: panels_members.sign_in_with_code(uow, slug=slug, code=form.get("code", "")),
        success=lambda secret: signed_in(request, slug, secret, next_path),
        refuse=again,
    )


def link_mail(request: Request, mail: panels_members.SignInMail) -> OutgoingMail:
    base_url = container_of(request).settings.base_url.rstrip("/")
    url = f"{base_url}/panels/{mail.panel.slug}/space/link/{mail.token}"
    language = language_of(request)
    title = mail.panel.title_in(language)
    with using(language):
        subject = translate(
            Message(N_("Your sign-in link for %(panel)s"), {"panel": title}), language
        )
        body = translate(
            Message(
                N_(
                    "Hello,\n\nTo open the members' space of %(panel)s, follow this link within "
                    "30 minutes. It works once.\n\n%(url)s\n\nIf you did not ask for it, ignore "
                    "this message: nothing happens without the link.\n"
                ),
                {"panel": title, "url": url},
            ),
            language,
        )
    return OutgoingMail(to=mail.to, subject=subject, body=body)


@router.post("/panels/{slug}/space/link", response_model=None)
async def ask_for_link(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    form = await form_of(request)
    next_path = form.get("next", "")

    again = refused_sign_in(request, slug, next_path, {"email": form.get("email", "")})

    async def send(mail: panels_members.SignInMail | None) -> None:
        if mail is not None:
            await run_in_threadpool(container_of(request).mailer.send, link_mail(request, mail))

    return await run_form(
        request,
        lambda uow: panels_members.request_sign_in_link(
            uow, slug=slug, email=form.get("email", "")
        ),
        success=lambda _: f"/panels/{slug}/space/sign-in?sent=1",
        refuse=again,
        after_commit=send,
    )


@router.get("/panels/{slug}/space/link/{token}", response_class=HTMLResponse)
async def link_page(
    request: Request, slug: str, token: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> HTMLResponse:
    """The link opens a page with one button: mail scanners that follow links use nothing up."""
    panel = await in_uow(
        request, lambda uow: panels_members.drawn_panel(uow, slug=slug), commit=False
    )
    return render(
        request,
        "panels/members/link.html",
        {"panel": panel, "slug": slug, "token": token, "errors": {}},
    )


@router.post("/panels/{slug}/space/link/{token}", response_model=None)
async def use_link(
    request: Request, slug: str, token: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    async def again(error: ValidationError) -> Response:
        await log_refusal(request, slug, error)
        panel = await in_uow(
            request, lambda uow: panels_members.drawn_panel(uow, slug=slug), commit=False
        )
        return render(
            request,
            "panels/members/link.html",
            {"panel": panel, "slug": slug, "token": "", "errors": errors_of(request, error)},
            status_code=422,
        )

    return await run_form(
        request,
        lambda uow: panels_members.sign_in_with_link(uow, slug=slug, token=token),
        success=lambda secret: signed_in(request, slug, secret, ""),
        refuse=again,
    )


@router.post("/panels/{slug}/space/sign-out", response_model=None)
async def sign_out(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> Response:
    secret = request.cookies.get(MEMBER_COOKIE, "")
    if secret:
        await in_uow(request, lambda uow: panels_members.end_member_session(uow, secret=secret))
    response = see_other(f"/panels/{slug}/space/sign-in?signed_out=1")
    response.delete_cookie(MEMBER_COOKIE, path="/")
    return response


# --- the home page -------------------------------------------------------------------------------


@router.get("/panels/{slug}/space", response_class=HTMLResponse)
async def home(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    member: Annotated[PanelMember, Depends(require_member)],
) -> HTMLResponse:
    def read(uow: UnitOfWork) -> tuple[panels_members.MemberHome, bool]:
        home = panels_members.member_home(uow, member=member)
        return home, panels_members.member_asked_erasure(uow, member=member)

    found, pending = await in_uow(request, read, commit=False)
    return render(
        request,
        "panels/members/home.html",
        {
            "panel": found.panel,
            "member": member,
            "meetings": found.meetings,
            "slug": slug,
            "erasure_pending": pending,
            "erasure_notice": request.query_params.get("done") == "erasure",
        },
    )


@router.post("/panels/{slug}/space/erasure", response_model=None)
async def ask_for_erasure(
    request: Request,
    slug: str,
    actor: Annotated[Actor, Depends(Allow.everyone())],
    member: Annotated[PanelMember, Depends(require_member)],
) -> Response:
    """The member asks the organisers to erase their participation."""
    await in_uow(
        request, lambda uow: panels_members.request_participation_erasure(uow, member=member)
    )
    return see_other(f"/panels/{slug}/space?done=erasure#your-data")


# --- addresses that only take a form -------------------------------------------------------------
# Opening one of them directly (a bookmark, a reloaded page, an address copied from the browser's
# history) leads to the page that holds its form instead of a bare "Method not allowed". They
# answer only redirects (`response_class=RedirectResponse`), so they are not pages of their own.


@router.get("/panels/{slug}/space/link", response_class=RedirectResponse)
async def link_request_address(
    slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> RedirectResponse:
    return see_other(sign_in_path(slug))


@router.get("/panels/{slug}/space/sign-out", response_class=RedirectResponse)
async def sign_out_address(
    slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> RedirectResponse:
    return see_other(f"/panels/{slug}/space")


@router.get("/panels/{slug}/space/erasure", response_class=RedirectResponse)
async def erasure_address(
    slug: str, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> RedirectResponse:
    return see_other(f"/panels/{slug}/space#your-data")


@router.get("/panels/{slug}/space/votes/{message_id}", response_class=RedirectResponse)
async def vote_address(
    slug: str, message_id: PathId, actor: Annotated[Actor, Depends(Allow.everyone())]
) -> RedirectResponse:
    return see_other(f"/panels/{slug}/space/votes#message-{message_id}")
