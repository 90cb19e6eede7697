"""People who sign in, what they may do, and the tokens programs use on their behalf."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Language, Message


class Role(StrEnum):
    """What a signed-in person may do; anyone not signed in is the anonymous public."""

    ADMIN = "admin"
    REGULATOR = "regulator"
    EDITOR = "editor"
    REVIEWER = "reviewer"

    @property
    def belongs_to_organisation(self) -> bool:
        return self in {Role.EDITOR, Role.REVIEWER}


class Scope(StrEnum):
    """What an API token may do; never more than its owner may."""

    READ = "read"
    ORGANISATIONS_WRITE = "organisations:write"
    SYSTEMS_WRITE = "systems:write"
    USERS_ADMIN = "users:admin"
    ASSESSMENTS_WRITE = "assessments:write"
    INCIDENTS_WRITE = "incidents:write"
    REQUESTS_WRITE = "requests:write"
    PANELS_WRITE = "panels:write"


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 12


def normalise_email(raw: str) -> str:
    email = raw.strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise ValidationError.single("email", N_("This is not an e-mail address."))
    return email


def check_password_strength(password: str, *, email: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError.single(
            "password",
            N_("A password has at least %(count)s characters."),
            count=MIN_PASSWORD_LENGTH,
        )
    if email and email.split("@", maxsplit=1)[0] in password.lower():
        raise ValidationError.single(
            "password", N_("A password must not contain your e-mail name.")
        )


@dataclass(frozen=True)
class User:
    email: str
    display_name: str
    role: Role
    organisation_id: int | None = None
    language: Language | None = None
    active: bool = True
    id: int | None = None

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        try:
            object.__setattr__(self, "email", normalise_email(self.email))
        except ValidationError as error:
            errors.update(error.errors)
        if not self.display_name.strip() or len(self.display_name) > 120:
            errors["display_name"] = Message(N_("Give a name of 1 to 120 characters."))
        if self.role.belongs_to_organisation and self.organisation_id is None:
            errors["organisation_id"] = Message(
                N_("Editors and reviewers belong to an organisation.")
            )
        if not self.role.belongs_to_organisation and self.organisation_id is not None:
            errors["organisation_id"] = Message(
                N_("Administrators and regulators do not belong to an organisation.")
            )
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class ApiToken:
    user_id: int
    name: str
    prefix: str
    scopes: frozenset[Scope]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    id: int | None = None
    public_id: str = ""  # random and URL-safe: how addresses and pages name the token

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        if not self.name.strip() or len(self.name) > 80:
            errors["name"] = Message(N_("Give a name of 1 to 80 characters."))
        if not self.scopes:
            errors["scopes"] = Message(N_("Choose at least one scope."))
        if self.expires_at <= self.created_at:
            errors["expires_at"] = Message(N_("The expiry date must be in the future."))
        if errors:
            raise ValidationError(errors)

    def usable_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user (maybe through a token with scopes), or the public."""

    user: User | None = None
    scopes: frozenset[Scope] | None = None
    label: str = field(default="")
    token_id: int | None = None  # the API token the actor acts through, if any

    @property
    def role(self) -> Role | None:
        return self.user.role if self.user else None

    @property
    def is_public(self) -> bool:
        return self.user is None

    def display(self) -> str:
        if self.user is not None:
            return self.user.email
        return self.label or "public"


PUBLIC = Actor()
SYSTEM = Actor(label="system")
