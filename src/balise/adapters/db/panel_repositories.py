"""Citizens' panels in the database: settings, pool, quotas, contacts (apart), results.

The only place panel facts are JSON: each result is read back into its typed document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.domain.panels.documents import (
    Invitations,
    PanelFacts,
    PublishedDraw,
    Reveal,
    SelectionResult,
    StoredCommitment,
    StoredDraw,
    StoredSelection,
)
from balise.domain.panels.feasibility import Feasibility
from balise.domain.panels.model import Person, Quota, Quotas
from balise.domain.panels.record import Panel, PanelAlgorithm, PanelState
from balise.domain.panels.replacements import Replacement
from balise.domain.shared.i18n import LocalizedText


def _panel(row: Row[Any]) -> Panel:
    return Panel(
        id=row.id,
        organisation_id=row.organisation_id,
        slug=row.slug,
        title=LocalizedText.from_mapping(dict(row.title)),
        size=row.size,
        algorithm=PanelAlgorithm(row.algorithm),
        lottery_size=row.lottery_size,
        state=PanelState(row.state),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class PanelRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # --- the panel itself ---------------------------------------------------------------------

    def add(self, panel: Panel, *, at: datetime) -> Panel:
        result = self.connection.execute(
            t.panels.insert().values(
                slug=panel.slug,
                organisation_id=panel.organisation_id,
                title=panel.title.as_dict(),
                size=panel.size,
                algorithm=panel.algorithm.value,
                lottery_size=panel.lottery_size,
                state=panel.state.value,
                created_at=at,
                updated_at=at,
            )
        )
        assert result.inserted_primary_key is not None
        found = self.get(int(result.inserted_primary_key[0]))
        assert found is not None
        return found

    def set_state(self, panel_id: int, state: PanelState, *, at: datetime) -> None:
        self.connection.execute(
            t.panels.update()
            .where(t.panels.c.id == panel_id)
            .values(state=state.value, updated_at=at)
        )

    def set_title(self, panel_id: int, title: LocalizedText, *, at: datetime) -> None:
        self.connection.execute(
            t.panels.update()
            .where(t.panels.c.id == panel_id)
            .values(title=title.as_dict(), updated_at=at)
        )

    def get(self, panel_id: int) -> Panel | None:
        row = self.connection.execute(sa.select(t.panels).where(t.panels.c.id == panel_id)).first()
        return _panel(row) if row else None

    def find_by_slug(self, slug: str) -> Panel | None:
        row = self.connection.execute(sa.select(t.panels).where(t.panels.c.slug == slug)).first()
        return _panel(row) if row else None

    def list_for(self, organisation_id: int | None) -> list[Panel]:
        """The panels of one organisation, or of all when `organisation_id` is None."""
        query = sa.select(t.panels).order_by(t.panels.c.created_at.desc(), t.panels.c.id.desc())
        if organisation_id is not None:
            query = query.where(t.panels.c.organisation_id == organisation_id)
        return [_panel(row) for row in self.connection.execute(query)]

    def list_published(self) -> list[Panel]:
        query = (
            sa.select(t.panels)
            .where(t.panels.c.state.in_([PanelState.COMMITTED.value, PanelState.DRAWN.value]))
            .order_by(t.panels.c.updated_at.desc(), t.panels.c.id.desc())
        )
        return [_panel(row) for row in self.connection.execute(query)]

    def facts(self, panel_id: int) -> PanelFacts:
        """What the pool upload and the selection job left on the panel."""
        row = self.connection.execute(
            sa.select(
                t.panels.c.pool_sha256, t.panels.c.feasibility, t.panels.c.selection_job
            ).where(t.panels.c.id == panel_id)
        ).one()
        return PanelFacts(
            pool_sha256=row.pool_sha256,
            feasibility=Feasibility.from_json(row.feasibility) if row.feasibility else None,
            selection_job=row.selection_job,
        )

    def set_selection_job(self, panel_id: int, job_id: str) -> None:
        self.connection.execute(
            t.panels.update().where(t.panels.c.id == panel_id).values(selection_job=job_id)
        )

    # --- pool, quotas and contacts --------------------------------------------------------------

    def replace_pool(
        self,
        panel_id: int,
        *,
        people: Sequence[Person],
        quotas: Quotas,
        contacts: Mapping[str, Mapping[str, str]],
        pool_sha256: str,
        feasibility: Feasibility,
    ) -> None:
        """A new pool: the old people, quotas, contacts and selection go."""
        for table in (t.panel_people, t.panel_quotas, t.panel_contacts, t.panel_selections):
            self.connection.execute(table.delete().where(table.c.panel_id == panel_id))
        if people:
            self.connection.execute(
                t.panel_people.insert(),
                [
                    {
                        "panel_id": panel_id,
                        "person_id": person.id,
                        "position": position,
                        "features": dict(person.features),
                    }
                    for position, person in enumerate(people)
                ],
            )
        self.connection.execute(
            t.panel_quotas.insert(),
            [
                {
                    "panel_id": panel_id,
                    "position": position,
                    "category": quota.category,
                    "value": quota.value,
                    "minimum": quota.minimum,
                    "maximum": quota.maximum,
                    "min_flex": quota.min_flex,
                    "max_flex": quota.max_flex,
                }
                for position, quota in enumerate(quotas.quotas)
            ],
        )
        if contacts:
            self.connection.execute(
                t.panel_contacts.insert(),
                [
                    {"panel_id": panel_id, "person_id": person_id, "details": dict(details)}
                    for person_id, details in contacts.items()
                ],
            )
        self.connection.execute(
            t.panels.update()
            .where(t.panels.c.id == panel_id)
            .values(
                pool_sha256=pool_sha256,
                feasibility=feasibility.to_json(),
                selection_job=None,
            )
        )

    def people(self, panel_id: int) -> tuple[Person, ...]:
        query = (
            sa.select(t.panel_people.c.person_id, t.panel_people.c.features)
            .where(t.panel_people.c.panel_id == panel_id)
            .order_by(t.panel_people.c.position)
        )
        return tuple(
            Person(row.person_id, dict(row.features)) for row in self.connection.execute(query)
        )

    def quotas(self, panel_id: int) -> Quotas | None:
        query = (
            sa.select(t.panel_quotas)
            .where(t.panel_quotas.c.panel_id == panel_id)
            .order_by(t.panel_quotas.c.position)
        )
        found = tuple(
            Quota(row.category, row.value, row.minimum, row.maximum, row.min_flex, row.max_flex)
            for row in self.connection.execute(query)
        )
        return Quotas(found) if found else None

    def contacts(self, panel_id: int) -> dict[str, dict[str, str]]:
        query = (
            sa.select(t.panel_contacts.c.person_id, t.panel_contacts.c.details)
            .where(t.panel_contacts.c.panel_id == panel_id)
            .order_by(t.panel_contacts.c.person_id)
        )
        return {row.person_id: dict(row.details) for row in self.connection.execute(query)}

    def delete_contact(self, panel_id: int, person_id: str) -> bool:
        """Forget one person's contact details; True when there were some."""
        result = self.connection.execute(
            t.panel_contacts.delete().where(
                (t.panel_contacts.c.panel_id == panel_id)
                & (t.panel_contacts.c.person_id == person_id)
            )
        )
        return bool(result.rowcount)

    def has_person(self, panel_id: int, person_id: str) -> bool:
        found = self.connection.execute(
            sa.select(t.panel_people.c.person_id).where(
                (t.panel_people.c.panel_id == panel_id) & (t.panel_people.c.person_id == person_id)
            )
        ).first()
        return found is not None

    # --- results: selection, commitment, draw, invitations ------------------------------------

    def _replace(self, table: sa.Table, panel_id: int, **values: Any) -> None:
        self.connection.execute(table.delete().where(table.c.panel_id == panel_id))
        self.connection.execute(table.insert().values(panel_id=panel_id, **values))

    def _row(self, table: sa.Table, panel_id: int) -> Row[Any] | None:
        return self.connection.execute(sa.select(table).where(table.c.panel_id == panel_id)).first()

    def save_selection(self, panel_id: int, selection: StoredSelection) -> None:
        self._replace(
            t.panel_selections,
            panel_id,
            pool_sha256=selection.pool_sha256,
            result=selection.result.to_json(),
            computed_at=selection.computed_at,
        )

    def selection(self, panel_id: int) -> StoredSelection | None:
        row = self._row(t.panel_selections, panel_id)
        if row is None:
            return None
        return StoredSelection(
            pool_sha256=row.pool_sha256,
            result=SelectionResult.from_json(row.result),
            computed_at=row.computed_at,
        )

    def save_commitment(self, panel_id: int, commitment: StoredCommitment) -> None:
        self._replace(
            t.panel_commitments,
            panel_id,
            commitment_sha256=commitment.commitment_sha256,
            published=commitment.published.to_json(),
            committed_at=commitment.committed_at,
        )

    def commitment(self, panel_id: int) -> StoredCommitment | None:
        row = self._row(t.panel_commitments, panel_id)
        if row is None:
            return None
        return StoredCommitment(PublishedDraw.from_json(row.published), row.committed_at)

    def save_draw(self, panel_id: int, draw: StoredDraw) -> None:
        self._replace(t.panel_draws, panel_id, reveal=draw.reveal.to_json(), drawn_at=draw.drawn_at)

    def draw(self, panel_id: int) -> StoredDraw | None:
        row = self._row(t.panel_draws, panel_id)
        if row is None:
            return None
        return StoredDraw(Reveal.from_json(row.reveal), row.drawn_at)

    def add_replacement(self, panel_id: int, replacement: Replacement, *, at: datetime) -> None:
        self.connection.execute(
            t.panel_replacements.insert().values(
                panel_id=panel_id,
                position=replacement.position,
                dropped_id=replacement.dropped,
                chosen_id=replacement.chosen,
                quotas_kept=replacement.quotas_kept,
                replaced_at=at,
            )
        )

    def replacements(self, panel_id: int) -> list[Replacement]:
        table = t.panel_replacements
        rows = self.connection.execute(
            sa.select(table).where(table.c.panel_id == panel_id).order_by(table.c.position)
        )
        return [
            Replacement(
                position=row.position,
                dropped=row.dropped_id,
                chosen=row.chosen_id,
                quotas_kept=row.quotas_kept,
                replaced_at=row.replaced_at,
            )
            for row in rows
        ]

    def save_invitations(self, panel_id: int, invitations: Invitations) -> None:
        self._replace(
            t.panel_invitations,
            panel_id,
            letters=invitations.letters,
            seed=invitations.seed,
            allocation=dict(invitations.allocation),
            columns=list(invitations.columns),
            invited=[list(row) for row in invitations.invited],
            drawn_at=invitations.drawn_at,
        )

    def invitations(self, panel_id: int) -> Invitations | None:
        row = self._row(t.panel_invitations, panel_id)
        if row is None:
            return None
        return Invitations(
            letters=row.letters,
            seed=row.seed,
            allocation={str(k): int(v) for k, v in row.allocation.items()},
            columns=tuple(str(c) for c in row.columns),
            invited=tuple(tuple(str(c) for c in r) for r in row.invited),
            drawn_at=row.drawn_at,
        )
