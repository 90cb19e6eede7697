"""Use cases for accounts: users, sign-in with throttling, sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from balise.domain.accounts import throttle
from balise.domain.accounts.model import (
    Actor,
    ApiToken,
    Role,
    Scope,
    User,
    check_password_strength,
    normalise_email,
)
from balise.domain.shared.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    Throttled,
    ValidationError,
)
from balise.domain.shared.i18n import N_, Language, Message
from balise.services.audit_log import record_event
from balise.services.permissions import DENIED, require_role, require_scope
from balise.services.ports import UnitOfWork

SESSION_LIFETIME = timedelta(hours=12)
MAX_TOKEN_DAYS = 365
TOKEN_PREFIX = "bal"  # noqa: S105 - the visible start of a token, not a secret
SETUP_DOMAIN = "balise.invalid"

_hasher = PasswordHasher()
# Compared against when the account does not exist, so both paths cost the same.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def user_snapshot(user: User) -> dict[str, Any]:
    return {key: value for key, value in asdict(user).items() if key != "id"}


def create_user(uow: UnitOfWork, *, actor: Actor, user: User, password: str | None) -> User:
    require_role(actor, Role.ADMIN)
    if password is not None:
        check_password_strength(password, email=user.email)
    if uow.users.find_by_email(user.email) is not None:
        raise ValidationError.single("email", N_("An account with this e-mail address exists."))
    if user.organisation_id is not None and uow.organisations.get(user.organisation_id) is None:
        raise ValidationError.single("organisation_id", N_("There is no such organisation."))
    created = uow.users.add(
        user, password_hash=_hasher.hash(password) if password else None, at=uow.clock.now()
    )
    record_event(
        uow,
        actor=actor,
        event_type="user.created",
        entity_type="user",
        entity_id=created.id,
        after=user_snapshot(created),
    )
    return created


def create_first_admin(uow: UnitOfWork, *, user: User, password: str | None, via: str) -> User:
    """Create the first administrator, when nobody can act as one yet.

    The account is created on behalf of the setup path named by `via` ("cli", "demo"): the audit
    log records the actor as `<via>@balise.invalid`, an address in a reserved domain that can
    never belong to a person.
    """
    if user.role is not Role.ADMIN:
        raise ValidationError.single("role", N_("The first account must be an administrator."))
    if any(existing.role is Role.ADMIN for existing in uow.users.list_all()):
        raise Conflict(
            Message(N_("Only the first administrator may be created without acting as one."))
        )
    setup = User(email=f"{via}@{SETUP_DOMAIN}", display_name=f"Setup ({via})", role=Role.ADMIN)
    return create_user(uow, actor=Actor(user=setup), user=user, password=password)


def set_user_active(uow: UnitOfWork, *, actor: Actor, user_id: int, active: bool) -> User:
    require_role(actor, Role.ADMIN)
    user = uow.users.get(user_id)
    if user is None:
        raise NotFound(Message(N_("There is no such account.")))
    if actor.user is not None and actor.user.id == user_id:
        raise PermissionDenied(Message(N_("You cannot deactivate your own account.")))
    updated = uow.users.update(replace(user, active=active))
    if not active:
        uow.sessions.remove_for_user(user_id)
    record_event(
        uow,
        actor=actor,
        event_type="user.activated" if active else "user.deactivated",
        entity_type="user",
        entity_id=user_id,
        before=user_snapshot(user),
        after=user_snapshot(updated),
    )
    return updated


def set_language(uow: UnitOfWork, *, actor: Actor, language: Language) -> None:
    if actor.user is None or actor.user.id is None or actor.user.language == language:
        return
    uow.users.update(replace(actor.user, language=language))
    record_event(
        uow,
        actor=actor,
        event_type="user.language_changed",
        entity_type="user",
        entity_id=actor.user.id,
        before={"language": actor.user.language},
        after={"language": language},
    )


def authenticate(uow: UnitOfWork, *, email: str, password: str, address: str) -> User:
    """Check a password, making each try wait longer after repeated failures of the account or
    of the address (`domain/accounts/throttle.py` says why and how much)."""
    now = uow.clock.now()
    since = now - throttle.WINDOW
    try:
        email = normalise_email(email)
    except ValidationError:
        email = email.strip().lower()[:254]
    # Concurrent tries for one account or address take turns, so that each sees the others.
    uow.login_attempts.serialise(email=email, address=address)
    wait = max(
        throttle.PER_ACCOUNT.wait(
            **_failures(uow.login_attempts.recent_failures(email=email, since=since)), now=now
        ),
        throttle.PER_ADDRESS.wait(
            **_failures(uow.login_attempts.recent_failures(address=address, since=since)),
            now=now,
        ),
    )
    if wait > timedelta(0):
        raise Throttled(
            Message(
                N_("Too many failed sign-ins. Wait %(seconds)s seconds and try again."),
                {"seconds": throttle.seconds_to_wait(wait)},
            )
        )
    user = uow.users.find_by_email(email)
    stored = uow.users.password_hash(user.id) if user and user.id is not None else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
        valid = stored is not None and user is not None and user.active
    except (VerificationError, InvalidHashError):
        valid = False
    uow.login_attempts.add(email, address, at=now, succeeded=valid)
    if not valid or user is None:
        raise PermissionDenied(Message(N_("The e-mail address or the password is wrong.")))
    assert user.id is not None
    assert stored is not None
    if _hasher.check_needs_rehash(stored):
        uow.users.set_password_hash(user.id, _hasher.hash(password))
    return user


def _failures(found: tuple[int, datetime | None]) -> dict[str, Any]:
    return {"failures": found[0], "last_failure": found[1]}


def change_password(uow: UnitOfWork, *, actor: Actor, current: str, new: str) -> None:
    """Replace the password and end every session of the account; the caller opens a new one."""
    if actor.user is None or actor.user.id is None:
        raise PermissionDenied(DENIED)
    stored = uow.users.password_hash(actor.user.id)
    try:
        _hasher.verify(stored or _DUMMY_HASH, current)
    except (VerificationError, InvalidHashError):
        raise ValidationError.single(
            "current_password", N_("The current password is wrong.")
        ) from None
    check_password_strength(new, email=actor.user.email)
    uow.users.set_password_hash(actor.user.id, _hasher.hash(new))
    uow.sessions.remove_for_user(actor.user.id)
    record_event(
        uow,
        actor=actor,
        event_type="user.password_changed",
        entity_type="user",
        entity_id=actor.user.id,
    )


def start_session(uow: UnitOfWork, *, user: User) -> str:
    """Open a session and return its secret; only its hash is stored."""
    assert user.id is not None
    secret = secrets.token_urlsafe(32)
    now = uow.clock.now()
    uow.sessions.add(sha256(secret), user.id, at=now, expires_at=now + SESSION_LIFETIME)
    return secret


def end_session(uow: UnitOfWork, *, secret: str) -> None:
    uow.sessions.remove(sha256(secret))


def user_for_session(uow: UnitOfWork, *, secret: str) -> User | None:
    user = uow.sessions.user_for(sha256(secret), at=uow.clock.now())
    return user if user is not None and user.active else None


def issue_api_token(
    uow: UnitOfWork, *, actor: Actor, name: str, scopes: frozenset[Scope], days: int
) -> tuple[ApiToken, str]:
    """Create a token for the acting user; the full secret is returned once and never stored."""
    if actor.user is None or actor.user.id is None or actor.scopes is not None:
        raise PermissionDenied(Message(N_("API tokens are created from a signed-in session.")))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError.single(
            "days", N_("A token lives from 1 to %(max)s days."), max=MAX_TOKEN_DAYS
        )
    if Scope.USERS_ADMIN in scopes and actor.role is not Role.ADMIN:
        raise ValidationError.single("scopes", N_("Only administrators can grant this scope."))
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    now = uow.clock.now()
    token = uow.tokens.add(
        ApiToken(
            user_id=actor.user.id,
            name=name.strip(),
            prefix=prefix,
            scopes=scopes,
            created_at=now,
            expires_at=now + timedelta(days=days),
        ),
        secret_hash=sha256(secret),
    )
    record_event(
        uow,
        actor=actor,
        event_type="api_token.issued",
        entity_type="api_token",
        entity_id=token.id,
        after={
            "name": token.name,
            "prefix": prefix,
            "scopes": sorted(scopes),
            "expires_at": token.expires_at.isoformat(),
        },
    )
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


def list_api_tokens(uow: UnitOfWork, *, actor: Actor) -> list[ApiToken]:
    """The actor's own API tokens (never their secrets, which are not kept)."""
    if actor.user is None or actor.user.id is None:
        return []
    return uow.tokens.list_for_user(actor.user.id)


def list_users(uow: UnitOfWork, *, actor: Actor) -> list[User]:
    """Every account, for administrators."""
    require_role(actor, Role.ADMIN)
    return uow.users.list_all()


def revoke_api_token(uow: UnitOfWork, *, actor: Actor, public_id: str) -> None:
    """Revoke a token named by its public id: one's own, or anyone's for an administrator.

    From a browser session, a person manages their tokens (an administrator, everyone's). A
    token acting on the API may always revoke itself (a leaked token can be retired with nothing
    else at hand); revoking any other token through the API is managing credentials, and needs
    the `users:admin` scope. A token that is not the actor's to see is "not found", never 403.
    """
    token = uow.tokens.find_by_public_id(public_id)
    if token is None or token.id is None or actor.user is None:
        raise NotFound(Message(N_("There is no such token.")))
    if token.user_id != actor.user.id and actor.role is not Role.ADMIN:
        raise NotFound(Message(N_("There is no such token.")))
    if token.id != actor.token_id:
        require_scope(actor, Scope.USERS_ADMIN)
    if token.revoked_at is not None:
        return
    uow.tokens.revoke(token.id, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="api_token.revoked",
        entity_type="api_token",
        entity_id=token.id,
        before={"revoked_at": None},
    )


def actor_for_token(uow: UnitOfWork, *, raw: str) -> Actor | None:
    """The actor behind a bearer token, or None when it is unknown, expired or revoked."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    found = uow.tokens.find_by_prefix(parts[1])
    if found is None:
        return None
    token, secret_hash = found
    now: datetime = uow.clock.now()
    if not secrets.compare_digest(secret_hash, sha256(parts[2])) or not token.usable_at(now):
        return None
    user = uow.users.get(token.user_id)
    if user is None or not user.active:
        return None
    uow.tokens.touch(token.id or 0, at=now)
    return Actor(user=user, scopes=token.scopes, token_id=token.id)


def sign_in_with_identity(
    uow: UnitOfWork, *, issuer: str, subject: str, email: str | None, email_verified: bool
) -> User:
    """The account of an OpenID Connect identity, linked by verified e-mail the first time."""
    user = uow.users.find_by_identity(issuer, subject)
    if user is None and email and email_verified:
        user = uow.users.find_by_email(email)
        if user is not None and user.id is not None:
            uow.users.link_identity(user.id, issuer, subject)
            record_event(
                uow,
                actor=Actor(user=user),
                event_type="user.identity_linked",
                entity_type="user",
                entity_id=user.id,
                after={"issuer": issuer, "subject": subject},
            )
    if user is None or not user.active:
        raise PermissionDenied(
            Message(N_("No active Balise account matches this identity. Ask an administrator."))
        )
    return user


def actor_for_email(uow: UnitOfWork, *, email: str) -> Actor:
    """The actor behind the command line's `--as EMAIL`: an active account; what it may do is
    decided by each use case, as for anyone signed in."""
    user = uow.users.find_by_email(email)
    if user is None or not user.active:
        raise NotFound(
            Message(
                N_("There is no active account with the e-mail address %(email)s."),
                {"email": email},
            )
        )
    return Actor(user=user)


def any_account(uow: UnitOfWork) -> bool:
    """Whether the installation has any account yet (`balise serve` offers the demo if not)."""
    return bool(uow.users.list_all())
