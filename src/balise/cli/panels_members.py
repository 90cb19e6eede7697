"""`balise panel registrations`: how many registered for a panel, and how (counts only)."""

from __future__ import annotations

from typing import Annotated

import typer

from balise.cli.common import (
    EXIT_BAD_INPUT,
    Format,
    FormatOption,
    describe,
    fail,
    print_json,
    print_table,
)
from balise.domain.shared.errors import DomainError


def registrations(
    slug: Annotated[str, typer.Argument(help="The panel's web address (its slug).")],
    acting_as: Annotated[
        str,
        typer.Option("--as", metavar="EMAIL", help="The organiser's account to act as."),
    ],
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Counts of a panel's invitation codes and registrations (no personal data).

    Keys: codes, registrations, eligible, excluded, erased, channel_web, channel_phone,
    channel_letter.
    """
    from balise.cli.common import actor_for, open_container
    from balise.services.panels_members import registration_counts

    try:
        with open_container() as container, container.uow(read_only=True) as uow:
            counts = registration_counts(uow, actor=actor_for(uow, acting_as), slug=slug)
    except DomainError as error:
        fail(describe(error), EXIT_BAD_INPUT)
    if output_format is Format.JSON:
        print_json({"slug": slug, **counts})
        return
    print_table(["count", "value"], [[name, str(value)] for name, value in counts.items()])
