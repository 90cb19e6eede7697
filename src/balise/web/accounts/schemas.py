"""The caller's account and API tokens on the API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from balise.domain.accounts.model import Role, Scope
from balise.domain.shared.i18n import Language


class MeRead(BaseModel):
    email: str
    display_name: str
    role: Role
    organisation: str | None
    language: Language | None
    scopes: list[Scope] | None = Field(
        description="The token's scopes; null for a browser session."
    )


class TokenRead(BaseModel):
    id: str = Field(description="The token's public id, random: use it to revoke the token.")
    name: str
    prefix: str
    scopes: list[Scope]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenList(BaseModel):
    tokens: list[TokenRead]
