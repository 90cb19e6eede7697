"""Repositories: SQL in, domain objects out."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.domain.accounts.model import ApiToken, Role, Scope, User
from balise.domain.audit_log.chain import GENESIS, AuditEvent, seal
from balise.domain.jobs.model import Job, JobStatus
from balise.domain.organisations.model import (
    Contact,
    Level,
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
)
from balise.domain.shared.i18n import Language, LocalizedText


class OrganisationRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @staticmethod
    def _values(organisation: Organisation) -> dict[str, Any]:
        return {
            "slug": organisation.slug,
            "name": organisation.name.as_dict(),
            "kind": organisation.kind.value,
            "level": organisation.government_level.value,
            "size_class": organisation.size_class.value,
            "sector": organisation.sector.value,
            "enterprise_number": organisation.enterprise_number,
            "contact_email": organisation.contact.email,
            "contact_phone": organisation.contact.phone,
            "contact_website": organisation.contact.website,
            "contact_address": organisation.contact.address,
        }

    @staticmethod
    def _from_row(row: Row[Any]) -> Organisation:
        return Organisation(
            id=row.id,
            slug=row.slug,
            name=LocalizedText.from_mapping(row.name),
            kind=OrganisationKind(row.kind),
            level=Level(row.level),
            size_class=SizeClass(row.size_class),
            sector=Sector(row.sector),
            enterprise_number=row.enterprise_number,
            contact=Contact(
                email=row.contact_email,
                phone=row.contact_phone,
                website=row.contact_website,
                address=row.contact_address,
            ),
        )

    def add(self, organisation: Organisation, *, at: datetime) -> Organisation:
        new_id = self.connection.execute(
            t.organisations.insert()
            .values(**self._values(organisation), created_at=at, updated_at=at)
            .returning(t.organisations.c.id)
        ).scalar_one()
        added = self.get(new_id)
        assert added is not None
        return added

    def update(self, organisation: Organisation, *, at: datetime) -> Organisation:
        self.connection.execute(
            t.organisations.update()
            .where(t.organisations.c.id == organisation.id)
            .values(**self._values(organisation), updated_at=at)
        )
        return organisation

    def _one(self, clause: sa.ColumnElement[bool]) -> Organisation | None:
        row = self.connection.execute(sa.select(t.organisations).where(clause)).first()
        return self._from_row(row) if row else None

    def get(self, organisation_id: int) -> Organisation | None:
        return self._one(t.organisations.c.id == organisation_id)

    def find_by_slug(self, slug: str) -> Organisation | None:
        return self._one(t.organisations.c.slug == slug)

    def find_by_enterprise_number(self, number: str) -> Organisation | None:
        return self._one(t.organisations.c.enterprise_number == number)

    def list_all(self) -> list[Organisation]:
        rows = self.connection.execute(sa.select(t.organisations).order_by(t.organisations.c.slug))
        return [self._from_row(row) for row in rows]


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


def _event_from_row(row: Row[Any]) -> AuditEvent:
    return AuditEvent(
        seq=row.seq,
        occurred_at=row.occurred_at,
        actor=row.actor,
        event_type=row.event_type,
        entity_type=row.entity_type,
        entity_id=row.entity_id,
        before=row.before,
        after=row.after,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


class AuditLog:
    """The chained audit log; appending takes the database's write lock first."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _lock(self) -> None:
        if self.connection.dialect.name == "postgresql":
            self.connection.execute(sa.text("LOCK TABLE audit_events IN EXCLUSIVE MODE"))
        # SQLite: every transaction already began with BEGIN IMMEDIATE.

    def append(
        self,
        *,
        at: datetime,
        actor: str,
        event_type: str,
        entity_type: str,
        entity_id: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> AuditEvent:
        if at.tzinfo is None:
            raise ValueError("naive datetime")
        at = at.astimezone(UTC)  # sealed as stored: the database gives it back in UTC
        self._lock()
        head = self.connection.execute(
            sa.select(t.audit_events.c.seq, t.audit_events.c.hash)
            .order_by(t.audit_events.c.seq.desc())
            .limit(1)
        ).first()
        seq = head.seq + 1 if head else 1
        prev_hash = head.hash if head else GENESIS
        fields: dict[str, Any] = {
            "seq": seq,
            "occurred_at": at,
            "actor": actor,
            "event_type": event_type,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "before": dict(before) if before is not None else None,
            "after": dict(after) if after is not None else None,
            "prev_hash": prev_hash,
        }
        digest = seal(**fields)
        self.connection.execute(t.audit_events.insert().values(**fields, hash=digest))
        return AuditEvent(**fields, hash=digest)

    def history(self, entity_type: str, entity_id: str) -> list[AuditEvent]:
        rows = self.connection.execute(
            sa.select(t.audit_events)
            .where(
                t.audit_events.c.entity_type == entity_type,
                t.audit_events.c.entity_id == entity_id,
            )
            .order_by(t.audit_events.c.seq)
        )
        return [_event_from_row(row) for row in rows]

    def iterate(self) -> Iterator[AuditEvent]:
        result = self.connection.execution_options(yield_per=1000).execute(
            sa.select(t.audit_events).order_by(t.audit_events.c.seq)
        )
        try:
            for row in result:
                yield _event_from_row(row)
        finally:
            result.close()  # a reader that stops early must not leave a server-side cursor open

    def latest(self, limit: int) -> list[AuditEvent]:
        rows = self.connection.execute(
            sa.select(t.audit_events).order_by(t.audit_events.c.seq.desc()).limit(limit)
        )
        return [_event_from_row(row) for row in rows]

    def count(self) -> int:
        return int(
            self.connection.execute(
                sa.select(sa.func.count()).select_from(t.audit_events)
            ).scalar_one()
        )


def _job_from_row(row: Row[Any]) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        status=JobStatus(row.status),
        created_at=row.created_at,
        created_by=row.created_by,
        done=row.done,
        total=row.total,
        result=row.result,
        error=row.error,
        finished_at=row.finished_at,
    )


class JobRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, job: Job, params: Mapping[str, Any]) -> None:
        self.connection.execute(
            t.jobs.insert().values(
                id=job.id,
                kind=job.kind,
                status=job.status.value,
                params=dict(params),
                created_at=job.created_at,
                created_by=job.created_by,
                done=job.done,
                total=job.total,
            )
        )

    def get(self, job_id: str) -> Job | None:
        row = self.connection.execute(sa.select(t.jobs).where(t.jobs.c.id == job_id)).first()
        return _job_from_row(row) if row else None

    def params(self, job_id: str) -> dict[str, Any]:
        params = self.connection.execute(
            sa.select(t.jobs.c.params).where(t.jobs.c.id == job_id)
        ).scalar_one()
        return dict(params)

    def update(
        self,
        job_id: str,
        *,
        status: JobStatus | None = None,
        done: int | None = None,
        total: int | None = None,
        result: Mapping[str, Any] | None = None,
        error: Mapping[str, Any] | None = None,
        finished_at: datetime | None = None,
    ) -> None:
        values: dict[str, Any] = {
            "status": status.value if status else None,
            "done": done,
            "total": total,
            "result": dict(result) if result is not None else None,
            "error": dict(error) if error is not None else None,
            "finished_at": finished_at,
        }
        values = {key: value for key, value in values.items() if value is not None}
        if values:
            self.connection.execute(t.jobs.update().where(t.jobs.c.id == job_id).values(**values))

    def list_recent(self, *, created_by: int | None, limit: int = 20) -> list[Job]:
        query = sa.select(t.jobs).order_by(t.jobs.c.created_at.desc()).limit(limit)
        if created_by is not None:
            query = query.where(t.jobs.c.created_by == created_by)
        return [_job_from_row(row) for row in self.connection.execute(query)]
