"""`balise panel messages`: the results of a panel's messages, as published (issue 14)."""

from __future__ import annotations

import json

import typer

from balise.cli.common import (
    EXIT_BAD_INPUT,
    Format,
    FormatOption,
    PanelSlug,
    describe,
    fail,
    print_table,
)
from balise.domain.shared.errors import DomainError


def messages(
    slug: PanelSlug,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """The messages whose vote is closed: votes for, against, abstaining, adopted, follow-up.

    The JSON document is the API's `GET /api/v1/panels/{slug}/messages`.
    """
    from balise.cli.common import open_container
    from balise.domain.accounts.model import Actor
    from balise.services.panels_messages import public_messages

    try:
        with open_container() as container, container.uow() as uow:
            board = public_messages(uow, actor=Actor(), slug=slug)
    except DomainError as error:
        fail(describe(error), EXIT_BAD_INPUT)
    document = [view.public_json() for view in board.messages]
    if output_format is Format.JSON:
        typer.echo(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False))
        return
    print_table(
        ["no.", "accept", "against", "abstain", "adopted", "follow-up", "message (en)"],
        [
            [
                str(item["position"]),
                str(item["votes"]["accept"]),
                str(item["votes"]["against"]),
                str(item["votes"]["abstain"]),
                "yes" if item["adopted"] else "no",
                item["follow_up"]["status"] if item["follow_up"] else "",
                item["text"]["en"][:60],
            ]
            for item in document
        ],
    )
