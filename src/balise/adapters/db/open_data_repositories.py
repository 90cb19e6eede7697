"""What open data exports read: the portal's published entries, in batches of the primary key."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.domain.register.exports import PublishedEntry


class PublishedSystems:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @staticmethod
    def _entry(row: Row[Any, Any, Any, Any]) -> PublishedEntry:
        return PublishedEntry(
            system_id=row.system_id,
            document=dict(row.document),
            withdrawn=bool(row.withdrawn),
            withdrawal_reason=row.withdrawal_reason,
        )

    def batch(self, *, after: int, limit: int) -> list[PublishedEntry]:
        """Up to `limit` entries whose system id follows `after`, in id order (keyset paging)."""
        p = t.portal_systems
        rows = self.connection.execute(
            sa.select(p.c.system_id, p.c.document, p.c.withdrawn, p.c.withdrawal_reason)
            .where(p.c.system_id > after)
            .order_by(p.c.system_id)
            .limit(limit)
        )
        return [self._entry(row) for row in rows]

    def find(self, slug: str) -> PublishedEntry | None:
        p = t.portal_systems
        row = self.connection.execute(
            sa.select(p.c.system_id, p.c.document, p.c.withdrawn, p.c.withdrawal_reason).where(
                p.c.slug == slug
            )
        ).first()
        return self._entry(row) if row is not None else None

    def summary(self) -> tuple[int, datetime | None]:
        """How many entries there are, and when the latest one was published."""
        p = t.portal_systems
        row: Any = self.connection.execute(
            sa.select(sa.func.count(), sa.func.max(p.c.published_at))
        ).one()
        return int(row[0]), row[1]
