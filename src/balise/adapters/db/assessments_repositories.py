"""Repositories of the assessments area: assessments, committees and FRIA exemptions.

Assessments and committees are JSON documents with a `schema_version`, read back into domain
objects here, so no dictionary leaves the adapter.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import assessments_tables as t
from balise.adapters.db.tables import organisations, systems
from balise.domain.assessments.model import Assessment, AssessmentState, Committee, Exemption
from balise.domain.assessments.subject import AssessedSystem
from balise.domain.shared.i18n import Language, LocalizedText


def _assessment(row: Row[Any]) -> Assessment:
    return Assessment.from_json(
        row.document,
        system_id=row.system_id,
        organisation_id=row.organisation_id,
        committee_id=row.committee_id,
        id=row.id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class AssessmentRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _columns(self, assessment: Assessment) -> dict[str, Any]:
        return {
            "state": assessment.state.value,
            "committee_id": assessment.committee_id,
            "notified_at": assessment.notified_at,
            "document": assessment.to_json(),
        }

    def add(self, assessment: Assessment, *, at: datetime) -> Assessment:
        new_id = self.connection.execute(
            t.assessments.insert()
            .values(
                system_id=assessment.system_id,
                organisation_id=assessment.organisation_id,
                template=assessment.template.value,
                number=assessment.number,
                created_at=at,
                updated_at=at,
                **self._columns(assessment),
            )
            .returning(t.assessments.c.id)
        ).scalar_one()
        added = self.get(new_id)
        assert added is not None
        return added

    def update(self, assessment: Assessment, *, at: datetime) -> Assessment:
        assert assessment.id is not None
        self.connection.execute(
            t.assessments.update()
            .where(t.assessments.c.id == assessment.id)
            .values(updated_at=at, **self._columns(assessment))
        )
        updated = self.get(assessment.id)
        assert updated is not None
        return updated

    def get(self, assessment_id: int) -> Assessment | None:
        row = self.connection.execute(
            sa.select(t.assessments).where(t.assessments.c.id == assessment_id)
        ).first()
        return _assessment(row) if row is not None else None

    def _list(self, *conditions: Any) -> list[Assessment]:
        rows = self.connection.execute(
            sa.select(t.assessments)
            .where(*conditions)
            .order_by(t.assessments.c.updated_at.desc(), t.assessments.c.id.desc())
        )
        return [_assessment(row) for row in rows]

    def list_for_system(self, system_id: int) -> list[Assessment]:
        return self._list(t.assessments.c.system_id == system_id)

    def list_for_organisation(self, organisation_id: int | None) -> list[Assessment]:
        if organisation_id is None:
            return self._list()
        return self._list(t.assessments.c.organisation_id == organisation_id)

    def list_for_committees(self, committee_ids: list[int]) -> list[Assessment]:
        if not committee_ids:
            return []
        return self._list(t.assessments.c.committee_id.in_(committee_ids))

    def list_notified(self) -> list[Assessment]:
        return self._list(t.assessments.c.notified_at.is_not(None))

    def list_in_states(self, states: list[AssessmentState]) -> list[Assessment]:
        return self._list(t.assessments.c.state.in_([s.value for s in states]))

    def next_number(self, system_id: int, template: str) -> int:
        found = self.connection.execute(
            sa.select(sa.func.max(t.assessments.c.number)).where(
                t.assessments.c.system_id == system_id, t.assessments.c.template == template
            )
        ).scalar()
        return int(found or 0) + 1

    def assessed_systems(self, system_ids: Collection[int]) -> dict[int, AssessedSystem]:
        """The systems of a list of assessments with their organisations, in one query."""
        if not system_ids:
            return {}
        rows = self.connection.execute(
            sa.select(
                systems.c.id,
                systems.c.slug,
                systems.c.default_language,
                systems.c.version,
                systems.c.fields["name"].label("names"),
                organisations.c.slug.label("organisation_slug"),
                organisations.c.name.label("organisation_name"),
            )
            .join(organisations, organisations.c.id == systems.c.organisation_id)
            .where(systems.c.id.in_(sorted(set(system_ids))))
        )
        return {
            row.id: AssessedSystem(
                system_id=row.id,
                slug=row.slug,
                default_language=Language(row.default_language),
                published=row.version > 0,
                organisation_slug=row.organisation_slug,
                organisation_name=LocalizedText.from_mapping(row.organisation_name or {}),
                names=dict(row.names or {}),
            )
            for row in rows
        }


def _committee(row: Row[Any]) -> Committee:
    return Committee.from_json(
        row.document, slug=row.slug, organisation_id=row.organisation_id, id=row.id
    )


class CommitteeRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, committee: Committee, *, at: datetime) -> Committee:
        new_id = self.connection.execute(
            t.assessment_committees.insert()
            .values(
                slug=committee.slug,
                organisation_id=committee.organisation_id,
                document=committee.to_json(),
                created_at=at,
                updated_at=at,
            )
            .returning(t.assessment_committees.c.id)
        ).scalar_one()
        added = self.get(new_id)
        assert added is not None
        return added

    def update(self, committee: Committee, *, at: datetime) -> Committee:
        assert committee.id is not None
        self.connection.execute(
            t.assessment_committees.update()
            .where(t.assessment_committees.c.id == committee.id)
            .values(document=committee.to_json(), updated_at=at)
        )
        updated = self.get(committee.id)
        assert updated is not None
        return updated

    def get(self, committee_id: int) -> Committee | None:
        row = self.connection.execute(
            sa.select(t.assessment_committees).where(t.assessment_committees.c.id == committee_id)
        ).first()
        return _committee(row) if row is not None else None

    def find_by_slug(self, slug: str) -> Committee | None:
        row = self.connection.execute(
            sa.select(t.assessment_committees).where(t.assessment_committees.c.slug == slug)
        ).first()
        return _committee(row) if row is not None else None

    def list_all(self) -> list[Committee]:
        rows = self.connection.execute(
            sa.select(t.assessment_committees).order_by(t.assessment_committees.c.slug)
        )
        return [_committee(row) for row in rows]


class ExemptionRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, exemption: Exemption) -> Exemption:
        new_id = self.connection.execute(
            t.assessment_exemptions.insert()
            .values(
                system_id=exemption.system_id,
                reason=exemption.reason,
                created_by_label=exemption.by,
                created_at=exemption.at,
            )
            .returning(t.assessment_exemptions.c.id)
        ).scalar_one()
        return Exemption(exemption.system_id, exemption.reason, exemption.by, exemption.at, new_id)

    def latest_for_system(self, system_id: int) -> Exemption | None:
        row = self.connection.execute(
            sa.select(t.assessment_exemptions)
            .where(t.assessment_exemptions.c.system_id == system_id)
            .order_by(t.assessment_exemptions.c.id.desc())
        ).first()
        if row is None:
            return None
        return Exemption(row.system_id, row.reason, row.created_by_label, row.created_at, row.id)
