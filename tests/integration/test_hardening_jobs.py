"""Abandoned jobs and uploads (issue 16, item 6): a job whose worker was killed is marked failed
once its lease lapses, with a message for its owner; unfinished chunked uploads and files nobody
refers to are deleted after the retention time."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from balise.bootstrap import Container
from balise.cli.testing import CommandLine, environment_for
from balise.domain.accounts.model import Actor, User
from balise.domain.audits.uploads import FileFormat
from balise.domain.jobs.model import Job, JobStatus
from balise.domain.shared.clock import FixedClock
from balise.domain.shared.i18n import Language, Message
from balise.i18n import translate
from balise.services import audits_uploads, jobs
from balise.services.jobs import INTERRUPTED
from balise.web.app import create_app
from balise.worker import Housekeeper

PASSWORD = "a long enough test password"


DEADLINE_SECONDS = 60


def admin_of(world: dict[str, Any]) -> Actor:
    user: User = world["users"]["admin"]  # type: ignore[index]
    return Actor(user=user)


def queue_job(container: Container, world: dict[str, Any], **params: Any) -> Job:
    with container.uow() as uow:
        job = jobs.start_job(uow, actor=admin_of(world), kind="audit_log.verify", params=params)
        uow.commit()
    return job


def set_job(container: Container, job_id: str, **values: Any) -> None:
    with container.engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE jobs SET "
                + ", ".join(f"{name} = :{name}" for name in values)
                + " WHERE id = :id"
            ),
            {**values, "id": job_id},
        )


def job_of(container: Container, job_id: str) -> Job:
    with container.uow(read_only=True) as uow:
        job = uow.jobs.get(job_id)
    assert job is not None
    return job


MADE: list[Container] = []


@pytest.fixture(autouse=True)
def dispose_variants() -> Iterator[None]:
    yield
    while MADE:
        MADE.pop().dispose()


def later(container: Container, **settings: Any) -> Container:
    """The same database, with other settings or another clock; disposed after the test."""
    clock = settings.pop("clock", container.clock)
    MADE.append(Container(container.settings.model_copy(update=settings), clock=clock))
    return MADE[-1]


# --- Jobs ---------------------------------------------------------------------------------------


def test_reap_fails_a_job_whose_worker_stopped_and_spares_a_live_one(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    now = datetime.now(UTC)
    dead, alive, waiting = (queue_job(container, world) for _ in range(3))
    set_job(container, dead.id, status="running", heartbeat_at=now - timedelta(hours=1))
    set_job(container, alive.id, status="running", heartbeat_at=now)

    result = balise("jobs", "reap", "--format", "json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["failed_jobs"] == [dead.id]
    failed = job_of(container, dead.id)
    assert failed.status is JobStatus.FAILED
    assert failed.finished_at is not None
    assert failed.error == {"message": {"key": INTERRUPTED.key, "params": {}}}
    assert job_of(container, alive.id).status is JobStatus.RUNNING
    assert job_of(container, waiting.id).status is JobStatus.QUEUED


def test_the_owner_reads_why_in_their_language(container: Container, world: dict[str, Any]) -> None:
    job = queue_job(container, world)
    set_job(
        container, job.id, status="running", heartbeat_at=datetime.now(UTC) - timedelta(hours=1)
    )
    container.housekeeping()
    french = translate(INTERRUPTED, Language.FR)
    assert french != INTERRUPTED.key
    for language in (Language.NL, Language.DE):
        assert translate(INTERRUPTED, language) != INTERRUPTED.key
    with TestClient(create_app(container)) as client:
        client.headers["Accept-Language"] = "fr"
        client.get("/login")
        signed = client.post(
            "/login",
            data={
                "email": "admin@balise.test",
                "password": PASSWORD,
                "csrf_token": client.cookies["balise_csrf"],
            },
            follow_redirects=False,
        )
        assert signed.status_code == 303
        page = client.get(f"/jobs/{job.id}")
    assert page.status_code == 200
    assert french.replace("'", "&#39;") in page.text or french in page.text


WORKER = textwrap.dedent(
    """
    import sys, time
    from balise import worker
    from balise.bootstrap import build

    def forever(context):
        while True:
            time.sleep(1)

    worker.HANDLERS["audit_log.verify"] = forever
    build().run_job(sys.argv[1])
    """
)


def test_a_worker_killed_mid_job_leaves_it_to_be_failed_when_its_lease_lapses(
    container: Container, world: dict[str, Any]
) -> None:
    job = queue_job(container, world)
    environment = (
        os.environ
        | environment_for(container.settings)
        | {
            "BALISE_JOB_LEASE_SECONDS": "10"  # renewed every 2 seconds
        }
    )
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER, job.id], env=environment, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS
        started = None
        while time.monotonic() < deadline:
            running = job_of(container, job.id)
            if running.status is JobStatus.RUNNING:
                heartbeat = heartbeat_of(container, job.id)
                started = started or heartbeat
                if heartbeat > started:
                    break  # the lease is being renewed
            time.sleep(0.2)
        else:
            pytest.fail("the job never ran or its lease was never renewed")
        # While the worker lives, nothing is reaped.
        assert later(container, job_lease_seconds=10).housekeeping().failed_jobs == []
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=DEADLINE_SECONDS)

    assert job_of(container, job.id).status is JobStatus.RUNNING  # what kill -9 left behind
    after = later(
        container,
        job_lease_seconds=10,
        clock=FixedClock(heartbeat_of(container, job.id) + timedelta(seconds=11)),
    )
    assert after.housekeeping().failed_jobs == [job.id]
    assert job_of(container, job.id).status is JobStatus.FAILED


def heartbeat_of(container: Container, job_id: str) -> datetime:
    with container.engine.connect() as connection:
        value = connection.execute(
            sa.text("SELECT heartbeat_at FROM jobs WHERE id = :id"), {"id": job_id}
        ).scalar_one()
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_a_running_job_renews_its_lease_and_reports_progress_with_it(
    container: Container, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from balise import worker

    job = queue_job(container, world)
    beats: list[datetime] = []

    def slow(context: worker.JobContext) -> dict[str, Any]:
        time.sleep(0.6)
        beats.append(heartbeat_of(container, context.job_id))
        return {}

    monkeypatch.setitem(worker.HANDLERS, "audit_log.verify", slow)
    before = datetime.now(UTC)
    finished = worker.run_job(
        job.id,
        new_uow=container.uow,
        storage=container.storage,
        solver=container.solver,
        audit_source=container.audit_source,
        heartbeat_every=0.1,
    )
    assert finished.status is JobStatus.SUCCEEDED
    assert beats[0] > before + timedelta(seconds=0.1)


def test_the_housekeeper_runs_at_once_then_periodically() -> None:
    rounds: list[float] = []
    third = threading.Event()

    def task() -> None:
        rounds.append(time.monotonic())
        if len(rounds) == 3:
            third.set()

    with Housekeeper(task, interval=0.05):
        assert third.wait(DEADLINE_SECONDS)  # a first round at once, then more
    count = len(rounds)
    assert count >= 3
    time.sleep(0.1)
    assert len(rounds) == count  # leaving the block stops and joins the thread


# --- Uploads ------------------------------------------------------------------------------------


def age(container: Container, key: str, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(container.storage.path(key), (then, then))


def test_unfinished_uploads_and_orphaned_files_are_deleted_after_the_retention(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    alpha = world["organisations"]["alpha"].id  # type: ignore[index]
    past = later(container, clock=FixedClock(datetime.now(UTC) - timedelta(days=2)))
    storage = container.storage
    with past.uow() as uow:
        abandoned = audits_uploads.create_upload(
            uow,
            actor=admin_of(world),
            storage=storage,
            target=audits_uploads.AuditTarget(alpha),
            file_name="decisions.csv",
            size=1000,
            max_bytes=10**6,
        )
        kept_key = storage.save(io.BytesIO(b"a,b\n1,2\n"), suffix=".csv", max_bytes=100)
        finished = audits_uploads.add_stored_upload(
            uow,
            actor=admin_of(world),
            target=audits_uploads.AuditTarget(alpha),
            file_name="done.csv",
            file_format=FileFormat.CSV,
            storage_key=kept_key,
            size=8,
            columns={"a": "BIGINT", "b": "BIGINT"},
        )
        uow.commit()
    with container.uow() as uow:
        recent = audits_uploads.create_upload(
            uow,
            actor=admin_of(world),
            storage=storage,
            target=audits_uploads.AuditTarget(alpha),
            file_name="today.csv",
            size=1000,
            max_bytes=10**6,
        )
        uow.commit()
    orphan = storage.save(io.BytesIO(b"left behind"), suffix=".csv", max_bytes=100)
    young_orphan = storage.save(io.BytesIO(b"being uploaded"), suffix=".csv", max_bytes=100)
    waiting_file = storage.save(io.BytesIO(b"to import"), suffix=".csv", max_bytes=100)
    queue_job(container, world, file=waiting_file)
    for key in (abandoned.storage_key, kept_key, orphan, waiting_file):
        age(container, key, days=2)

    result = balise("jobs", "reap", "--format", "json")

    assert result.exit_code == 0, result.output
    done = json.loads(result.stdout)
    assert done["removed_uploads"] == [abandoned.id]
    assert done["removed_files"] == [orphan]
    assert not storage.path(abandoned.storage_key).exists()
    assert not storage.path(orphan).exists()
    for key in (kept_key, young_orphan, waiting_file, recent.storage_key):
        assert storage.path(key).exists(), key
    with container.uow(read_only=True) as uow:
        assert uow.audit_uploads.get(abandoned.id) is None
        assert uow.audit_uploads.get(finished.id) is not None
        assert uow.audit_uploads.get(recent.id) is not None
        assert uow.audit_log.count() > 0
    text = balise("jobs", "reap")
    assert "abandoned uploads deleted: 0" in text.stdout


def test_messages_are_plain_messages() -> None:
    assert isinstance(INTERRUPTED, Message)
