"""Background jobs for real: queued through Huey (SQLite file or Redis), run by a consumer."""

from __future__ import annotations

import fcntl
import io
import os
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from balise.adapters.jobs.queue import HueyJobQueue
from balise.bootstrap import Container
from balise.config import Settings
from balise.domain.accounts.model import Actor, User
from balise.domain.jobs.model import Job, JobStatus
from balise.services import jobs

REDIS_URL = "redis://127.0.0.1:6379/15"
WAIT_SECONDS = 60.0
HEADER = "slug,name_fr,name_nl,kind,size_class,sector,enterprise_number,contact_email"


def enterprise_number(first_eight: str) -> str:
    return f"{first_eight}{97 - int(first_eight) % 97:02d}"


GOOD_CSV = "\n".join(
    [
        HEADER,
        f"gamma,Gamma FR,Gamma NL,company,small,research,{enterprise_number('04123456')},"
        "info@gamma.be",
        "delta,Délta,,non_profit,micro,health,,",
        "alpha,Alpha renommée,Alpha hernoemd,public_body,large,public_administration,,",
        "",
    ]
)
BAD_CSV = "\n".join(
    [
        HEADER,
        "epsilon,Epsilon,,company,small,research,,",
        "zeta,Zeta,,multinational,small,research,,",
        f"Not A Slug,Eta,,company,small,research,{enterprise_number('04123456')[:-1]}0,",
        "theta,Theta,,company,small,research,,",
        "",
    ]
)


@contextmanager
def consuming(queue: HueyJobQueue) -> Iterator[None]:
    """A Huey consumer in threads of this process, as `balise serve` runs it."""
    consumer = queue.consumer()
    handlers = {
        number: signal.getsignal(number)
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    consumer.start()
    for number, handler in handlers.items():  # Huey takes the signals over; give them back
        signal.signal(number, handler)
    try:
        yield
    finally:
        consumer.stop(graceful=True)


def wait_until_finished(container: Container, job_id: str) -> Job:
    """Poll the job's row until it is finished; a bound, not a measure of speed."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        with container.uow(read_only=True) as uow:
            job = uow.jobs.get(job_id)
        assert job is not None
        if job.status.finished:
            return job
        if time.monotonic() > deadline:
            pytest.fail(f"job {job_id} still {job.status} after {WAIT_SECONDS} s")
        time.sleep(0.05)


def admin_of(world: dict[str, object]) -> Actor:
    users = world["users"]
    assert isinstance(users, dict)
    admin = users["admin"]
    assert isinstance(admin, User)
    return Actor(user=admin)


def counts(container: Container) -> tuple[int, int]:
    with container.engine.connect() as connection:
        organisations = connection.execute(sa.text("SELECT COUNT(*) FROM organisations"))
        events = connection.execute(sa.text("SELECT COUNT(*) FROM audit_events"))
        return organisations.scalar_one(), events.scalar_one()


def enqueue(container: Container, actor: Actor, kind: str, params: dict[str, str]) -> Job:
    """The service flow: record the job in a committed transaction, then hand it to the queue."""
    with container.uow() as uow:
        job = jobs.start_job(uow, actor=actor, kind=kind, params=params)
        uow.commit()
    container.job_queue.enqueue(job.id, job.kind)
    return job


def upload(container: Container, text: str) -> str:
    return container.storage.save(io.BytesIO(text.encode()), suffix=".csv", max_bytes=1_048_576)


def import_then_verify(container: Container, world: dict[str, object]) -> None:
    actor = admin_of(world)
    organisations_before, events_before = counts(container)
    key = upload(container, GOOD_CSV)

    with consuming(container.job_queue):
        imported = wait_until_finished(
            container, enqueue(container, actor, "organisations.import", {"file": key}).id
        )
        assert imported.status is JobStatus.SUCCEEDED, imported.error
        verified = wait_until_finished(
            container, enqueue(container, actor, "audit_log.verify", {}).id
        )

    assert imported.result == {"imported": 3}
    assert imported.error is None
    assert imported.total is not None
    assert imported.done == imported.total
    assert imported.percent == 100
    assert imported.finished_at is not None
    assert imported.finished_at.utcoffset() is not None
    assert not container.storage.path(key).exists()
    assert counts(container) == (organisations_before + 2, events_before + 3)
    with container.uow(read_only=True) as uow:
        alpha = uow.organisations.find_by_slug("alpha")
        assert alpha is not None
        assert alpha.name.fr == "Alpha renommée"
        gamma = uow.organisations.find_by_slug("gamma")
        assert gamma is not None
        assert gamma.enterprise_number == enterprise_number("04123456")

    assert verified.status is JobStatus.SUCCEEDED, verified.error
    events = counts(container)[1]
    assert verified.result is not None
    assert verified.result["ok"] is True
    assert verified.result["checked"] == events
    assert verified.result["broken"] is None
    assert (verified.done, verified.total) == (events, events)
    assert verified.percent == 100


def test_jobs_run_through_the_embedded_queue(
    container: Container, world: dict[str, object]
) -> None:
    assert container.settings.job_backend == "embedded"
    import_then_verify(container, world)
    assert (container.settings.data_dir / "jobs.sqlite3").is_file()


def redis_reachable() -> None:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI: {error}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {error}")
    finally:
        client.close()


def flush_redis() -> None:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    finally:
        client.close()


@contextmanager
def exclusive_redis_database() -> Iterator[None]:
    path = Path(tempfile.gettempdir()) / "balise-tests-redis-db-15.lock"
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture
def redis_container(container: Container, tmp_path: Path) -> Iterator[Container]:
    """The same database, with jobs queued in Redis instead of the embedded SQLite file.

    Huey's queue has a fixed name in a fixed Redis database, so test runs that share the Redis
    server (pytest-xdist workers, a colleague's run) take turns through a file lock.
    """
    redis_reachable()
    with exclusive_redis_database():
        flush_redis()
        built = Container(
            Settings(
                data_dir=tmp_path / "redis-data",
                database_url=container.settings.resolved_database_url,
                secret_key="test-secret-key",
                # The worker seals audit events with the same key as the web app that
                # queued the job: a deployment shares it through settings, not the data dir.
                audit_log_key_file=str(container.settings.data_dir / "audit_log_key"),
                job_backend="redis",
                redis_url=REDIS_URL,
            )
        )
        try:
            yield built
        finally:
            if "job_queue" in built.__dict__:
                built.job_queue.huey.storage.conn.close()
            built.dispose()
            flush_redis()


def test_jobs_run_through_redis(redis_container: Container, world: dict[str, object]) -> None:
    assert type(redis_container.job_queue.huey).__name__ == "RedisHuey"
    import_then_verify(redis_container, world)
    assert not (redis_container.settings.data_dir / "jobs.sqlite3").exists()


def test_a_wrong_file_fails_with_every_line_and_field_and_writes_nothing(
    container: Container, world: dict[str, object]
) -> None:
    before = counts(container)
    key = upload(container, BAD_CSV)

    with consuming(container.job_queue):
        job = wait_until_finished(
            container, enqueue(container, admin_of(world), "organisations.import", {"file": key}).id
        )

    assert job.status is JobStatus.FAILED
    assert job.result is None
    assert job.error is not None
    assert job.error["message"]["key"] == "The file has errors; nothing was imported."
    lines = job.error["lines"]
    assert set(lines) == {"3", "4"}
    assert set(lines["3"]) == {"kind"}
    assert set(lines["4"]) == {"slug", "enterprise_number"}
    assert lines["3"]["kind"]["params"]["choices"] == "public_body, company, non_profit"
    assert lines["4"]["enterprise_number"]["key"] == (
        "This enterprise number's check digits are wrong."
    )
    assert job.finished_at is not None
    assert counts(container) == before
    with container.uow(read_only=True) as uow:
        assert uow.organisations.find_by_slug("epsilon") is None
        assert uow.organisations.find_by_slug("theta") is None
    assert not container.storage.path(key).exists()


def test_a_file_with_too_many_cells_fails_on_that_line(
    container: Container, world: dict[str, object]
) -> None:
    before = counts(container)
    key = upload(container, f"{HEADER}\nepsilon,Epsilon,,company,small,research,,,extra\n")
    job = enqueue(container, admin_of(world), "organisations.import", {"file": key})

    finished = container.run_job(job.id)

    assert finished.status is JobStatus.FAILED
    assert finished.error is not None
    assert finished.error["lines"] == {
        "2": {"file": {"key": "This line has too many cells.", "params": {}}}
    }
    assert counts(container) == before


def test_a_file_that_is_not_utf8_fails_with_that_message(
    container: Container, world: dict[str, object]
) -> None:
    before = counts(container)
    latin1 = f"{HEADER}\nepsilon,Société Générale,,company,small,research,,\n".encode("latin-1")
    key = container.storage.save(io.BytesIO(latin1), suffix=".csv", max_bytes=1_048_576)
    job = enqueue(container, admin_of(world), "organisations.import", {"file": key})

    finished = container.run_job(job.id)

    assert finished.status is JobStatus.FAILED
    assert finished.error == {
        "message": {"key": "This file is not a UTF-8 CSV file.", "params": {}}
    }
    assert counts(container) == before
    assert not container.storage.path(key).exists()


def test_verification_of_a_tampered_log_reports_where(
    container: Container, world: dict[str, object]
) -> None:
    with container.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 3"))
    job = enqueue(container, admin_of(world), "audit_log.verify", {})

    with consuming(container.job_queue):
        finished = wait_until_finished(container, job.id)

    assert finished.status is JobStatus.SUCCEEDED
    assert finished.result is not None
    assert finished.result["ok"] is False
    assert finished.result["broken"] == {"seq": 3, "reason": "edited"}
    assert finished.result["checked"] == 2


def test_contact_details_longer_than_the_database_keeps_fail_on_their_line(
    container: Container, world: dict[str, object]
) -> None:
    """The same file gives the same answer on SQLite (no limits) and PostgreSQL (varchar(n))."""
    before = counts(container)
    key = upload(
        container,
        "slug,name_fr,kind,size_class,sector,contact_phone,contact_address\n"
        "epsilon,Epsilon,company,small,research,+32 2 123 45 67,Rue 1\n"
        f"zeta,Zeta,company,small,research,{'9' * 41},{'a' * 301}\n",
    )
    job = enqueue(container, admin_of(world), "organisations.import", {"file": key})

    finished = container.run_job(job.id)

    assert finished.status is JobStatus.FAILED
    assert finished.error is not None
    assert finished.error["lines"] == {
        "3": {
            "contact_phone": {"key": "This value is not valid.", "params": {}},
            "contact_address": {"key": "This value is not valid.", "params": {}},
        }
    }
    assert counts(container) == before
