"""`balise organisations import`: a CSV file, run here with --wait or queued for a worker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.jobs.model import JobStatus

ADMIN = "root@example.be"
HEADER = "slug,name_fr,name_nl,kind,size_class,sector,enterprise_number\n"
GOOD = (
    HEADER
    + "ville-de-liege,Ville de Liège,Stad Luik,public_body,large,public_administration,\n"
    + "smals,Smals,Smals,non_profit,large,social_security,0406.798.006\n"
)
BAD = (
    HEADER
    + "Bad Slug,Nom,,public_body,large,public_administration,\n"
    + "ok-slug,Nom,,public_body,huge,public_administration,0406.798.007\n"
)


@pytest.fixture
def admin(container: Container, balise: CommandLine) -> str:
    result = balise(
        "users", "create", "--email", ADMIN, "--name", "Root", "--role", "admin", "--no-password"
    )
    assert result.exit_code == 0, result.output
    return ADMIN


def csv_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "organisations.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def slugs(container: Container) -> list[str]:
    with container.uow(read_only=True) as uow:
        return [organisation.slug for organisation in uow.organisations.list_all()]


def uploads(container: Container) -> list[Path]:
    return list(container.storage.root.iterdir())


def test_wait_imports_here_and_reports_the_job(
    container: Container, admin: str, balise: CommandLine, tmp_path: Path
) -> None:
    result = balise(
        "organisations",
        "import",
        csv_file(tmp_path, GOOD),
        "--as",
        admin,
        "--wait",
        "--format",
        "json",
    )

    assert result.exit_code == 0, result.output
    job = json.loads(result.stdout)["job"]
    assert (job["kind"], job["status"], job["result"], job["error"]) == (
        "organisations.import",
        "succeeded",
        {"imported": 2},
        None,
    )
    assert slugs(container) == ["smals", "ville-de-liege"]
    assert uploads(container) == []


def test_wait_in_text_says_how_many(
    container: Container, admin: str, balise: CommandLine, tmp_path: Path
) -> None:
    result = balise("organisations", "import", csv_file(tmp_path, GOOD), "--as", admin, "--wait")

    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 2 organisations.\n"


def test_a_file_with_errors_imports_nothing_and_lists_every_line(
    container: Container, admin: str, balise: CommandLine, tmp_path: Path
) -> None:
    result = balise("organisations", "import", csv_file(tmp_path, BAD), "--as", admin, "--wait")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "The file has errors; nothing was imported.",
        "line 2: slug: Use lower-case letters, digits and single hyphens (at most 80 characters).",
        "line 3: size_class: Choose one of: micro, small, medium, small_mid_cap, large.",
        "line 3: enterprise_number: This enterprise number's check digits are wrong.",
    ]
    assert slugs(container) == []


def test_a_failed_import_in_json_still_prints_the_job(
    container: Container, admin: str, balise: CommandLine, tmp_path: Path
) -> None:
    result = balise(
        "organisations",
        "import",
        csv_file(tmp_path, BAD),
        "--as",
        admin,
        "--wait",
        "--format",
        "json",
    )

    assert result.exit_code == 2
    job = json.loads(result.stdout)["job"]
    assert job["status"] == "failed"
    assert job["error"]["lines"]["3"]["size_class"]["key"] == "Choose one of: %(choices)s."


def test_without_wait_the_job_is_queued_for_a_worker(
    container: Container, admin: str, balise: CommandLine, tmp_path: Path
) -> None:
    result = balise(
        "organisations", "import", csv_file(tmp_path, GOOD), "--as", admin, "--format", "json"
    )

    assert result.exit_code == 0, result.output
    job_id = json.loads(result.stdout)["job"]["id"]
    huey = container.job_queue.huey
    assert huey.pending_count() == 1
    task = huey.dequeue()
    huey.execute(task)
    with container.uow(read_only=True) as uow:
        job = uow.jobs.get(job_id)
    assert job is not None
    assert job.status is JobStatus.SUCCEEDED
    assert slugs(container) == ["smals", "ville-de-liege"]


def test_only_an_administrator_imports(
    container: Container, admin: str, balise: CommandLine, tmp_path: Path
) -> None:
    balise(
        "users",
        "create",
        "--email",
        "reg@example.be",
        "--name",
        "Reg",
        "--role",
        "regulator",
        "--no-password",
        "--as",
        admin,
    )

    result = balise("organisations", "import", csv_file(tmp_path, GOOD), "--as", "reg@example.be")

    assert result.exit_code == 2
    assert result.stderr == "You are not allowed to do this.\n"
    assert uploads(container) == []


def test_the_acting_account_must_exist(
    container: Container, balise: CommandLine, tmp_path: Path
) -> None:
    result = balise("organisations", "import", csv_file(tmp_path, GOOD), "--as", "x@example.be")

    assert result.exit_code == 2
    assert "no active account" in result.stderr


def test_a_missing_file_is_a_usage_error(
    container: Container, admin: str, balise: CommandLine
) -> None:
    result = balise("organisations", "import", "/nonexistent.csv", "--as", admin)

    assert result.exit_code == 2
