"""The keyed, hash-chained audit log: appending under a lock, reading, walking the chain, and the
signed checkpoints of its head."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from balise.adapters.db import tables as t
from balise.adapters.db.audit_log_tables import audit_checkpoints
from balise.adapters.db.bulk import insert_many, stored_time
from balise.domain.audit_log.chain import (
    GENESIS,
    AuditEvent,
    NewEvent,
    PreparedEvent,
    canonical_json,
    seal,
    seal_prepared,
)
from balise.domain.audit_log.checkpoints import Checkpoint
from balise.domain.audit_log.keys import Keyring


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
        key_id=row.key_id,
    )


_PREPARED_COLUMNS = (
    "seq",
    "occurred_at",
    "actor",
    "event_type",
    "entity_type",
    "entity_id",
    "before",
    "after",
    "prev_hash",
    "hash",
    "key_id",
)


def _checkpoint_from_row(row: Row[Any]) -> Checkpoint:
    return Checkpoint(row.seq, row.hash, row.taken_at, row.key_id, row.signature)


class AuditLog:
    """The chained audit log; appending takes the log's lock first, and seals under the keyring's
    current key."""

    def __init__(self, connection: Connection, keyring: Keyring | None = None) -> None:
        self.connection = connection
        self._keyring = keyring

    @property
    def keyring(self) -> Keyring:
        if self._keyring is None:
            raise RuntimeError("this unit of work was opened without the audit log's keys")
        return self._keyring

    def lock(self) -> None:
        """Hold the log until the transaction ends: one writer at a time appends."""
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
        event = NewEvent(event_type, entity_type, entity_id, before, after)
        return self.append_many([event], at=at, actor=actor)[0]

    def append_many(
        self, events: Sequence[NewEvent], *, at: datetime, actor: str
    ) -> list[AuditEvent]:
        """Append events in order, in one statement under one short hold of the lock."""
        if at.tzinfo is None:
            raise ValueError("naive datetime")
        if not events:
            return []
        at = at.astimezone(UTC)  # sealed as stored: the database gives it back in UTC
        key = self.keyring.current
        self.lock()
        head = self.head()
        seq, prev_hash = head if head is not None else (0, GENESIS)
        sealed: list[AuditEvent] = []
        for event in events:
            seq += 1
            fields: dict[str, Any] = {
                "seq": seq,
                "occurred_at": at,
                "actor": actor,
                "event_type": event.event_type,
                "entity_type": event.entity_type,
                "entity_id": event.entity_id,
                "before": dict(event.before) if event.before is not None else None,
                "after": dict(event.after) if event.after is not None else None,
                "prev_hash": prev_hash,
            }
            prev_hash = seal(**fields, key=key)
            sealed.append(AuditEvent(**fields, hash=prev_hash, key_id=key.id))
        columns = [column.name for column in t.audit_events.c]
        self.connection.execute(
            t.audit_events.insert(),
            [{name: getattr(event, name) for name in columns} for event in sealed],
        )
        return sealed

    def append_prepared(self, events: Sequence[PreparedEvent], *, at: datetime, actor: str) -> int:
        """Append prepared events in order (a bulk import), taking the log's lock only now: the
        seals cost a few short fields each, and the states go in as the JSON text prepared
        before. Returns the number of the last event appended (0 when none were)."""
        if at.tzinfo is None:
            raise ValueError("naive datetime")
        if not events:
            return 0
        at = at.astimezone(UTC)
        occurred_at = canonical_json(at.isoformat(timespec="microseconds"))
        actor_json = canonical_json(actor)
        stamp = stored_time(self.connection, t.audit_events.c.occurred_at, at)
        # Sealed first against the head as it is now, without the lock; under the lock, only
        # if another writer appended meanwhile are the seals computed again.
        guess = self.head()
        rows = self._sealed_rows(events, guess, stamp, occurred_at, actor, actor_json)
        self.lock()
        head = self.head()
        if head != guess:
            rows = self._sealed_rows(events, head, stamp, occurred_at, actor, actor_json)
        insert_many(
            self.connection,
            t.audit_events,
            _PREPARED_COLUMNS,
            rows,
            json_columns=("before", "after"),
        )
        return int(rows[-1][0])

    def _sealed_rows(
        self,
        events: Sequence[PreparedEvent],
        head: tuple[int, str] | None,
        stamp: Any,
        occurred_at: str,
        actor: str,
        actor_json: str,
    ) -> list[tuple[Any, ...]]:
        """The rows of the events chained after `head`, in the order of `_PREPARED_COLUMNS`."""
        key = self.keyring.current
        seq, prev_hash = head if head is not None else (0, GENESIS)
        rows: list[tuple[Any, ...]] = []
        for event in events:
            seq += 1
            sealed = seal_prepared(
                event,
                seq=seq,
                occurred_at=occurred_at,
                actor=actor_json,
                prev_hash=prev_hash,
                key=key,
            )
            rows.append(
                (
                    seq,
                    stamp,
                    actor,
                    event.event_type,
                    event.entity_type,
                    event.entity_id,
                    event.before_json,
                    event.after_json,
                    prev_hash,
                    sealed,
                    key.id,
                )
            )
            prev_hash = sealed
        return rows

    def head(self) -> tuple[int, str] | None:
        """The number and hash of the last event, or None for an empty log."""
        row = self.connection.execute(
            sa.select(t.audit_events.c.seq, t.audit_events.c.hash)
            .order_by(t.audit_events.c.seq.desc())
            .limit(1)
        ).first()
        return (row.seq, row.hash) if row is not None else None

    def hashes(self, seqs: Collection[int]) -> dict[int, str]:
        """The stored hash of each of these events that exists."""
        rows = self.connection.execute(
            sa.select(t.audit_events.c.seq, t.audit_events.c.hash).where(
                t.audit_events.c.seq.in_(list(seqs))
            )
        )
        return {row.seq: row.hash for row in rows}

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

    def add_checkpoint(self, checkpoint: Checkpoint) -> None:
        self.connection.execute(
            audit_checkpoints.insert().values(
                seq=checkpoint.seq,
                hash=checkpoint.hash,
                taken_at=checkpoint.taken_at,
                key_id=checkpoint.key_id,
                signature=checkpoint.signature,
            )
        )

    def checkpoints(self) -> list[Checkpoint]:
        """Every checkpoint, newest first."""
        rows = self.connection.execute(
            sa.select(audit_checkpoints).order_by(audit_checkpoints.c.id.desc())
        )
        return [_checkpoint_from_row(row) for row in rows]
