"""Use cases for organisations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, replace
from typing import Any

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.audit_log.chain import AuditEvent
from balise.domain.organisations.model import Organisation
from balise.domain.organisations.rows import organisation_from_row
from balise.domain.shared.errors import Conflict, NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services.audit_log import entity_history, record_event
from balise.services.permissions import access_organisation, require_role, require_scope
from balise.services.ports import UnitOfWork

NO_SUCH = Message(N_("There is no such organisation."))


def snapshot(organisation: Organisation) -> dict[str, Any]:
    data = asdict(organisation)
    data["name"] = organisation.name.as_dict()
    return data


def _check_unique(uow: UnitOfWork, organisation: Organisation) -> None:
    errors: dict[str, Message] = {}
    same_slug = uow.organisations.find_by_slug(organisation.slug)
    if same_slug is not None and same_slug.id != organisation.id:
        errors["slug"] = Message(N_("Another organisation already uses this address."))
    if organisation.enterprise_number:
        same_number = uow.organisations.find_by_enterprise_number(organisation.enterprise_number)
        if same_number is not None and same_number.id != organisation.id:
            errors["enterprise_number"] = Message(
                N_("Another organisation already has this enterprise number.")
            )
    if errors:
        raise ValidationError(errors)


def create_organisation(
    uow: UnitOfWork, *, actor: Actor, organisation: Organisation
) -> Organisation:
    require_role(actor, Role.ADMIN)
    require_scope(actor, Scope.ORGANISATIONS_WRITE)
    _check_unique(uow, organisation)
    created = uow.organisations.add(organisation, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="organisation.created",
        entity_type="organisation",
        entity_id=created.id,
        after=snapshot(created),
    )
    return created


def update_organisation(
    uow: UnitOfWork, *, actor: Actor, organisation_id: int, changes: Organisation
) -> Organisation:
    current = access_organisation(uow, actor, organisation_id, for_="edit")
    updated = replace(changes, id=organisation_id)
    if updated == current:
        return current
    _check_unique(uow, updated)
    uow.organisations.update(updated, at=uow.clock.now())
    uow.portal.changed()  # the portal's pages name the organisation
    record_event(
        uow,
        actor=actor,
        event_type="organisation.updated",
        entity_type="organisation",
        entity_id=organisation_id,
        before=snapshot(current),
        after=snapshot(updated),
    )
    return updated


def import_organisations(
    uow: UnitOfWork,
    *,
    actor: Actor,
    rows: Iterable[tuple[int, Mapping[str, str] | ValidationError]],
) -> list[Organisation]:
    """Create or update organisations from parsed rows, all or none.

    Each row comes with its line number; rows that failed to parse arrive as their error. The
    whole import is refused if any line is wrong, with every line's errors reported together.
    """
    require_role(actor, Role.ADMIN)
    problems: dict[int, dict[str, Message]] = {}
    imported: list[Organisation] = []
    for line, row in rows:
        try:
            if isinstance(row, ValidationError):
                raise row
            organisation = organisation_from_row(row)
            existing = uow.organisations.find_by_slug(organisation.slug)
            if existing is not None:
                assert existing.id is not None
                imported.append(
                    update_organisation(
                        uow, actor=actor, organisation_id=existing.id, changes=organisation
                    )
                )
            else:
                imported.append(create_organisation(uow, actor=actor, organisation=organisation))
        except ValidationError as error:
            problems[line] = error.errors
    if problems:
        raise ImportRejected(problems)
    return imported


class ImportRejected(Conflict):
    def __init__(self, problems: dict[int, dict[str, Message]]) -> None:
        super().__init__(Message(N_("The file has errors; nothing was imported.")))
        self.problems = problems


# --- Reads -------------------------------------------------------------------------------------


def list_organisations(uow: UnitOfWork, *, actor: Actor) -> list[Organisation]:
    """Every organisation, in order of their address: their profiles are public."""
    return uow.organisations.list_all()


def get_organisation(uow: UnitOfWork, *, actor: Actor, slug: str) -> Organisation:
    """An organisation's public profile."""
    organisation = uow.organisations.find_by_slug(slug)
    if organisation is None:
        raise NotFound(NO_SUCH)
    return organisation


def get_organisation_for_editing(uow: UnitOfWork, *, actor: Actor, slug: str) -> Organisation:
    found = get_organisation(uow, actor=actor, slug=slug)
    assert found.id is not None
    return access_organisation(uow, actor, found.id, for_="edit")


def own_organisation(uow: UnitOfWork, *, actor: Actor) -> Organisation | None:
    """The organisation the signed-in person belongs to, if any."""
    if actor.user is None or actor.user.organisation_id is None:
        return None
    return uow.organisations.get(actor.user.organisation_id)


def organisation_history(
    uow: UnitOfWork, *, actor: Actor, slug: str
) -> tuple[Organisation, list[AuditEvent]]:
    """An organisation and its audit events, oldest first (oversight and its members)."""
    found = get_organisation(uow, actor=actor, slug=slug)
    assert found.id is not None
    access_organisation(uow, actor, found.id, for_="history")
    return found, entity_history(uow, entity_type="organisation", entity_id=found.id)
