"""`balise serve` and `balise worker`: the job consumers they run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from balise.bootstrap import Container
from balise.cli.serve import embedded_consumer
from balise.cli.testing import CommandLine
from balise.domain.jobs.model import Job

DEADLINE_SECONDS = 60
CSV = (
    "slug,name_nl,kind,size_class,sector\n"
    "stad-gent,Stad Gent,public_body,large,public_administration\n"
)


def queue_import(balise: CommandLine, tmp_path: Path) -> str:
    balise(
        "users",
        "create",
        "--email",
        "root@example.be",
        "--name",
        "Root",
        "--role",
        "admin",
        "--no-password",
    )
    path = tmp_path / "organisations.csv"
    path.write_text(CSV, encoding="utf-8")
    result = balise(
        "organisations", "import", str(path), "--as", "root@example.be", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    job_id: str = json.loads(result.stdout)["job"]["id"]
    return job_id


def wait_until_finished(container: Container, job_id: str) -> Job:
    """Poll the job's row; the deadline only keeps a broken consumer from hanging the suite."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        with container.uow(read_only=True) as uow:
            job = uow.jobs.get(job_id)
        if job is not None and job.status.finished:
            return job
        time.sleep(0.1)
    pytest.fail(f"job {job_id} did not finish")


def test_help_describes_serve(balise: CommandLine) -> None:
    result = balise("serve", "--help")

    assert result.exit_code == 0
    assert "--demo" in result.stdout
    assert "--reload" in result.stdout


def test_serve_runs_queued_jobs_in_process_and_keeps_the_signal_handlers(
    container: Container, balise: CommandLine, tmp_path: Path
) -> None:
    job_id = queue_import(balise, tmp_path)
    handler = signal.getsignal(signal.SIGINT)

    with embedded_consumer(container):
        assert signal.getsignal(signal.SIGINT) is handler
        job = wait_until_finished(container, job_id)

    assert job.result == {"imported": 1}


def test_worker_runs_queued_jobs_and_stops_on_ctrl_c(
    container: Container, balise: CommandLine, tmp_path: Path
) -> None:
    job_id = queue_import(balise, tmp_path)
    environment = os.environ | {
        "BALISE_DATA_DIR": str(container.settings.data_dir),
        "BALISE_DATABASE_URL": container.settings.database_url,
        "BALISE_JOB_BACKEND": "embedded",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "balise.cli", "worker", "--workers", "1"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        job = wait_until_finished(container, job_id)
    finally:
        worker.send_signal(signal.SIGINT)
        output, _ = worker.communicate(timeout=DEADLINE_SECONDS)

    assert job.result == {"imported": 1}
    assert worker.returncode == 0, output
    assert "Huey consumer started" in output
