"""`balise jobs`: the background jobs' housekeeping."""

from __future__ import annotations

import typer

from balise.cli.common import Format, FormatOption, open_container, print_json

jobs_app = typer.Typer(
    help="Background jobs: clean up after workers that stopped.", no_args_is_help=True
)


@jobs_app.command("reap")
def reap(output: FormatOption = Format.TEXT) -> None:
    """Mark failed the running jobs whose worker stopped (no sign of life for
    BALISE_JOB_LEASE_SECONDS), and delete chunked uploads never finished and files nothing refers
    to, older than BALISE_UPLOAD_RETENTION_HOURS.

    Running servers and workers do the same by themselves every BALISE_JOB_REAP_INTERVAL_SECONDS;
    this command does it now, e.g. from cron while no worker runs.
    """
    with open_container() as container:
        done = container.housekeeping()
    if output is Format.JSON:
        print_json(done.as_dict())
        return
    typer.echo(
        f"Interrupted jobs marked failed: {len(done.failed_jobs)}; abandoned uploads deleted: "
        f"{len(done.removed_uploads)}; orphaned files deleted: {len(done.removed_files)}."
    )
    for job_id in done.failed_jobs:
        typer.echo(f"  job {job_id}: failed (its worker stopped)")
