"""Cutting or re-sealing the audit log is found (issue #16, item 5), on both databases.

The chain is keyed (HMAC under a key kept outside the database) and its head is checkpointed
with an Ed25519 signature; `balise audit-log verify --against-checkpoints` compares the two.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa

from balise.adapters.db.tables import audit_events
from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.config import Settings
from balise.domain.accounts.model import PUBLIC
from balise.domain.audit_log.chain import AuditEvent, seal
from balise.domain.audit_log.keys import ChainKey
from balise.services.audit_log import (
    compare_with_checkpoints,
    published_checkpoints,
    take_checkpoint,
    verify_audit_log,
)


def events_of(container: Container) -> list[AuditEvent]:
    with container.uow(read_only=True) as uow:
        return list(uow.audit_log.iterate())


def checkpoint_now(container: Container) -> None:
    with container.uow() as uow:
        assert take_checkpoint(uow) is not None
        uow.commit()


def reseal_from(container: Container, seq: int, key: ChainKey | None) -> None:
    """What a forger does: rewrite event `seq` and recompute every later seal (with `key`, or
    with plain SHA-256 when they do not hold it)."""
    events = events_of(container)
    prev_hash = events[seq - 2].hash if seq > 1 else "0" * 64
    with container.engine.begin() as connection:
        for event in events[seq - 1 :]:
            fields: dict[str, Any] = {
                name: value
                for name, value in asdict(event).items()
                if name not in ("hash", "key_id")
            }
            fields["prev_hash"] = prev_hash
            if event.seq == seq:
                fields["after"] = {"slug": "forged"}
            prev_hash = seal(**fields, key=key)
            connection.execute(
                audit_events.update()
                .where(audit_events.c.seq == event.seq)
                .values(
                    after=fields["after"],
                    prev_hash=fields["prev_hash"],
                    hash=prev_hash,
                    key_id=key.id if key else None,
                )
            )


def test_new_events_are_keyed_and_verify(container: Container, world: dict[str, object]) -> None:
    events = events_of(container)

    assert events
    assert {event.key_id for event in events} == {container.audit_log_keys.current.id}
    with container.uow(read_only=True) as uow:
        assert verify_audit_log(uow).ok


def test_cutting_the_last_events_is_reported_against_a_checkpoint(
    container: Container, world: dict[str, object]
) -> None:
    checkpoint_now(container)
    last = events_of(container)[-1].seq
    with container.engine.begin() as connection:
        connection.execute(audit_events.delete().where(audit_events.c.seq > last - 2))

    with container.uow(read_only=True) as uow:
        assert verify_audit_log(uow).ok  # the chain alone cannot tell
        comparison = compare_with_checkpoints(uow)

    assert not comparison.ok
    assert [(p.seq, p.reason) for p in comparison.problems] == [(last, "truncated")]


def test_resealing_without_the_key_no_longer_verifies(
    container: Container, world: dict[str, object]
) -> None:
    reseal_from(container, 2, None)

    with container.uow(read_only=True) as uow:
        verification = verify_audit_log(uow)

    assert verification.broken is not None
    assert (verification.broken.seq, verification.broken.reason) == (2, "unkeyed")


def test_resealing_with_the_key_is_reported_against_a_checkpoint(
    container: Container, world: dict[str, object]
) -> None:
    """Even someone holding the key (an insider) cannot re-seal past a published checkpoint."""
    checkpoint_now(container)
    head = events_of(container)[-1].seq
    reseal_from(container, 2, container.audit_log_keys.current)

    with container.uow(read_only=True) as uow:
        assert verify_audit_log(uow).ok
        comparison = compare_with_checkpoints(uow)

    assert [(p.seq, p.reason) for p in comparison.problems] == [(head, "resealed")]


def test_a_forged_checkpoint_is_reported(container: Container, world: dict[str, object]) -> None:
    checkpoint_now(container)
    with container.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_checkpoints SET signature = :s"), {"s": "00" * 64})

    with container.uow(read_only=True) as uow:
        comparison = compare_with_checkpoints(uow)

    assert [p.reason for p in comparison.problems] == ["bad_signature"]


def test_a_checkpoint_is_taken_only_when_the_head_moved(
    container: Container, world: dict[str, object]
) -> None:
    with container.uow() as uow:
        first = take_checkpoint(uow)
        again = take_checkpoint(uow)
        uow.commit()
        published = published_checkpoints(uow, actor=PUBLIC)

    assert first is not None
    assert again is None
    assert [c.seq for c in published.checkpoints] == [first.seq]
    assert published.public_keys[0].hex == container.audit_log_keys.current.public_key_hex


def test_events_sealed_before_a_rotation_still_verify(
    container: Container, world: dict[str, object]
) -> None:
    checkpoint_now(container)
    old = container.audit_log_keys.current
    new_key = "a new audit log key, at least 32 characters long"
    rotated = Container(
        Settings(
            data_dir=container.settings.data_dir,
            database_url=container.settings.database_url,
            audit_log_key=new_key,
            audit_log_retired_keys=(container.settings.data_dir / "audit_log_key").read_text(),
        )
    )
    try:
        with rotated.uow() as uow:
            uow.audit_log.append(
                at=uow.clock.now(),
                actor="root",
                event_type="organisation.checked",
                entity_type="organisation",
                entity_id="1",
                before=None,
                after=None,
            )
            uow.commit()
        with rotated.uow(read_only=True) as uow:
            assert verify_audit_log(uow).ok
            assert compare_with_checkpoints(uow).ok
            latest = uow.audit_log.latest(1)[0]
        assert latest.key_id == rotated.audit_log_keys.current.id != old.id
    finally:
        rotated.dispose()
    with container.uow(read_only=True) as uow:  # without the new key, its event is unknown
        broken = verify_audit_log(uow).broken
    assert broken is not None
    assert broken.reason == "unknown_key"


def test_the_cli_reports_truncation_and_resealing(
    container: Container, world: dict[str, object]
) -> None:
    balise = CommandLine(container.settings)
    taken = balise("audit-log", "checkpoint")
    assert taken.exit_code == 0, taken.stdout
    assert taken.stdout.startswith("Checkpoint of event #")
    assert balise("audit-log", "verify", "--against-checkpoints").exit_code == 0
    last = events_of(container)[-1].seq
    with container.engine.begin() as connection:
        connection.execute(audit_events.delete().where(audit_events.c.seq == last))

    plain = balise("audit-log", "verify")
    checked = balise("audit-log", "verify", "--against-checkpoints")
    as_json = balise("audit-log", "verify", "--against-checkpoints", "--format", "json")

    assert plain.exit_code == 0
    assert checked.exit_code == 1
    assert checked.stdout.splitlines()[-1] == (
        f"CHECKPOINT MISMATCH: the log ends before event #{last}: events were deleted from its end"
    )
    document = json.loads(as_json.stdout)
    assert document["ok"] is False
    assert document["checkpoints"]["problems"] == [{"seq": last, "reason": "truncated"}]
