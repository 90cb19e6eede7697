"""The hash-chained audit log: appending under a lock, reading, walking the chain."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.domain.audit_log.chain import GENESIS, AuditEvent, seal


def _event_from_row(row: Row[Any]) -> AuditEvent:
    return AuditEvent(
        seq=row.seq,
        occurred_at=row.occurred_at,
        actor=row.actor,
        event_type=row.event_type,
        entity_type=row.entity_type,
        entity_id=row.entity_id,
        before=row.before,
        after=row.after,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


class AuditLog:
    """The chained audit log; appending takes the database's write lock first."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _lock(self) -> None:
        if self.connection.dialect.name == "postgresql":
            self.connection.execute(sa.text("LOCK TABLE audit_events IN EXCLUSIVE MODE"))
        # SQLite: every transaction already began with BEGIN IMMEDIATE.

    def append(
        self,
        *,
        at: datetime,
        actor: str,
        event_type: str,
        entity_type: str,
        entity_id: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> AuditEvent:
        if at.tzinfo is None:
            raise ValueError("naive datetime")
        at = at.astimezone(UTC)  # sealed as stored: the database gives it back in UTC
        self._lock()
        head = self.connection.execute(
            sa.select(t.audit_events.c.seq, t.audit_events.c.hash)
            .order_by(t.audit_events.c.seq.desc())
            .limit(1)
        ).first()
        seq = head.seq + 1 if head else 1
        prev_hash = head.hash if head else GENESIS
        fields: dict[str, Any] = {
            "seq": seq,
            "occurred_at": at,
            "actor": actor,
            "event_type": event_type,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "before": dict(before) if before is not None else None,
            "after": dict(after) if after is not None else None,
            "prev_hash": prev_hash,
        }
        digest = seal(**fields)
        self.connection.execute(t.audit_events.insert().values(**fields, hash=digest))
        return AuditEvent(**fields, hash=digest)

    def history(self, entity_type: str, entity_id: str) -> list[AuditEvent]:
        rows = self.connection.execute(
            sa.select(t.audit_events)
            .where(
                t.audit_events.c.entity_type == entity_type,
                t.audit_events.c.entity_id == entity_id,
            )
            .order_by(t.audit_events.c.seq)
        )
        return [_event_from_row(row) for row in rows]

    def iterate(self) -> Iterator[AuditEvent]:
        result = self.connection.execution_options(yield_per=1000).execute(
            sa.select(t.audit_events).order_by(t.audit_events.c.seq)
        )
        try:
            for row in result:
                yield _event_from_row(row)
        finally:
            result.close()  # a reader that stops early must not leave a server-side cursor open

    def latest(self, limit: int) -> list[AuditEvent]:
        rows = self.connection.execute(
            sa.select(t.audit_events).order_by(t.audit_events.c.seq.desc()).limit(limit)
        )
        return [_event_from_row(row) for row in rows]

    def count(self) -> int:
        return int(
            self.connection.execute(
                sa.select(sa.func.count()).select_from(t.audit_events)
            ).scalar_one()
        )
