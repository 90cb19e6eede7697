"""`balise observatory`: computing the indicators into their time series, and reading them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from balise.cli.common import EXIT_BAD_INPUT, Format, FormatOption, fail, print_json

observatory_app = typer.Typer(
    help="The observatory of indicators: daily snapshots and their definitions.",
    no_args_is_help=True,
)


@observatory_app.command()
def snapshot(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="The day to compute (YYYY-MM-DD); today."),
    ] = None,
    output: FormatOption = Format.TEXT,
) -> None:
    """Compute every indicator for a day and append it to the time series (run it daily).

    A day already computed is never overwritten: an unchanged value stores nothing, a changed
    one is stored as a new version beside the old one.
    """
    day: dt.date | None = None
    if as_of is not None:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            fail([f"--as-of: give a date as YYYY-MM-DD, not {as_of!r}"], EXIT_BAD_INPUT)
    from balise.cli.common import open_container
    from balise.domain.accounts.model import SYSTEM
    from balise.services.observatory import take_snapshot

    with open_container() as container, container.uow() as uow:
        outcome = take_snapshot(uow, actor=SYSTEM, as_of=day)
        uow.commit()
    if output is Format.JSON:
        print_json(outcome.as_dict())
    else:
        typer.echo(
            f"{outcome.as_of.isoformat()}: {len(outcome.stored)} stored, "
            f"{len(outcome.unchanged)} unchanged"
        )


@observatory_app.command()
def indicators(output: FormatOption = Format.TEXT) -> None:
    """List the indicators: code, unit, direction, source and name (json: full definitions)."""
    from balise.domain.observatory.catalogue import load_indicators

    found = load_indicators()
    if output is Format.JSON:
        document: dict[str, Any] = {"indicators": [i.to_json() for i in found]}
        print_json(document)
        return
    for indicator in found:
        typer.echo(
            f"{indicator.code}\t{indicator.unit.value}\t{indicator.direction.value}\t"
            f"{indicator.source}\t{indicator.name.en}"
        )
