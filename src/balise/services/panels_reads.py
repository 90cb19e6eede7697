"""What the pages, the API and the command line show of citizens' panels: actor-aware reads.

Re-exported by `balise.services.panels`, which holds the use cases that change a panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from balise.domain.accounts.model import Actor, Role
from balise.domain.organisations.model import Organisation
from balise.domain.panels.documents import (
    Invitations,
    PanelOverview,
    StoredCommitment,
    drawn_people,
)
from balise.domain.panels.histograms import PUBLISHED_FILES, PublicPanel, public_panel
from balise.domain.panels.record import Panel
from balise.domain.panels.replacements import current_members
from balise.domain.shared.errors import NotFound
from balise.domain.shared.i18n import N_, Message
from balise.services.permissions import (
    NO_SUCH_PANEL,
    access_panel,
    can_organise_panels,
)
from balise.services.ports import UnitOfWork


def panel_id_of(panel: Panel) -> int:
    assert panel.id is not None
    return panel.id


def organiser_panels(uow: UnitOfWork, *, actor: Actor) -> list[Panel]:
    """The panels the actor may run: all for administrators, else their organisation's."""
    if actor.role is Role.ADMIN:
        return uow.panels.list_for(None)
    user = actor.user
    if can_organise_panels(actor) and user and user.organisation_id is not None:
        return uow.panels.list_for(user.organisation_id)
    return []


def list_published_panels(uow: UnitOfWork) -> list[Panel]:
    """Every panel whose commitment is published, newest first: public."""
    return uow.panels.list_published()


@dataclass(frozen=True)
class PanelList:
    published: list[Panel]
    mine: list[Panel]
    organisations: dict[int, Organisation]


def list_panels(uow: UnitOfWork, *, actor: Actor) -> PanelList:
    """The list page: the published panels, and those the actor organises with their owners."""
    mine = organiser_panels(uow, actor=actor)
    owners = {panel.organisation_id for panel in mine}
    return PanelList(
        published=list_published_panels(uow),
        mine=mine,
        organisations={
            o.id: o for o in uow.organisations.list_all() if o.id is not None and o.id in owners
        },
    )


def panel_organisations(uow: UnitOfWork, *, actor: Actor) -> list[Organisation]:
    """The organisations the actor may create a panel for."""
    if actor.role is Role.ADMIN:
        return uow.organisations.list_all()
    if can_organise_panels(actor) and actor.user and actor.user.organisation_id is not None:
        found = uow.organisations.get(actor.user.organisation_id)
        return [found] if found else []
    return []


def organiser_overview(uow: UnitOfWork, *, actor: Actor, slug: str) -> PanelOverview:
    """What the organiser's page shows at each step (contacts only as counts, and for the drawn)."""
    panel = access_panel(uow, actor, slug, for_="organise")
    panel_id = panel_id_of(panel)
    quotas = uow.panels.quotas(panel_id)
    people = uow.panels.people(panel_id)
    contacts = uow.panels.contacts(panel_id)
    draw = uow.panels.draw(panel_id)
    replacements = uow.panels.replacements(panel_id)
    members = current_members(draw.reveal.panel, replacements) if draw else []
    return PanelOverview(
        panel=panel,
        organisation=uow.organisations.get(panel.organisation_id),
        facts=uow.panels.facts(panel_id),
        quotas=quotas.quotas if quotas else (),
        people=len(people),
        contacts=len(contacts),
        selection=uow.panels.selection(panel_id),
        commitment=uow.panels.commitment(panel_id),
        draw=draw,
        drawn_people=drawn_people(members, people, contacts),
        replacements=tuple(replacements),
        invitations=uow.panels.invitations(panel_id),
    )


def _published_panel(uow: UnitOfWork, actor: Actor, slug: str) -> tuple[Panel, StoredCommitment]:
    panel = access_panel(uow, actor, slug, for_="view")
    stored = uow.panels.commitment(panel_id_of(panel))
    if not panel.state.published or stored is None:
        raise NotFound(NO_SUCH_PANEL)
    return panel, stored


def get_public_panel(uow: UnitOfWork, *, actor: Actor, slug: str) -> PublicPanel:
    """Everything the public page shows about a committed or drawn panel; never contacts."""
    panel, stored = _published_panel(uow, actor, slug)
    selection = uow.panels.selection(panel_id_of(panel))
    organisation = uow.organisations.get(panel.organisation_id)
    assert selection is not None
    assert organisation is not None
    return public_panel(
        panel,
        organisation=organisation,
        commitment=stored,
        selection=selection,
        draw=uow.panels.draw(panel_id_of(panel)),
        replacements=uow.panels.replacements(panel_id_of(panel)),
    )


def published_file(uow: UnitOfWork, *, slug: str, name: str, actor: Actor | None = None) -> Any:
    """One of the files `balise panel verify` reads, as published: pseudonymous ids and features."""
    if name not in PUBLISHED_FILES:
        raise NotFound(NO_SUCH_PANEL)
    panel, stored = _published_panel(uow, actor or Actor(), slug)
    if name == "published":
        return stored.published.to_json()
    if name == "reveal":
        draw = uow.panels.draw(panel_id_of(panel))
        if draw is None:
            raise NotFound(NO_SUCH_PANEL)
        return draw.reveal.to_json()
    if name == "replacements":
        if uow.panels.draw(panel_id_of(panel)) is None:
            raise NotFound(NO_SUCH_PANEL)
        return [r.to_json() for r in uow.panels.replacements(panel_id_of(panel))]
    return stored.published.files()[name]


def get_invitations(uow: UnitOfWork, *, actor: Actor, slug: str) -> Invitations:
    """The invited addresses with every column of the uploaded list, for the mail merge."""
    panel = access_panel(uow, actor, slug, for_="organise")
    invitations = uow.panels.invitations(panel_id_of(panel))
    if invitations is None:
        raise NotFound(Message(N_("No invitations have been drawn for this panel yet.")))
    return invitations
