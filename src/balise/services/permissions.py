"""The only places that decide who may see or change what."""

from __future__ import annotations

from typing import Literal

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.organisations.model import Organisation
from balise.domain.shared.errors import NotFound, PermissionDenied
from balise.domain.shared.i18n import N_, Message
from balise.services.ports import UnitOfWork

DENIED = Message(N_("You are not allowed to do this."))


def require_role(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        raise PermissionDenied(DENIED)


def require_scope(actor: Actor, scope: Scope) -> None:
    """A token acts only within its scopes; a browser session has every scope of its user."""
    if actor.scopes is not None and scope not in actor.scopes:
        raise PermissionDenied(
            Message(N_("This API token lacks the scope %(scope)s."), {"scope": scope.value})
        )


def access_organisation(
    uow: UnitOfWork,
    actor: Actor,
    organisation_id: int,
    *,
    for_: Literal["view", "edit", "history"],
) -> Organisation:
    organisation = uow.organisations.get(organisation_id)
    if organisation is None:
        raise NotFound(Message(N_("There is no such organisation.")))
    if for_ == "view":
        return organisation
    member = actor.user is not None and actor.user.organisation_id == organisation_id
    if for_ == "edit":
        require_scope(actor, Scope.ORGANISATIONS_WRITE)
        if actor.role is Role.ADMIN or (member and actor.role is Role.EDITOR):
            return organisation
    if for_ == "history" and (actor.role in {Role.ADMIN, Role.REGULATOR} or member):
        return organisation
    raise PermissionDenied(DENIED)
