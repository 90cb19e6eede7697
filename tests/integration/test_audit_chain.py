"""The audit log's hash chain on a real database: it verifies, and tampering by SQL is caught."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta, timezone

import sqlalchemy as sa

from balise.adapters.db.tables import audit_events
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, User
from balise.domain.audit_log.chain import GENESIS, Verification, seal
from balise.domain.organisations.model import Organisation, OrganisationKind, Sector, SizeClass
from balise.domain.shared.clock import FixedClock
from balise.domain.shared.i18n import LocalizedText
from balise.services import organisations
from balise.services.audit_log import record_event, verify_audit_log

THREADS = 2
CREATIONS_PER_THREAD = 20


def verification(container: Container) -> Verification:
    with container.uow(read_only=True) as uow:
        return verify_audit_log(uow)


def execute(container: Container, sql: str, **params: object) -> None:
    with container.engine.begin() as connection:
        connection.execute(sa.text(sql), params)


def seqs(container: Container) -> list[int]:
    with container.engine.connect() as connection:
        return list(
            connection.execute(sa.text("SELECT seq FROM audit_events ORDER BY seq")).scalars()
        )


def organisation(slug: str) -> Organisation:
    return Organisation(
        slug=slug,
        name=LocalizedText(fr=f"{slug} é", nl=f"{slug} ë"),
        kind=OrganisationKind.COMPANY,
        size_class=SizeClass.SMALL,
        sector=Sector.RESEARCH,
    )


def admin_of(world: dict[str, object]) -> Actor:
    users = world["users"]
    assert isinstance(users, dict)
    admin = users["admin"]
    assert isinstance(admin, User)
    return Actor(user=admin)


def test_events_written_by_services_verify(container: Container, world: dict[str, object]) -> None:
    with container.uow() as uow:
        created = organisations.create_organisation(
            uow, actor=admin_of(world), organisation=organisation("gamma")
        )
        assert created.id is not None
        organisations.update_organisation(
            uow,
            actor=admin_of(world),
            organisation_id=created.id,
            changes=organisation("gamma-renamed"),
        )
        uow.commit()

    result = verification(container)

    assert result.ok
    assert result.checked == len(seqs(container)) >= 9
    assert seqs(container) == list(range(1, result.checked + 1))
    with container.uow(read_only=True) as uow:
        assert result.head == uow.audit_log.latest(1)[0].hash
        first = next(uow.audit_log.iterate())
    assert first.prev_hash == GENESIS


def test_an_edited_event_is_broken_where_it_was_edited(
    container: Container, world: dict[str, object]
) -> None:
    execute(
        container,
        'UPDATE audit_events SET "after" = :after WHERE seq = 2',
        after=json.dumps({"slug": "forged"}),
    )

    result = verification(container)

    assert result.broken is not None
    assert (result.broken.seq, result.broken.reason) == (2, "edited")
    assert result.checked == 1


def test_a_deleted_event_breaks_the_chain_at_the_next(
    container: Container, world: dict[str, object]
) -> None:
    execute(container, "DELETE FROM audit_events WHERE seq = 2")

    result = verification(container)

    assert result.broken is not None
    assert result.broken.seq == 3
    assert result.checked == 1


def test_a_forged_event_inserted_in_the_middle_is_detected(
    container: Container, world: dict[str, object]
) -> None:
    with container.uow(read_only=True) as uow:
        second = next(event for event in uow.audit_log.iterate() if event.seq == 2)
    # Make room after event 2 (in two steps, so that no primary key collides on the way).
    execute(container, "UPDATE audit_events SET seq = seq + 1000 WHERE seq > 2")
    execute(container, "UPDATE audit_events SET seq = seq - 999 WHERE seq > 1000")
    forged = {
        "seq": 3,
        "occurred_at": second.occurred_at + timedelta(seconds=1),
        "actor": "mallory",
        "event_type": "organisation.created",
        "entity_type": "organisation",
        "entity_id": "999",
        "before": None,
        "after": {"slug": "forged"},
        "prev_hash": second.hash,
    }
    with container.uow() as uow:
        # The forger knows the algorithm but not the key: the forged event is sealed without it.
        uow.audit_log.connection.execute(
            audit_events.insert().values(**forged, hash=seal(**forged))  # type: ignore[arg-type]
        )
        uow.commit()

    result = verification(container)

    assert result.broken is not None
    assert (result.broken.seq, result.broken.reason) == (3, "unkeyed")
    assert result.checked == 2


def test_an_edited_hash_of_the_last_event_is_detected(
    container: Container, world: dict[str, object]
) -> None:
    last = seqs(container)[-1]
    execute(
        container, "UPDATE audit_events SET hash = :hash WHERE seq = :seq", hash="f" * 64, seq=last
    )

    result = verification(container)

    assert result.broken is not None
    assert (result.broken.seq, result.broken.reason) == (last, "edited")
    assert result.checked == last - 1


def test_an_event_recorded_at_another_offset_still_verifies(
    container: Container, world: dict[str, object]
) -> None:
    """The database gives times back in UTC; the seal must not depend on the offset given."""
    brussels_summer = timezone(timedelta(hours=2))
    at = datetime(2026, 7, 1, 14, 30, 15, 123456, tzinfo=brussels_summer)
    with container.uow() as uow:
        uow.clock = FixedClock(at)
        record_event(
            uow,
            actor=admin_of(world),
            event_type="organisation.checked",
            entity_type="organisation",
            entity_id=1,
            after={"note": "ok"},
        )
        uow.commit()

    assert verification(container).ok
    with container.uow(read_only=True) as uow:
        stored = uow.audit_log.latest(1)[0]
    assert stored.occurred_at == at
    assert stored.occurred_at.utcoffset() == timedelta(0)
    assert stored.occurred_at.tzinfo is not None
    assert stored.occurred_at.astimezone(UTC).hour == 12


def test_concurrent_writers_never_fork_the_chain(
    container: Container, world: dict[str, object]
) -> None:
    before = len(seqs(container))
    actor = admin_of(world)
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def create_many(thread: int) -> None:
        try:
            start.wait(timeout=30)
            for number in range(CREATIONS_PER_THREAD):
                with container.uow() as uow:
                    organisations.create_organisation(
                        uow, actor=actor, organisation=organisation(f"t{thread}-n{number}")
                    )
                    uow.commit()
        except BaseException as error:  # noqa: BLE001 - reported by the test thread below
            failures.append(error)

    threads = [threading.Thread(target=create_many, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    assert failures == []

    expected = before + THREADS * CREATIONS_PER_THREAD
    assert seqs(container) == list(range(1, expected + 1))
    result = verification(container)
    assert result.ok, result.broken
    assert result.checked == expected
    with container.engine.connect() as connection:
        distinct_parents = connection.execute(
            sa.text("SELECT COUNT(DISTINCT prev_hash) FROM audit_events")
        ).scalar_one()
    assert distinct_parents == expected
