"""The caller's own account and API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from balise.domain.accounts.model import Actor
from balise.services import accounts, organisations
from balise.web.access import Allow
from balise.web.accounts.schemas import MeRead, TokenList, TokenRead
from balise.web.common import in_uow

router = APIRouter(tags=["account"])


@router.get("/me", response_model=MeRead)
async def me(request: Request, actor: Annotated[Actor, Depends(Allow.signed_in())]) -> MeRead:
    """Who the caller is."""
    user = actor.user
    assert user is not None
    found = await in_uow(
        request, lambda uow: organisations.own_organisation(uow, actor=actor), commit=False
    )
    organisation = found.slug if found else None
    return MeRead(
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        organisation=organisation,
        language=user.language.value if user.language else None,
        scopes=sorted(actor.scopes) if actor.scopes is not None else None,
    )


@router.get("/tokens", response_model=TokenList)
async def list_tokens(
    request: Request, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> TokenList:
    """The caller's API tokens (never their secrets)."""
    tokens = await in_uow(
        request, lambda uow: accounts.list_api_tokens(uow, actor=actor), commit=False
    )
    return TokenList(
        tokens=[
            TokenRead(
                id=t.public_id,
                name=t.name,
                prefix=t.prefix,
                scopes=sorted(t.scopes),
                created_at=t.created_at,
                expires_at=t.expires_at,
                revoked_at=t.revoked_at,
                last_used_at=t.last_used_at,
            )
            for t in tokens
        ]
    )


@router.delete("/tokens/{token_id}", status_code=204)
async def revoke_token(
    request: Request, token_id: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> Response:
    """Revoke a token at once, named by its `id` in the list of tokens (random, not a number).

    A token may revoke itself; revoking another token through the API needs the `users:admin`
    scope (a browser session needs none). Your own tokens only, except for an administrator.
    """
    await in_uow(
        request, lambda uow: accounts.revoke_api_token(uow, actor=actor, public_id=token_id)
    )
    return Response(status_code=204)
