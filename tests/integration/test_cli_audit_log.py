"""`balise audit-log verify`: an intact chain, and each way of tampering with it."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from balise.adapters.db.tables import audit_events
from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.audit_log.chain import seal
from balise.domain.audit_log.keys import ChainKey


@pytest.fixture
def events(audited_organisations: int) -> int:
    return audited_organisations


def run_sql(container: Container, statement: sa.Executable) -> None:
    with container.engine.begin() as connection:
        connection.execute(statement)


def verify(balise: CommandLine) -> tuple[int, dict[str, object], str]:
    as_json = balise("audit-log", "verify", "--format", "json")
    as_text = balise("audit-log", "verify")
    assert as_json.exit_code == as_text.exit_code
    return as_json.exit_code, json.loads(as_json.stdout), as_text.stdout.strip()


def test_an_intact_log_is_ok(container: Container, balise: CommandLine, events: int) -> None:
    code, document, text = verify(balise)

    assert code == 0
    assert document["ok"] is True
    assert document["broken"] is None
    assert document["checked"] == events
    assert text == f"OK: {events} events, head {document['head']}"


def test_an_empty_log_is_ok(container: Container, balise: CommandLine) -> None:
    code, document, text = verify(balise)

    assert (code, document["checked"], document["head"]) == (0, 0, "0" * 64)
    assert text.startswith("OK: 0 events")


def test_an_edited_event_is_named(container: Container, balise: CommandLine, events: int) -> None:
    run_sql(
        container,
        audit_events.update().where(audit_events.c.seq == 2).values(after={"slug": "tampered"}),
    )

    code, document, text = verify(balise)

    assert code == 1
    assert document["ok"] is False
    assert document["broken"] == {"seq": 2, "reason": "edited"}
    assert document["checked"] == 1
    assert text == "BROKEN at event #2 (edited)"


def test_a_deleted_event_breaks_the_sequence_after_it(
    container: Container, balise: CommandLine, events: int
) -> None:
    run_sql(container, audit_events.delete().where(audit_events.c.seq == 2))

    code, document, text = verify(balise)

    assert code == 1
    assert document["broken"] == {"seq": 3, "reason": "out_of_sequence"}
    assert text == "BROKEN at event #3 (out_of_sequence)"


def test_a_forged_event_sealed_by_someone_who_knows_the_algorithm_is_found(
    container: Container, balise: CommandLine, events: int
) -> None:
    with container.engine.begin() as connection:
        first = connection.execute(sa.select(audit_events).where(audit_events.c.seq == 1)).one()
        connection.execute(audit_events.delete().where(audit_events.c.seq == 2))
        forged = {
            "seq": 2,
            "occurred_at": first.occurred_at,
            "actor": "intruder@example.be",
            "event_type": "user.created",
            "entity_type": "user",
            "entity_id": "99",
            "before": None,
            "after": {"role": "admin"},
            "prev_hash": first.hash,
        }
        connection.execute(audit_events.insert().values(**forged, hash=seal(**forged)))

    code, document, _ = verify(balise)

    assert code == 1
    assert document["broken"] == {"seq": 2, "reason": "unkeyed"}  # sealed without the key


def test_a_forged_event_sealed_with_another_key_is_found(
    container: Container, balise: CommandLine, events: int
) -> None:
    forger = ChainKey.from_text("not the installation's key, but long enough")
    with container.engine.begin() as connection:
        first = connection.execute(sa.select(audit_events).where(audit_events.c.seq == 1)).one()
        connection.execute(audit_events.delete().where(audit_events.c.seq == 2))
        forged = {
            "seq": 2,
            "occurred_at": first.occurred_at,
            "actor": "intruder@example.be",
            "event_type": "user.created",
            "entity_type": "user",
            "entity_id": "99",
            "before": None,
            "after": {"role": "admin"},
            "prev_hash": first.hash,
        }
        sealed = seal(**forged, key=forger)
        connection.execute(audit_events.insert().values(**forged, hash=sealed, key_id=first.key_id))

    code, document, text = verify(balise)

    assert code == 1
    assert document["broken"] == {"seq": 2, "reason": "edited"}
    assert text == "BROKEN at event #2 (edited)"


def test_an_event_appended_with_a_made_up_hash_is_found(
    container: Container, balise: CommandLine, events: int
) -> None:
    with container.engine.begin() as connection:
        head = connection.execute(
            sa.select(audit_events).order_by(audit_events.c.seq.desc()).limit(1)
        ).one()
        connection.execute(
            audit_events.insert().values(
                seq=head.seq + 1,
                occurred_at=head.occurred_at,
                actor="intruder@example.be",
                event_type="user.created",
                entity_type="user",
                entity_id="99",
                before=None,
                after={"role": "admin"},
                prev_hash=head.hash,
                hash="f" * 64,
                key_id=head.key_id,
            )
        )

    code, document, text = verify(balise)

    assert code == 1
    assert document["broken"] == {"seq": events + 1, "reason": "edited"}
    assert document["checked"] == events
    assert text == f"BROKEN at event #{events + 1} (edited)"
