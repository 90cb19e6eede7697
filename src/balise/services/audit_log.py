"""Recording changes in the audit log, reading a record's history, verifying the chain, and
signing checkpoints of its head."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from balise.domain.accounts.model import Actor
from balise.domain.audit_log.chain import (
    AuditEvent,
    NewEvent,
    PreparedEvent,
    Verification,
    verify,
)
from balise.domain.audit_log.checkpoints import Checkpoint, CheckpointComparison, compare, sign
from balise.services.permissions import has_oversight, require
from balise.services.ports import UnitOfWork


def record_event(
    uow: UnitOfWork,
    *,
    actor: Actor,
    event_type: str,
    entity_type: str,
    entity_id: object,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    return uow.audit_log.append(
        at=uow.clock.now(),
        actor=actor.display(),
        event_type=event_type,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=before,
        after=after,
    )


def record_events(uow: UnitOfWork, *, actor: Actor, events: Sequence[NewEvent]) -> list[AuditEvent]:
    """Many events of one action (a bulk import), appended in one short write."""
    return uow.audit_log.append_many(events, at=uow.clock.now(), actor=actor.display())


def record_prepared_events(
    uow: UnitOfWork, *, actor: Actor, events: Sequence[PreparedEvent]
) -> int:
    """A bulk change's events, prepared before its write (`chain.prepare`), appended as the
    write's last step: the log's lock is held for that step only."""
    return uow.audit_log.append_prepared(events, at=uow.clock.now(), actor=actor.display())


def verify_audit_log(
    uow: UnitOfWork, *, on_progress: Callable[[int, int], None] | None = None
) -> Verification:
    total = uow.audit_log.count()

    def progress(done: int) -> None:
        if on_progress is not None and (done % 500 == 0 or done == total):
            on_progress(done, total)

    keys = uow.audit_log.keyring.by_id
    return verify(uow.audit_log.iterate(), keys=keys, on_progress=progress)


def compare_with_checkpoints(uow: UnitOfWork) -> CheckpointComparison:
    """Every stored checkpoint against the chain: truncation, re-sealing, forged signatures."""
    checkpoints = uow.audit_log.checkpoints()
    head = uow.audit_log.head()
    return compare(
        checkpoints,
        head_seq=head[0] if head is not None else 0,
        hashes=uow.audit_log.hashes({checkpoint.seq for checkpoint in checkpoints}),
        keys=uow.audit_log.keyring.by_id,
    )


def take_checkpoint(
    uow: UnitOfWork, *, unless_within: timedelta | None = None
) -> Checkpoint | None:
    """Sign the head of the chain with the current key and keep the checkpoint.

    Nothing is taken for an empty log, when the head has not moved since the latest checkpoint,
    or when that checkpoint is more recent than `unless_within` (the periodic step).
    """
    head = uow.audit_log.head()
    if head is None:
        return None
    now = uow.clock.now()
    keyring = uow.audit_log.keyring
    latest = next(iter(uow.audit_log.checkpoints()), None)
    if latest is not None and latest.key_id == keyring.current.id:
        if latest.seq == head[0]:
            return None
        if unless_within is not None and now - latest.taken_at < unless_within:
            return None
    checkpoint = sign(keyring.current, seq=head[0], head=head[1], taken_at=now)
    uow.audit_log.add_checkpoint(checkpoint)
    return checkpoint


@dataclass(frozen=True)
class PublicKey:
    id: str
    hex: str
    pem: str
    current: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "algorithm": "Ed25519",
            "hex": self.hex,
            "pem": self.pem,
            "current": self.current,
        }


@dataclass(frozen=True)
class PublishedCheckpoints:
    """What the public checkpoints page and its open data show."""

    public_keys: list[PublicKey]
    checkpoints: list[Checkpoint]

    def as_dict(self) -> dict[str, Any]:
        return {
            "public_keys": [key.as_dict() for key in self.public_keys],
            "checkpoints": [checkpoint.as_dict() for checkpoint in self.checkpoints],
        }


def published_checkpoints(uow: UnitOfWork, *, actor: Actor) -> PublishedCheckpoints:
    """The checkpoints, newest first, and the public keys that check them (public)."""
    keyring = uow.audit_log.keyring
    keys = [
        PublicKey(key.id, key.public_key_hex, key.public_key_pem, key is keyring.current)
        for key in (keyring.current, *reversed(keyring.retired))
    ]
    return PublishedCheckpoints(keys, uow.audit_log.checkpoints())


def current_public_key(uow: UnitOfWork) -> PublicKey:
    """The key that signs new checkpoints, as the checkpoints page publishes it."""
    key = uow.audit_log.keyring.current
    return PublicKey(key.id, key.public_key_hex, key.public_key_pem, True)


def entity_history(uow: UnitOfWork, *, entity_type: str, entity_id: object) -> list[AuditEvent]:
    """The events of one record, oldest first; the caller has checked who may read them."""
    return uow.audit_log.history(entity_type, str(entity_id))


def latest_events(uow: UnitOfWork, *, actor: Actor, limit: int) -> tuple[int, list[AuditEvent]]:
    """How many events the log holds, and the latest ones (administrators and regulators)."""
    require(has_oversight(actor))
    return uow.audit_log.count(), uow.audit_log.latest(limit)
