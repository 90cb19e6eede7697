"""The keyed chain and its signed checkpoints on hand-made events: sealing under a key, legacy
events, rotation, signatures anyone can check, truncation and re-sealing found."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from balise.domain.audit_log.chain import GENESIS, AuditEvent, BrokenLink, seal, verify
from balise.domain.audit_log.checkpoints import CheckpointProblem, compare, sign, statement
from balise.domain.audit_log.keys import ChainKey, Keyring

START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
KEY = ChainKey.from_text("k" * 40)
NEXT_KEY = ChainKey.from_text("n" * 40)
STOLEN_DATABASE_ONLY = ChainKey.from_text("m" * 40)  # what a forger without the key would use


def event(seq: int, prev_hash: str, key: ChainKey | None, **changes: Any) -> AuditEvent:
    fields: dict[str, Any] = {
        "seq": seq,
        "occurred_at": START + timedelta(minutes=seq),
        "actor": "root@example.be",
        "event_type": "organisation.created",
        "entity_type": "organisation",
        "entity_id": str(seq),
        "before": None,
        "after": {"slug": f"org-{seq}"},
        "prev_hash": prev_hash,
    } | changes
    return AuditEvent(**fields, hash=seal(**fields, key=key), key_id=key.id if key else None)


def chain(keys: list[ChainKey | None]) -> list[AuditEvent]:
    events: list[AuditEvent] = []
    for seq, key in enumerate(keys, start=1):
        events.append(event(seq, events[-1].hash if events else GENESIS, key))
    return events


def resealed_from(
    events: list[AuditEvent], index: int, key: ChainKey | None, claimed_id: str | None = None
) -> list[AuditEvent]:
    """Rewrite one event and recompute every later seal, as a forger holding `key` would (and
    labelling the events with `claimed_id`, when given)."""
    forged = events[:index]
    for original in events[index:]:
        fields = {k: v for k, v in asdict(original).items() if k not in ("hash", "key_id")}
        fields["prev_hash"] = forged[-1].hash if forged else GENESIS
        if original is events[index]:
            fields["after"] = {"slug": "forged"}
        key_id = claimed_id or (key.id if key else None)
        forged.append(AuditEvent(**fields, hash=seal(**fields, key=key), key_id=key_id))
    return forged


KEYS = Keyring(KEY).by_id


def test_a_keyed_chain_verifies_with_its_key_only() -> None:
    events = chain([KEY, KEY, KEY])

    assert verify(events, keys=KEYS).ok
    assert verify(events).broken == BrokenLink(1, "unknown_key")


def test_the_key_changes_the_seal_and_the_key_id_is_sealed() -> None:
    plain = event(1, GENESIS, None)
    keyed = event(1, GENESIS, KEY)

    assert keyed.hash != plain.hash
    assert verify([replace(keyed, key_id=NEXT_KEY.id)], keys=Keyring(KEY, (NEXT_KEY,)).by_id)
    assert verify(
        [replace(keyed, key_id=NEXT_KEY.id)], keys=Keyring(KEY, (NEXT_KEY,)).by_id
    ).broken == BrokenLink(1, "edited")


def test_resealing_without_the_key_is_found_as_an_edit() -> None:
    events = chain([KEY] * 5)

    plain_sha256 = resealed_from(events, 2, None)
    another_key = resealed_from(events, 2, STOLEN_DATABASE_ONLY)
    another_key_labelled_as_ours = resealed_from(events, 2, STOLEN_DATABASE_ONLY, KEY.id)

    assert verify(plain_sha256, keys=KEYS).broken == BrokenLink(3, "unkeyed")
    assert verify(another_key, keys=KEYS).broken == BrokenLink(3, "unknown_key")
    assert verify(another_key_labelled_as_ours, keys=KEYS).broken == BrokenLink(3, "edited")


def test_legacy_events_verify_and_are_covered_by_the_keyed_ones_after_them() -> None:
    events = chain([None, None, KEY, KEY])

    assert verify(events, keys=KEYS).ok
    forged_legacy = resealed_from(events[:2], 1, None) + events[2:]
    assert verify(forged_legacy, keys=KEYS).broken == BrokenLink(3, "inserted_or_deleted")


def test_an_unkeyed_event_after_a_keyed_one_is_refused() -> None:
    events = chain([None, KEY])
    events.append(event(3, events[-1].hash, None))

    assert verify(events, keys=KEYS).broken == BrokenLink(3, "unkeyed")


def test_after_a_rotation_both_keys_verify_the_chain() -> None:
    events = chain([KEY, KEY, NEXT_KEY])

    assert verify(events, keys=Keyring(NEXT_KEY, (KEY,)).by_id).ok
    assert verify(events, keys=Keyring(NEXT_KEY).by_id).broken == BrokenLink(1, "unknown_key")


def test_a_key_shorter_than_32_characters_is_refused() -> None:
    with pytest.raises(ValueError, match="32"):
        ChainKey.from_text("short")


def test_a_checkpoint_signature_checks_with_the_published_public_key_alone() -> None:
    checkpoint = sign(KEY, seq=7, head="a" * 64, taken_at=START)
    published = load_pem_public_key(KEY.public_key_pem.encode())

    published.verify(bytes.fromhex(checkpoint.signature), checkpoint.statement)  # type: ignore[union-attr, call-arg]
    assert checkpoint.statement == (
        b"balise-audit-checkpoint/1 seq=7 hash="
        + b"a" * 64
        + b" taken_at=2026-12-03T09:00:00+00:00"
    )
    assert checkpoint.statement == statement(7, "a" * 64, START)
    assert checkpoint.signed_by(KEYS)
    assert not replace(checkpoint, seq=8).signed_by(KEYS)
    assert not checkpoint.signed_by(Keyring(NEXT_KEY).by_id)


def test_comparing_checkpoints_finds_truncation_and_resealing() -> None:
    events = chain([KEY] * 6)
    hashes = {e.seq: e.hash for e in events}
    at_four = sign(KEY, seq=4, head=hashes[4], taken_at=START)
    at_six = sign(KEY, seq=6, head=hashes[6], taken_at=START + timedelta(hours=1))

    intact = compare([at_six, at_four], head_seq=6, hashes=hashes, keys=KEYS)
    assert intact.ok
    assert intact.checked == 2

    cut = compare([at_six, at_four], head_seq=5, hashes=hashes, keys=KEYS)
    assert cut.problems == (CheckpointProblem(6, "truncated"),)

    forged = {e.seq: e.hash for e in resealed_from(events, 2, KEY)}
    resealed = compare([at_six, at_four], head_seq=6, hashes=forged, keys=KEYS)
    assert resealed.problems == (
        CheckpointProblem(6, "resealed"),
        CheckpointProblem(4, "resealed"),
    )


def test_a_checkpoint_not_signed_by_a_known_key_is_reported() -> None:
    events = chain([KEY, KEY])
    forged = sign(STOLEN_DATABASE_ONLY, seq=2, head=events[1].hash, taken_at=START)

    comparison = compare([forged], head_seq=2, hashes={e.seq: e.hash for e in events}, keys=KEYS)

    assert comparison.problems == (CheckpointProblem(2, "bad_signature"),)
