"""An append-only log of changes; each event is sealed by SHA-256 with its predecessor."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    occurred_at: datetime
    actor: str
    event_type: str
    entity_type: str
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    prev_hash: str
    hash: str


def seal(
    *,
    seq: int,
    occurred_at: datetime,
    actor: str,
    event_type: str,
    entity_type: str,
    entity_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    prev_hash: str,
) -> str:
    """The event's hash: SHA-256 of a canonical JSON of every field and the previous hash."""
    canonical = json.dumps(
        {
            "seq": seq,
            "occurred_at": occurred_at.isoformat(timespec="microseconds"),
            "actor": actor,
            "event_type": event_type,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "before": before,
            "after": after,
            "prev_hash": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    reason: str  # "edited", "inserted_or_deleted", "out_of_sequence"


@dataclass(frozen=True)
class Verification:
    checked: int
    head: str
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def as_dict(self) -> dict[str, Any]:
        broken = self.broken
        return {
            "ok": self.ok,
            "checked": self.checked,
            "head": self.head,
            "broken": {"seq": broken.seq, "reason": broken.reason} if broken else None,
        }


def verify(events: Iterable[AuditEvent], *, on_progress: Any = None) -> Verification:
    """Walk the chain in order and stop at the first event that does not hold.

    An edited event no longer matches its own hash; a deleted or inserted event breaks the link
    from the next event to its predecessor or the sequence of numbers.
    """
    previous_hash = GENESIS
    expected_seq = 1
    checked = 0
    for event in events:
        if event.seq != expected_seq:
            return Verification(checked, previous_hash, BrokenLink(event.seq, "out_of_sequence"))
        recomputed = seal(
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor=event.actor,
            event_type=event.event_type,
            entity_type=event.entity_type,
            entity_id=event.entity_id,
            before=event.before,
            after=event.after,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            return Verification(checked, previous_hash, BrokenLink(event.seq, "edited"))
        if event.prev_hash != previous_hash:
            return Verification(
                checked, previous_hash, BrokenLink(event.seq, "inserted_or_deleted")
            )
        previous_hash = event.hash
        expected_seq += 1
        checked += 1
        if on_progress is not None:
            on_progress(checked)
    return Verification(checked, previous_hash, None)
