"""An append-only log of changes; each event is sealed with its predecessor's seal.

Events are sealed by HMAC-SHA-256 under the audit log's key (`keys.py`), so that only the holder
of the key can seal an event; the key's id is part of what is sealed. Events written before the
chain was keyed carry no key id and keep their plain SHA-256 seal: they verify as they did, and
they are protected by every keyed event after them, whose seals cover their hashes. An unkeyed
event after a keyed one is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from balise.domain.audit_log.keys import ChainKey

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
    key_id: str | None = None  # None: sealed before the chain was keyed


@dataclass(frozen=True)
class NewEvent:
    """What a change records; the log adds the number, time, actor and seal."""

    event_type: str
    entity_type: str
    entity_id: str
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


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
    key: ChainKey | None = None,
) -> str:
    """The event's seal over a canonical JSON of every field and the previous hash: HMAC-SHA-256
    under `key` (whose id is sealed too), or plain SHA-256 for a legacy, unkeyed event."""
    fields: dict[str, Any] = {
        "seq": seq,
        "occurred_at": occurred_at.isoformat(timespec="microseconds"),
        "actor": actor,
        "event_type": event_type,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "before": before,
        "after": after,
        "prev_hash": prev_hash,
    }
    if key is not None:
        fields["key_id"] = key.id
    canonical = canonical_json(fields).encode()
    if key is None:
        return hashlib.sha256(canonical).hexdigest()
    return hmac.new(key.hmac_key, canonical, hashlib.sha256).hexdigest()


def canonical_json(value: Any) -> str:
    """The canonical JSON text that seals are computed over (sorted keys, no spaces)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _string_json(text: str) -> str:
    """`canonical_json` of a string, without the encoder for the plain ones (ids, hashes)."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return canonical_json(text)


@dataclass(frozen=True)
class PreparedEvent:
    """An event whose states before and after are already canonical JSON text.

    A bulk change (an import) prepares its events before it writes, so that sealing them under
    the log's lock costs only the few short fields that depend on the chain's head. A created
    record's event is prepared before the record has its id: `with_entity` gives it one.
    """

    event_type: str
    entity_type: str
    entity_id: str
    before_json: str  # "null" when there was nothing before
    after_json: str

    def with_entity(self, entity_id: str) -> PreparedEvent:
        return PreparedEvent(
            self.event_type, self.entity_type, entity_id, self.before_json, self.after_json
        )


def prepare(event: NewEvent) -> PreparedEvent:
    before = dict(event.before) if event.before is not None else None
    after = dict(event.after) if event.after is not None else None
    return PreparedEvent(
        event.event_type,
        event.entity_type,
        event.entity_id,
        canonical_json(before),
        canonical_json(after),
    )


def seal_prepared(
    event: PreparedEvent,
    *,
    seq: int,
    occurred_at: str,
    actor: str,
    prev_hash: str,
    key: ChainKey | None,
) -> str:
    """The same seal as `seal`, built from the prepared text: the canonical JSON of a flat object
    is its members in key order, so the short members are joined around the prepared ones.

    `occurred_at` and `actor` are given as their canonical JSON text (computed once per batch).
    """
    members = [
        f'"actor":{actor}',
        f'"after":{event.after_json}',
        f'"before":{event.before_json}',
        f'"entity_id":{_string_json(event.entity_id)}',
        f'"entity_type":{_string_json(event.entity_type)}',
        f'"event_type":{_string_json(event.event_type)}',
    ]
    if key is not None:
        members.append(f'"key_id":{_string_json(key.id)}')
    members += [
        f'"occurred_at":{occurred_at}',
        f'"prev_hash":{_string_json(prev_hash)}',
        f'"seq":{seq}',
    ]
    canonical = ("{" + ",".join(members) + "}").encode()
    if key is None:
        return hashlib.sha256(canonical).hexdigest()
    return hmac.new(key.hmac_key, canonical, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    reason: str  # edited, inserted_or_deleted, out_of_sequence, unknown_key, unkeyed


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


def _recomputed(event: AuditEvent, key: ChainKey | None) -> str:
    return seal(
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor=event.actor,
        event_type=event.event_type,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        before=event.before,
        after=event.after,
        prev_hash=event.prev_hash,
        key=key,
    )


def verify(
    events: Iterable[AuditEvent],
    *,
    keys: Mapping[str, ChainKey] | None = None,
    on_progress: Any = None,
) -> Verification:
    """Walk the chain in order and stop at the first event that does not hold.

    An edited event no longer matches its own seal; a deleted or inserted event breaks the link
    from the next event to its predecessor or the sequence of numbers. `keys` are the known keys
    by id: an event sealed under another key, or unkeyed after a keyed one, does not hold.
    """
    known = keys or {}
    previous_hash = GENESIS
    expected_seq = 1
    checked = 0
    keyed = False
    for event in events:
        broken: str | None = None
        key = known.get(event.key_id) if event.key_id is not None else None
        if event.seq != expected_seq:
            broken = "out_of_sequence"
        elif event.key_id is not None and key is None:
            broken = "unknown_key"
        elif event.key_id is None and keyed:
            broken = "unkeyed"
        elif not hmac.compare_digest(_recomputed(event, key), event.hash):
            broken = "edited"
        elif event.prev_hash != previous_hash:
            broken = "inserted_or_deleted"
        if broken is not None:
            return Verification(checked, previous_hash, BrokenLink(event.seq, broken))
        keyed = keyed or key is not None
        previous_hash = event.hash
        expected_seq += 1
        checked += 1
        if on_progress is not None:
            on_progress(checked)
    return Verification(checked, previous_hash, None)
