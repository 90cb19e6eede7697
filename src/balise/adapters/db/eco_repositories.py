"""The footprints of records and their eco-labels."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from balise.adapters.db import tables as t
from balise.adapters.db.eco_tables import eco_footprints as footprints
from balise.domain.eco.footprint import Footprint


class FootprintRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, system_id: int) -> Footprint | None:
        row = self.connection.execute(
            sa.select(footprints.c.document).where(footprints.c.system_id == system_id)
        ).first()
        return Footprint.from_json(row.document) if row is not None else None

    def put(self, system_id: int, footprint: Footprint, *, at: datetime) -> None:
        """Store the footprint, replacing the one the record had."""
        normalised = footprint.per_thousand()
        values = {
            "document": footprint.to_json(),
            "label": footprint.label.letter if footprint.label else None,
            "label_rule_version": footprint.label.rule_version if footprint.label else None,
            "carbon_g_per_1000": normalised.carbon_g.value if normalised else None,
            "graded_on": footprint.graded_on,
            "updated_at": at,
        }
        updated = self.connection.execute(
            sa.update(footprints).where(footprints.c.system_id == system_id).values(**values)
        )
        if not updated.rowcount:
            self.connection.execute(sa.insert(footprints).values(system_id=system_id, **values))

    def labels(self) -> dict[int, tuple[str, date]]:
        """Each labelled record's letter and the day it was graded."""
        rows = self.connection.execute(
            sa.select(footprints.c.system_id, footprints.c.label, footprints.c.graded_on).where(
                footprints.c.label.is_not(None)
            )
        )
        return {row.system_id: (row.label, row.graded_on) for row in rows}

    def published_labels(self) -> dict[str, int]:
        """How many published, not withdrawn records carry each label."""
        p = t.portal_systems
        rows = self.connection.execute(
            sa.select(footprints.c.label, sa.func.count())
            .select_from(footprints.join(p, p.c.system_id == footprints.c.system_id))
            .where(footprints.c.label.is_not(None), p.c.withdrawn.is_(False))
            .group_by(footprints.c.label)
        )
        return {row.label: int(row[1]) for row in rows}
