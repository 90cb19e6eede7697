"""Who may see or change what: the one module every service, page, API route and command asks.

Predicates (`can_<verb>_<thing>(actor, ...) -> bool`) answer the question without side effects,
so pages can hide a button the service would refuse. Chokepoints (`access_<thing>(uow, actor,
id, for_=...)`) load the object and raise `NotFound` or `PermissionDenied`. Route-level roles are
declared with `web.access.Allow`; this module decides per object.
"""

from __future__ import annotations

from typing import Literal

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.organisations.model import Organisation
from balise.domain.shared.errors import NotFound, PermissionDenied
from balise.domain.shared.i18n import N_, Message
from balise.services.ports import UnitOfWork

DENIED = Message(N_("You are not allowed to do this."))
OVERSIGHT = frozenset({Role.ADMIN, Role.REGULATOR})


def require_role(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        raise PermissionDenied(DENIED)


def require_scope(actor: Actor, scope: Scope) -> None:
    """A token acts only within its scopes; a browser session has every scope of its user."""
    if actor.scopes is not None and scope not in actor.scopes:
        raise PermissionDenied(
            Message(N_("This API token lacks the scope %(scope)s."), {"scope": scope.value})
        )


def require(allowed: bool) -> None:
    """Turn a predicate's answer into a refusal."""
    if not allowed:
        raise PermissionDenied(DENIED)


def is_member(actor: Actor, organisation_id: int | None) -> bool:
    """Whether the actor belongs to the organisation; administrators and regulators do not."""
    return (
        organisation_id is not None
        and actor.user is not None
        and actor.user.organisation_id == organisation_id
    )


def has_oversight(actor: Actor) -> bool:
    """Administrators and the regulator see every organisation's work."""
    return actor.role in OVERSIGHT


# --- organisations -----------------------------------------------------------------------------


def can_edit_organisation(actor: Actor, organisation_id: int | None) -> bool:
    return actor.role is Role.ADMIN or (
        actor.role is Role.EDITOR and is_member(actor, organisation_id)
    )


def can_see_organisation_history(actor: Actor, organisation_id: int | None) -> bool:
    return has_oversight(actor) or is_member(actor, organisation_id)


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
    if for_ == "edit":
        require_scope(actor, Scope.ORGANISATIONS_WRITE)
        require(can_edit_organisation(actor, organisation_id))
    if for_ == "history":
        require(can_see_organisation_history(actor, organisation_id))
    return organisation


# --- register ----------------------------------------------------------------------------------


# --- aiact -------------------------------------------------------------------------------------


# --- audits ------------------------------------------------------------------------------------


# --- panels ------------------------------------------------------------------------------------


# --- assessments -------------------------------------------------------------------------------


# --- monitoring --------------------------------------------------------------------------------
