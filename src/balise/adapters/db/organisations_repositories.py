"""Organisations: SQL in, domain objects out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.domain.organisations.model import (
    Contact,
    Level,
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
)
from balise.domain.shared.i18n import LocalizedText


class OrganisationRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @staticmethod
    def _values(organisation: Organisation) -> dict[str, Any]:
        return {
            "slug": organisation.slug,
            "name": organisation.name.as_dict(),
            "kind": organisation.kind.value,
            "level": organisation.government_level.value,
            "size_class": organisation.size_class.value,
            "sector": organisation.sector.value,
            "enterprise_number": organisation.enterprise_number,
            "contact_email": organisation.contact.email,
            "contact_phone": organisation.contact.phone,
            "contact_website": organisation.contact.website,
            "contact_address": organisation.contact.address,
        }

    @staticmethod
    def _from_row(row: Row[Any]) -> Organisation:
        return Organisation(
            id=row.id,
            slug=row.slug,
            name=LocalizedText.from_mapping(row.name),
            kind=OrganisationKind(row.kind),
            level=Level(row.level),
            size_class=SizeClass(row.size_class),
            sector=Sector(row.sector),
            enterprise_number=row.enterprise_number,
            contact=Contact(
                email=row.contact_email,
                phone=row.contact_phone,
                website=row.contact_website,
                address=row.contact_address,
            ),
        )

    def add(self, organisation: Organisation, *, at: datetime) -> Organisation:
        new_id = self.connection.execute(
            t.organisations.insert()
            .values(**self._values(organisation), created_at=at, updated_at=at)
            .returning(t.organisations.c.id)
        ).scalar_one()
        added = self.get(new_id)
        assert added is not None
        return added

    def update(self, organisation: Organisation, *, at: datetime) -> Organisation:
        self.connection.execute(
            t.organisations.update()
            .where(t.organisations.c.id == organisation.id)
            .values(**self._values(organisation), updated_at=at)
        )
        return organisation

    def _one(self, clause: sa.ColumnElement[bool]) -> Organisation | None:
        row = self.connection.execute(sa.select(t.organisations).where(clause)).first()
        return self._from_row(row) if row else None

    def get(self, organisation_id: int) -> Organisation | None:
        return self._one(t.organisations.c.id == organisation_id)

    def find_by_slug(self, slug: str) -> Organisation | None:
        return self._one(t.organisations.c.slug == slug)

    def find_by_enterprise_number(self, number: str) -> Organisation | None:
        return self._one(t.organisations.c.enterprise_number == number)

    def request_basis(self, organisation_id: int) -> str:
        column = t.organisations.c.request_basis
        found = self.connection.execute(
            sa.select(column).where(t.organisations.c.id == organisation_id)
        ).scalar_one_or_none()
        return str(found or "gdpr")

    def set_request_basis(self, organisation_id: int, basis: str) -> None:
        self.connection.execute(
            t.organisations.update()
            .where(t.organisations.c.id == organisation_id)
            .values(request_basis=basis)
        )

    def list_all(self) -> list[Organisation]:
        rows = self.connection.execute(sa.select(t.organisations).order_by(t.organisations.c.slug))
        return [self._from_row(row) for row in rows]
