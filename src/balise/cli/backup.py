"""`balise backup` and `balise restore`: copies of the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from balise.cli.common import Format, FormatOption, fail, open_container, print_json


def backup(
    destination: Annotated[
        Path, typer.Argument(metavar="DEST", dir_okay=False, help="The file to write.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace DEST if it exists.")] = False,
    output: FormatOption = Format.TEXT,
) -> None:
    """Copy the database to DEST while Balise keeps running.

    SQLite: a consistent single-file copy, checked with PRAGMA integrity_check. PostgreSQL: a
    pg_dump archive in custom format (pg_dump must be installed), for pg_restore. Keep the data
    directory's secret_key file too, unless BALISE_SECRET_KEY is set.
    """
    with open_container(require_current_schema=False) as container:
        made = container.backup(destination, overwrite=force)
    if output is Format.JSON:
        print_json(
            {"destination": str(made.destination), "engine": made.engine, "bytes": made.size_bytes}
        )
    else:
        typer.echo(
            f"Backed up the {made.engine} database to {made.destination} ({made.size_bytes} bytes)."
        )


def restore(
    source: Annotated[
        Path, typer.Argument(metavar="SRC", dir_okay=False, help="A file made by balise backup.")
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the SQLite database with the backup SRC. Stop `balise serve` and workers first:
    the restore refuses (exit code 1) while one of them holds the database.

    The backup is checked before it replaces anything, and moved into place in one step. Run
    `balise db upgrade` afterwards when the backup comes from an older version. For PostgreSQL,
    this prints the pg_restore command to run, and exits with 2.
    """
    with open_container(require_current_schema=False) as container:
        command = container.pg_restore_command(source)
        if command is not None:
            with container.database_lock(exclusive=True):  # refused while a server runs
                pass
            fail(
                [
                    "Restore a PostgreSQL archive with pg_restore (PGPASSWORD holds the password):",
                    command,
                ]
            )
        if not yes:
            typer.confirm(f"Replace the database with {source}? Stop the server first.", abort=True)
        container.restore(source)
    typer.echo(f"Restored the database from {source}.")
