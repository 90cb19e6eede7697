"""The audit chain on events in memory: sealing, and each way a chain can be broken."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from balise.domain.audit_log.chain import GENESIS, AuditEvent, BrokenLink, seal, verify

START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def sealed(seq: int, prev_hash: str, **changes: Any) -> AuditEvent:
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
    return AuditEvent(**fields, hash=seal(**fields))


def chain(length: int) -> list[AuditEvent]:
    events: list[AuditEvent] = []
    for seq in range(1, length + 1):
        events.append(sealed(seq, events[-1].hash if events else GENESIS))
    return events


def reseal(event: AuditEvent, **changes: Any) -> AuditEvent:
    """What someone who knows the algorithm does: change the event and compute a new hash."""
    legacy = (
        "hash",
        "key_id",
    )  # these hand-made events are unkeyed: see test_audit_log_checkpoints
    fields = {key: value for key, value in asdict(event).items() if key not in legacy} | changes
    return AuditEvent(**fields, hash=seal(**fields))


def test_an_intact_chain_verifies_up_to_its_head() -> None:
    events = chain(5)

    verification = verify(events)

    assert verification.ok
    assert (verification.checked, verification.head) == (5, events[-1].hash)


def test_an_empty_chain_is_intact_at_the_genesis() -> None:
    verification = verify([])

    assert verification.ok
    assert (verification.checked, verification.head) == (0, GENESIS)


def test_an_edited_event_no_longer_matches_its_hash() -> None:
    events = chain(5)
    events[1] = replace(events[1], after={"slug": "tampered"})

    verification = verify(events)

    assert verification.broken == BrokenLink(2, "edited")
    assert (verification.checked, verification.head) == (1, events[0].hash)


def test_a_deleted_event_breaks_the_sequence() -> None:
    events = chain(5)
    del events[1]

    assert verify(events).broken == BrokenLink(3, "out_of_sequence")


def test_renumbering_after_a_deletion_is_found_as_an_edit() -> None:
    events = chain(5)
    del events[1]
    events[1:] = [replace(event, seq=event.seq - 1) for event in events[1:]]

    assert verify(events).broken == BrokenLink(2, "edited")


def test_a_resealed_event_breaks_the_link_from_the_next_one() -> None:
    events = chain(5)
    events[1] = reseal(events[1], actor="intruder@example.be")

    assert verify(events).broken == BrokenLink(3, "inserted_or_deleted")


def test_a_chain_that_does_not_start_at_the_genesis_is_found() -> None:
    events = chain(3)
    events[0] = reseal(events[0], prev_hash="f" * 64)

    assert verify(events).broken == BrokenLink(1, "inserted_or_deleted")


def test_a_rewritten_tail_verifies_but_changes_the_head_kept_elsewhere() -> None:
    events = chain(4)
    head = verify(events).head
    forged = reseal(events[3], after={"slug": "forged"})

    verification = verify([*events[:3], forged])

    assert verification.ok
    assert verification.head != head


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seq", 9),
        ("occurred_at", START),
        ("actor", "someone@example.be"),
        ("event_type", "organisation.updated"),
        ("entity_type", "user"),
        ("entity_id", "9"),
        ("before", {"slug": "x"}),
        ("after", None),
        ("prev_hash", "e" * 64),
    ],
)
def test_the_seal_covers_every_field(field: str, value: Any) -> None:
    event = sealed(1, GENESIS)

    assert reseal(event, **{field: value}).hash != event.hash


def test_the_seal_does_not_depend_on_the_order_of_keys() -> None:
    one = sealed(1, GENESIS, after={"a": 1, "b": 2})
    two = sealed(1, GENESIS, after={"b": 2, "a": 1})

    assert one.hash == two.hash


def test_progress_is_reported_after_each_event() -> None:
    seen: list[int] = []

    verify(chain(3), on_progress=seen.append)

    assert seen == [1, 2, 3]
