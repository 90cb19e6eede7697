"""The registered audit connections of organisations (their addresses sealed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from balise.adapters.db.audit_connections_tables import audit_connections as table
from balise.domain.audits.connections import AuditConnection, ConnectionEngine


def connection_from_row(row: Any) -> AuditConnection:
    return AuditConnection(
        id=row.id,
        organisation_id=row.organisation_id,
        name=row.name,
        engine=ConnectionEngine(row.engine),
        address=row.address,
        target=row.target,
        sealed=row.sealed,
        has_password=bool(row.has_password),
        columns=dict(row.columns) if row.columns is not None else None,
        tested_at=row.tested_at,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class AuditConnectionRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, found: AuditConnection) -> AuditConnection:
        values = {
            "organisation_id": found.organisation_id,
            "name": found.name,
            "engine": found.engine.value,
            "address": found.address,
            "target": found.target,
            "sealed": found.sealed,
            "has_password": found.has_password,
            "columns": found.columns,
            "tested_at": found.tested_at,
            "created_by": found.created_by,
            "created_at": found.created_at,
            "updated_at": found.updated_at,
        }
        new_id = self.connection.execute(
            sa.insert(table).values(**values).returning(table.c.id)
        ).scalar_one()
        added = self.get(int(new_id))
        assert added is not None
        return added

    def get(self, connection_id: int) -> AuditConnection | None:
        row = self.connection.execute(sa.select(table).where(table.c.id == connection_id)).first()
        return connection_from_row(row) if row is not None else None

    def find(self, organisation_id: int, name: str) -> AuditConnection | None:
        row = self.connection.execute(
            sa.select(table).where(table.c.organisation_id == organisation_id, table.c.name == name)
        ).first()
        return connection_from_row(row) if row is not None else None

    def list_for(self, organisation_id: int) -> list[AuditConnection]:
        rows = self.connection.execute(
            sa.select(table)
            .where(table.c.organisation_id == organisation_id)
            .order_by(table.c.name, table.c.id)
        )
        return [connection_from_row(row) for row in rows]

    def list_all(self) -> list[AuditConnection]:
        rows = self.connection.execute(
            sa.select(table).order_by(table.c.organisation_id, table.c.name, table.c.id)
        )
        return [connection_from_row(row) for row in rows]

    def replace(self, changed: AuditConnection) -> None:
        """New details (the columns are forgotten until the connection is tested again)."""
        self.connection.execute(
            sa.update(table)
            .where(table.c.id == changed.id)
            .values(
                name=changed.name,
                engine=changed.engine.value,
                address=changed.address,
                target=changed.target,
                sealed=changed.sealed,
                has_password=changed.has_password,
                columns=changed.columns,
                tested_at=changed.tested_at,
                updated_at=changed.updated_at,
            )
        )

    def set_columns(self, connection_id: int, columns: dict[str, str], *, at: datetime) -> None:
        self.connection.execute(
            sa.update(table)
            .where(table.c.id == connection_id)
            .values(columns=columns, tested_at=at)
        )

    def remove(self, connection_id: int) -> None:
        self.connection.execute(sa.delete(table).where(table.c.id == connection_id))
