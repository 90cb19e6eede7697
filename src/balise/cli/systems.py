"""`balise systems`: import an organisation's inventory of AI systems, export the open data."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balise.cli.common import (
    EXIT_BAD_INPUT,
    Format,
    FormatOption,
    actor_for,
    english,
    open_container,
    print_json,
    progress_bar,
)
from balise.domain.register.rows import FileFormat
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

if TYPE_CHECKING:
    from balise.services.organisations import ImportRejected

systems_app = typer.Typer(
    help="AI system records: bulk import and open data.", no_args_is_help=True
)

SUFFIXES = {".csv": FileFormat.CSV, ".xlsx": FileFormat.XLSX, ".json": FileFormat.JSON}


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    DCAT = "dcat"


def rejected_lines(error: ImportRejected) -> list[str]:
    lines = [english(error.message)]
    for line, fields in sorted(error.problems.items()):
        lines += [f"line {line}: {field}: {english(message)}" for field, message in fields.items()]
    return lines


def rejected_json(error: ImportRejected) -> dict[str, Any]:
    return {
        "message": english(error.message),
        "lines": {
            str(line): {field: english(message) for field, message in fields.items()}
            for line, fields in error.problems.items()
        },
    }


@systems_app.command("import")
def import_systems(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            exists=True,
            dir_okay=False,
            readable=True,
            help="CSV, XLSX or JSON with the columns of the import template.",
        ),
    ],
    organisation: Annotated[
        str, typer.Option("--organisation", metavar="SLUG", help="Whose records these are.")
    ],
    acting_as: Annotated[
        str,
        typer.Option(
            "--as",
            metavar="EMAIL",
            help="An editor or reviewer of the organisation, or an administrator; the audit log "
            "records the changes under this account.",
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything and report; save nothing.")
    ] = False,
    output: FormatOption = Format.TEXT,
) -> None:
    """Create or update an organisation's AI system records from a file, all or none.

    Rows are matched to records by source_id, the organisation's own identifier. A file with any
    wrong row is refused (exit 2), listing every wrong row and column; nothing is saved.
    """
    from balise.services import register_import
    from balise.services.organisations import ImportRejected

    file_format = SUFFIXES.get(file.suffix.lower())
    if file_format is None:
        typer.echo("Give a file ending in .csv, .xlsx or .json.", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    with open_container() as container:
        try:
            with file.open("rb") as stream, progress_bar("Checking") as report:
                rows = register_import.checked(
                    register_import.read_file(stream, file_format),
                    lambda done: report(done, None),
                )
            with container.uow(read_only=True) as uow:
                actor = actor_for(uow, acting_as)
                plan = register_import.plan_import(
                    uow, actor=actor, organisation_slug=organisation, rows=rows
                )
            result = plan.report(dry_run=True)
            if not dry_run:
                # one short write: other writers barely wait
                with register_import.collector_paused(), container.uow() as uow:
                    result = register_import.apply_import(uow, actor=actor, plan=plan)
                    uow.commit()
        except ImportRejected as error:
            if output is Format.JSON:
                print_json({"rejected": rejected_json(error)})
            else:
                for line in rejected_lines(error):
                    typer.echo(line, err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
    if output is Format.JSON:
        print_json(result.as_dict())
        return
    counts = result.counts
    prefix = "Dry run, nothing saved: would have " if dry_run else ""
    typer.echo(
        f"{prefix}created {counts['created']}, updated {counts['updated']}, "
        f"left {counts['unchanged']} unchanged."
    )


@systems_app.command("export")
def export_systems(
    export_format: Annotated[
        ExportFormat,
        typer.Option("--format", help="json or csv (every published record), or dcat (JSON-LD)."),
    ] = ExportFormat.JSON,
    output: Annotated[
        Path | None,
        typer.Option("--output", metavar="FILE", help="Write here instead of standard output."),
    ] = None,
) -> None:
    """Export the register's published records as open data (public fields only)."""
    from balise.services import register_exports

    with open_container() as container:
        base_url = str(container.settings.base_url).rstrip("/")
        if export_format is ExportFormat.DCAT:
            with container.uow(read_only=True) as uow:
                document = register_exports.catalog(uow, base_url=base_url)
            chunks = iter([json.dumps(document, ensure_ascii=False, indent=2) + "\n"])
        elif export_format is ExportFormat.CSV:
            chunks = register_exports.csv_chunks(container.uow, base_url=base_url)
        else:
            chunks = register_exports.json_chunks(container.uow, base_url=base_url)
        try:
            target = output.open("w", encoding="utf-8", newline="") if output is not None else None
        except OSError as error:
            raise ValidationError.single(
                "output", N_("The file cannot be written: %(reason)s"), reason=str(error)
            ) from error
        try:
            for chunk in chunks:
                (target or sys.stdout).write(chunk)
        finally:
            if target is not None:
                target.close()
