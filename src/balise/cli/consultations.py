"""`balise consultations`: the online consultations, and their open data of contributions."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from balise.cli.common import Format, FormatOption, print_json

consultations_app = typer.Typer(
    help="Online consultations: texts put to public comment, and every answer.",
    no_args_is_help=True,
)


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


@consultations_app.command("list")
def list_consultations(output: FormatOption = Format.TEXT) -> None:
    """List the consultations: slug, state, dates, published and unanswered contributions."""
    from balise.cli.common import OPERATOR, open_container
    from balise.services import consultations

    with open_container() as container, container.uow(read_only=True) as uow:
        found = consultations.list_consultations(uow, actor=OPERATOR)
        rows: list[dict[str, Any]] = [
            {
                "slug": c.slug,
                "state": c.state.value,
                "organiser": c.organiser,
                "opens_on": c.opens_on.isoformat(),
                "closes_on": c.closes_on.isoformat(),
                "title": c.title.as_dict(),
                **consultations.consultation_figures(uow, c).to_json(),
            }
            for c in found
        ]
    if output is Format.JSON:
        print_json({"consultations": rows})
        return
    for row in rows:
        typer.echo(
            f"{row['slug']}\t{row['state']}\t{row['opens_on']}..{row['closes_on']}\t"
            f"{row['published']} published\t{row['unanswered']} unanswered"
        )


@consultations_app.command()
def export(
    slug: Annotated[str, typer.Argument(help="The consultation's slug.")],
    output: Annotated[
        ExportFormat,
        typer.Option("--format", help="json (the open data document) or csv (one row each)."),
    ] = ExportFormat.JSON,
) -> None:
    """Print the open data of a consultation: published contributions and answers, no e-mail."""
    from balise.cli.common import open_container
    from balise.domain.accounts.model import Actor
    from balise.services import consultations

    with open_container() as container, container.uow(read_only=True) as uow:
        found, rows = consultations.open_data(uow, actor=Actor(), slug=slug)
    if output is ExportFormat.CSV:
        typer.echo(consultations.open_data_csv(rows), nl=False)
    else:
        print_json(consultations.open_data_json(found, rows))
