"""`balise organisations`: bulk changes to organisations."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balise.cli.common import (
    EXIT_BAD_INPUT,
    ActingAdmin,
    Format,
    FormatOption,
    actor_for,
    english,
    open_container,
    print_json,
    progress_bar,
)
from balise.domain.accounts.model import Actor
from balise.domain.jobs.model import Job, JobStatus
from balise.domain.shared.i18n import Message

if TYPE_CHECKING:
    from balise.bootstrap import Container

POLL_SECONDS = 0.2

organisations_app = typer.Typer(help="Organisations.", no_args_is_help=True)


def job_json(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status.value,
        "done": job.done,
        "total": job.total,
        "result": job.result,
        "error": job.error,
    }


def error_lines(error: dict[str, Any]) -> list[str]:
    """A failed job's error as text: its message, then each wrong field of each line."""

    def text(message: dict[str, Any]) -> str:
        return english(Message(message["key"], message["params"]))

    lines = [text(error["message"])]
    for line, fields in sorted(error.get("lines", {}).items(), key=lambda item: int(item[0])):
        lines += [f"line {line}: {field}: {text(message)}" for field, message in fields.items()]
    return lines


def start_import(container: Container, csv_file: Path, acting_as: str) -> tuple[Job, Actor]:
    """Keep the file in storage and record the job that imports it, in one transaction."""
    from balise.services.jobs import start_job

    with csv_file.open("rb") as stream:
        key = container.storage.save(
            stream, suffix=".csv", max_bytes=container.settings.max_upload_bytes
        )
    try:
        with container.uow() as uow:
            actor = actor_for(uow, acting_as)
            job = start_job(
                uow,
                actor=actor,
                kind="organisations.import",
                params={"file": key},
            )
            uow.commit()
    except BaseException:
        container.storage.delete(key)
        raise
    return job, actor


def run_watching(container: Container, job: Job, actor: Actor) -> Job:
    """Run the job in this process while a progress bar follows what it reports."""
    from balise.services.jobs import get_job

    with ThreadPoolExecutor(max_workers=1) as pool, progress_bar("Importing") as report:
        running = pool.submit(container.run_job, job.id)
        while not wait([running], timeout=POLL_SECONDS).done:
            with container.uow(read_only=True) as uow:
                progress = get_job(uow, actor=actor, job_id=job.id)
            report(progress.done, progress.total)
        return running.result()


def report_finished(job: Job, output: Format) -> None:
    if output is Format.JSON:
        print_json({"job": job_json(job)})
    elif job.error is not None:
        for line in error_lines(job.error):
            typer.echo(line, err=True)
    elif job.result is not None:
        typer.echo(f"Imported {job.result['imported']} organisations.")
    if job.status is JobStatus.FAILED:
        raise typer.Exit(EXIT_BAD_INPUT)


@organisations_app.command("import")
def import_organisations(
    csv_file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv",
            exists=True,
            dir_okay=False,
            readable=True,
            help="UTF-8 CSV with the columns of the import template.",
        ),
    ],
    acting_as: ActingAdmin,
    wait_for_it: Annotated[
        bool, typer.Option("--wait", help="Run the import here and now, showing its progress.")
    ] = False,
    output: FormatOption = Format.TEXT,
) -> None:
    """Create or update organisations from a CSV file, all or none.

    Organisations are matched by slug. Without --wait the import is queued for a worker (the one
    inside `balise serve`, or `balise worker`); with --wait it runs in this process, and a file
    that cannot be imported exits with 2, listing every wrong line.
    """
    with open_container() as container:
        job, actor = start_import(container, csv_file, acting_as)
        if wait_for_it:
            report_finished(run_watching(container, job, actor), output)
            return
        container.job_queue.enqueue(job.id, job.kind)
    if output is Format.JSON:
        print_json({"job": job_json(job)})
    else:
        typer.echo(f"Queued job {job.id}; a worker will run it.")
