"""The signed-in person's own account: profile, password and API tokens."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from balise.domain.accounts.model import Actor, ApiToken, Role, Scope
from balise.domain.organisations.model import Organisation
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_
from balise.services import accounts, organisations
from balise.services.ports import UnitOfWork
from balise.web.access import Allow
from balise.web.accounts.pages.auth import signed_in
from balise.web.common import form_of, in_uow, see_other
from balise.web.labels import label
from balise.web.rendering import field_errors, language_of, render

router = APIRouter(include_in_schema=False)


def scope_choices(actor: Actor) -> list[tuple[str, str]]:
    allowed = [Scope.READ, Scope.ORGANISATIONS_WRITE, Scope.SYSTEMS_WRITE]
    if actor.role is Role.ADMIN:
        allowed.append(Scope.USERS_ADMIN)
    return [(scope.value, label(scope)) for scope in allowed]


async def account_page(
    request: Request, actor: Actor, *, status_code: int = 200, **extra: Any
) -> HTMLResponse:
    assert actor.user is not None

    def load(uow: UnitOfWork) -> tuple[list[ApiToken], Organisation | None]:
        return (
            accounts.list_api_tokens(uow, actor=actor),
            organisations.own_organisation(uow, actor=actor),
        )

    tokens, organisation = await in_uow(request, load, commit=False)
    context = {
        "tokens": tokens,
        "organisation": organisation,
        "scopes": scope_choices(actor),
        "password_errors": {},
        "token_errors": {},
        "new_token": None,
        "now": request.app.state.container.clock.now(),
    }
    context.update(extra)
    return render(request, "account/account.html", context, status_code=status_code)


@router.get("/account", response_class=HTMLResponse)
async def account(
    request: Request, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    return await account_page(
        request, actor, password_changed=request.query_params.get("password") == "1"
    )


@router.post("/account/password", response_model=None)
async def change_password(
    request: Request, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> Response:
    form = await form_of(request)
    assert actor.user is not None

    def change(uow: UnitOfWork) -> str:
        accounts.change_password(
            uow,
            actor=actor,
            current=form.get("current_password", ""),
            new=form.get("new_password", ""),
        )
        assert actor.user is not None
        return accounts.start_session(uow, user=actor.user)

    try:
        secret = await in_uow(request, change)
    except ValidationError as error:
        # The strength rule names its field `password`; on this form it is `new_password`.
        errors = {
            "new_password" if name == "password" else name: message
            for name, message in error.errors.items()
        }
        return await account_page(
            request,
            actor,
            status_code=422,
            password_errors=field_errors(errors, language_of(request)),
        )
    # Every other session of the account ended with the old password; this one goes on.
    return signed_in(request, actor.user, secret, "/account?password=1")


@router.post("/account/tokens", response_class=HTMLResponse)
async def create_token(
    request: Request, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> HTMLResponse:
    form = await request.form()
    scopes: set[Scope] = set()
    try:
        for value in form.getlist("scopes"):
            try:
                scopes.add(Scope(str(value)))
            except ValueError:
                raise ValidationError.single("scopes", N_("Choose at least one scope.")) from None
        days_text = str(form.get("days", "90"))
        if not days_text.isdigit():
            raise ValidationError.single(
                "days", N_("A token lives from 1 to %(max)s days."), max=accounts.MAX_TOKEN_DAYS
            )
        _, secret = await in_uow(
            request,
            lambda uow: accounts.issue_api_token(
                uow,
                actor=actor,
                name=str(form.get("name", "")),
                scopes=frozenset(scopes),
                days=int(days_text),
            ),
        )
    except ValidationError as error:
        return await account_page(
            request,
            actor,
            status_code=422,
            token_errors=field_errors(error.errors, language_of(request)),
        )
    return await account_page(request, actor, new_token=secret)


@router.post("/account/tokens/{token_id}/revoke")
async def revoke_token(
    request: Request, token_id: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> Response:
    """Revoke a token, named by its public id (never its sequential id)."""
    await in_uow(
        request, lambda uow: accounts.revoke_api_token(uow, actor=actor, public_id=token_id)
    )
    return see_other("/account")
