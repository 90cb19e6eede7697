"""Accounts: users, their sessions, API tokens and sign-in attempts."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.domain.accounts.model import ApiToken, Role, Scope, User
from balise.domain.shared.i18n import Language


def _user_from_row(row: Row[Any, *tuple[Any, ...]]) -> User:
    return User(
        id=row.id,
        email=row.email,
        display_name=row.display_name,
        role=Role(row.role),
        organisation_id=row.organisation_id,
        language=Language(row.language) if row.language else None,
        active=row.active,
    )


_USER_COLUMNS = (
    t.users.c.id,
    t.users.c.email,
    t.users.c.display_name,
    t.users.c.role,
    t.users.c.organisation_id,
    t.users.c.language,
    t.users.c.active,
)


class UserRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, user: User, *, password_hash: str | None, at: datetime) -> User:
        new_id = self.connection.execute(
            t.users.insert()
            .values(
                email=user.email,
                display_name=user.display_name,
                role=user.role.value,
                organisation_id=user.organisation_id,
                language=user.language.value if user.language else None,
                active=user.active,
                password_hash=password_hash,
                created_at=at,
            )
            .returning(t.users.c.id)
        ).scalar_one()
        added = self.get(new_id)
        assert added is not None
        return added

    def update(self, user: User) -> User:
        self.connection.execute(
            t.users.update()
            .where(t.users.c.id == user.id)
            .values(
                email=user.email,
                display_name=user.display_name,
                role=user.role.value,
                organisation_id=user.organisation_id,
                language=user.language.value if user.language else None,
                active=user.active,
            )
        )
        return user

    def _one(self, clause: sa.ColumnElement[bool]) -> User | None:
        row = self.connection.execute(sa.select(*_USER_COLUMNS).where(clause)).first()
        return _user_from_row(row) if row else None

    def get(self, user_id: int) -> User | None:
        return self._one(t.users.c.id == user_id)

    def find_by_email(self, email: str) -> User | None:
        return self._one(t.users.c.email == email.strip().lower())

    def password_hash(self, user_id: int) -> str | None:
        return self.connection.execute(
            sa.select(t.users.c.password_hash).where(t.users.c.id == user_id)
        ).scalar_one_or_none()

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.connection.execute(
            t.users.update().where(t.users.c.id == user_id).values(password_hash=password_hash)
        )

    def list_all(self) -> list[User]:
        rows = self.connection.execute(sa.select(*_USER_COLUMNS).order_by(t.users.c.email))
        return [_user_from_row(row) for row in rows]

    def find_by_identity(self, issuer: str, subject: str) -> User | None:
        row = self.connection.execute(
            sa.select(*_USER_COLUMNS)
            .join(t.oidc_identities, t.oidc_identities.c.user_id == t.users.c.id)
            .where(t.oidc_identities.c.issuer == issuer, t.oidc_identities.c.subject == subject)
        ).first()
        return _user_from_row(row) if row else None

    def link_identity(self, user_id: int, issuer: str, subject: str) -> None:
        self.connection.execute(
            t.oidc_identities.insert().values(user_id=user_id, issuer=issuer, subject=subject)
        )


class SessionRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, token_hash: str, user_id: int, *, at: datetime, expires_at: datetime) -> None:
        self.connection.execute(
            t.sessions.insert().values(
                token_hash=token_hash, user_id=user_id, created_at=at, expires_at=expires_at
            )
        )

    def user_for(self, token_hash: str, *, at: datetime) -> User | None:
        row = self.connection.execute(
            sa.select(*_USER_COLUMNS)
            .join(t.sessions, t.sessions.c.user_id == t.users.c.id)
            .where(t.sessions.c.token_hash == token_hash, t.sessions.c.expires_at > at)
        ).first()
        return _user_from_row(row) if row else None

    def remove(self, token_hash: str) -> None:
        self.connection.execute(t.sessions.delete().where(t.sessions.c.token_hash == token_hash))

    def remove_for_user(self, user_id: int) -> None:
        self.connection.execute(t.sessions.delete().where(t.sessions.c.user_id == user_id))


def new_public_id() -> str:
    """A token's name in addresses, like its id given by the store: random, so not guessable."""
    return secrets.token_urlsafe(12)


def _token_from_row(row: Row[Any]) -> ApiToken:
    return ApiToken(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        prefix=row.prefix,
        scopes=frozenset(Scope(scope) for scope in row.scopes),
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        last_used_at=row.last_used_at,
        public_id=row.public_id,
    )


class ApiTokenRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, token: ApiToken, *, secret_hash: str) -> ApiToken:
        new_id = self.connection.execute(
            t.api_tokens.insert()
            .values(
                user_id=token.user_id,
                name=token.name,
                prefix=token.prefix,
                public_id=token.public_id or new_public_id(),
                secret_hash=secret_hash,
                scopes=sorted(scope.value for scope in token.scopes),
                created_at=token.created_at,
                expires_at=token.expires_at,
            )
            .returning(t.api_tokens.c.id)
        ).scalar_one()
        added = self.get(new_id)
        assert added is not None
        return added

    def find_by_prefix(self, prefix: str) -> tuple[ApiToken, str] | None:
        row = self.connection.execute(
            sa.select(t.api_tokens).where(t.api_tokens.c.prefix == prefix)
        ).first()
        return (_token_from_row(row), row.secret_hash) if row else None

    def get(self, token_id: int) -> ApiToken | None:
        row = self.connection.execute(
            sa.select(t.api_tokens).where(t.api_tokens.c.id == token_id)
        ).first()
        return _token_from_row(row) if row else None

    def find_by_public_id(self, public_id: str) -> ApiToken | None:
        row = self.connection.execute(
            sa.select(t.api_tokens).where(t.api_tokens.c.public_id == public_id)
        ).first()
        return _token_from_row(row) if row else None

    def list_for_user(self, user_id: int) -> list[ApiToken]:
        rows = self.connection.execute(
            sa.select(t.api_tokens)
            .where(t.api_tokens.c.user_id == user_id)
            .order_by(t.api_tokens.c.created_at.desc())
        )
        return [_token_from_row(row) for row in rows]

    def revoke(self, token_id: int, *, at: datetime) -> None:
        self.connection.execute(
            t.api_tokens.update().where(t.api_tokens.c.id == token_id).values(revoked_at=at)
        )

    def touch(self, token_id: int, *, at: datetime) -> None:
        self.connection.execute(
            t.api_tokens.update().where(t.api_tokens.c.id == token_id).values(last_used_at=at)
        )


class LoginAttemptRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, email: str, address: str, *, at: datetime, succeeded: bool) -> None:
        self.connection.execute(
            t.login_attempts.insert().values(
                email=email, address=address, at=at, succeeded=succeeded
            )
        )

    def failures_since(
        self, *, email: str | None = None, address: str | None = None, since: datetime
    ) -> int:
        query = sa.select(sa.func.count()).where(
            t.login_attempts.c.at >= since, t.login_attempts.c.succeeded.is_(False)
        )
        if email is not None:
            query = query.where(t.login_attempts.c.email == email)
        if address is not None:
            query = query.where(t.login_attempts.c.address == address)
        return int(self.connection.execute(query).scalar_one())

    def serialise(self, *, email: str, address: str) -> None:
        """Make concurrent sign-ins for one account or from one address wait for each other
        until the end of the transaction, so that each counts the failures before it.

        PostgreSQL: transaction-scoped advisory locks, the account's first, then the address's
        (always in that order, so two sign-ins never wait for each other in a circle). SQLite
        needs nothing: every writing transaction begins with BEGIN IMMEDIATE.
        """
        if self.connection.dialect.name != "postgresql":
            return
        for key in (f"balise.sign-in.account:{email}", f"balise.sign-in.address:{address}"):
            self.connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key}
            )

    def recent_failures(
        self, *, email: str | None = None, address: str | None = None, since: datetime
    ) -> tuple[int, datetime | None]:
        """How many failures since `since` (and since the account's last success, for an
        account), and when the last one happened."""
        attempts = t.login_attempts
        query = sa.select(sa.func.count(), sa.func.max(attempts.c.at)).where(
            attempts.c.at >= since, attempts.c.succeeded.is_(False)
        )
        if email is not None:
            last_success = (
                sa.select(sa.func.max(attempts.c.at))
                .where(attempts.c.email == email, attempts.c.succeeded.is_(True))
                .scalar_subquery()
            )
            query = query.where(
                attempts.c.email == email,
                sa.or_(last_success.is_(None), attempts.c.at > last_success),
            )
        if address is not None:
            query = query.where(attempts.c.address == address)
        count, last = self.connection.execute(query).one()
        return int(count), last
