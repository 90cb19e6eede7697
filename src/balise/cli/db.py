"""`balise db`: the database schema, moved up or down with the Alembic migrations."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balise.cli.common import Format, FormatOption, open_container, print_json, schema_revisions
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

if TYPE_CHECKING:
    from balise.bootstrap import Container

db_app = typer.Typer(help="Create, upgrade or downgrade the database schema.", no_args_is_help=True)


def status(container: Container) -> dict[str, Any]:
    current, heads = schema_revisions(container)
    return {
        "current": sorted(current),
        "head": sorted(heads),
        "up_to_date": set(current) == set(heads),
    }


def print_status(container: Container, output: Format) -> None:
    document = status(container)
    if output is Format.JSON:
        print_json(document)
        return
    current = ", ".join(document["current"]) or "none (empty database)"
    state = "up to date" if document["up_to_date"] else f"head is {', '.join(document['head'])}"
    typer.echo(f"Database at revision {current} ({state}).")


def change_schema(move: Callable[[Container], None], output: Format) -> None:
    from alembic.util import CommandError

    with open_container(require_current_schema=False) as container:
        try:
            move(container)
        except CommandError as error:
            raise ValidationError.single(
                "revision", N_("The migrations refused: %(reason)s"), reason=str(error)
            ) from error
        print_status(container, output)


@db_app.command()
def upgrade(
    revision: Annotated[str, typer.Option(help="The revision to reach.")] = "head",
    output: FormatOption = Format.TEXT,
) -> None:
    """Apply the migrations up to REVISION (the latest by default); safe to repeat."""
    change_schema(lambda container: container.migrate(revision), output)


@db_app.command()
def downgrade(
    revision: Annotated[str, typer.Argument(help="The revision to go back to; base empties it.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    output: FormatOption = Format.TEXT,
) -> None:
    """Undo the migrations after REVISION. Tables they created are dropped, with their data."""
    if not yes:
        typer.confirm(f"Undo the migrations after {revision}, dropping their data?", abort=True)
    change_schema(lambda container: container.downgrade(revision), output)


@db_app.command()
def current(output: FormatOption = Format.TEXT) -> None:
    """Show the revision the database is at, and whether it is the latest."""
    with open_container(require_current_schema=False) as container:
        print_status(container, output)
