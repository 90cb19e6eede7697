"""What monitoring's forms offer to choose from: systems, colleagues, organisations."""

from __future__ import annotations

from balise.domain.accounts.model import Role, User
from balise.domain.organisations.model import Organisation
from balise.domain.register.model import State, SystemRecord
from balise.services.ports import UnitOfWork

HANDLER_ROLES = frozenset({Role.EDITOR, Role.REVIEWER})


def organisation_systems(uow: UnitOfWork, organisation_id: int) -> list[SystemRecord]:
    """The records an organisation's staff may name in an incident or a request."""
    return uow.systems.list_for_organisation(organisation_id)


def assignable_colleagues(uow: UnitOfWork, organisation_id: int) -> list[User]:
    """The active editors and reviewers of the organisation, who may handle a request."""
    return [
        user
        for user in uow.users.list_all()
        if user.organisation_id == organisation_id and user.active and user.role in HANDLER_ROLES
    ]


def intake_organisations(uow: UnitOfWork) -> list[Organisation]:
    """The organisations a citizen may address a request to."""
    return uow.organisations.list_all()


def find_system(uow: UnitOfWork, slug: str) -> SystemRecord | None:
    return uow.systems.find_by_slug(slug)


def published_system(uow: UnitOfWork, slug: str) -> SystemRecord | None:
    """The record a citizen's request names, when it is public."""
    record = uow.systems.find_by_slug(slug)
    return record if record is not None and record.state is State.PUBLISHED else None


def organisation(uow: UnitOfWork, organisation_id: int) -> Organisation | None:
    return uow.organisations.get(organisation_id)
