"""`balise obligations`: a record's AI Act duties, their status and evidence."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from balise.cli.common import Format, FormatOption, print_json, print_table

obligations_app = typer.Typer(
    help="The obligation tracker: a record's AI Act duties, status and evidence.",
    no_args_is_help=True,
)

Slug = Annotated[str, typer.Argument(metavar="SLUG", help="The record's address (its slug).")]


def _print(document: dict[str, Any], output: Format) -> None:
    if output is Format.JSON:
        print_json(document)
        return
    summary = document["summary"]
    typer.echo(f"{document['system']}: {summary['met']} of {summary['applicable']} duties met")
    rows = [
        [
            duty["code"],
            duty["role"],
            duty["article"],
            duty["applies_from"] or "-",
            duty["status"],
            (duty["evidence"] or {}).get("title") or "-",
        ]
        for duty in document["duties"]
    ]
    if rows:
        print_table(["duty", "role", "article", "applies from", "status", "evidence"], rows)


@obligations_app.command("show")
def show(slug: Slug, output: FormatOption = Format.TEXT) -> None:
    """Every duty of the record's stored classifications: date, status, evidence, suggestions."""
    from balise.cli.common import OPERATOR, open_container
    from balise.services import obligations

    with open_container() as container, container.uow(read_only=True) as uow:
        document = obligations.get_tracker(uow, actor=OPERATOR, slug=slug).to_json()
    _print(document, output)


@obligations_app.command("set")
def set_status(
    slug: Slug,
    code: Annotated[str, typer.Argument(metavar="DUTY", help="The duty's code, e.g. fria.")],
    role: Annotated[str, typer.Argument(metavar="ROLE", help="The role it is owed in.")],
    status: Annotated[
        str, typer.Option("--status", help="to_do, in_progress, met or not_applicable.")
    ],
    acting_as: Annotated[
        str,
        typer.Option(
            "--as",
            metavar="EMAIL",
            help="An editor or reviewer of the record's organisation, or an administrator; the "
            "audit log records the change under this account.",
        ),
    ],
    reason: Annotated[
        str, typer.Option("--reason", help="Why the duty does not apply (not_applicable).")
    ] = "",
    evidence_kind: Annotated[
        str,
        typer.Option("--evidence-kind", help="assessment, audit, incident_procedure or document."),
    ] = "",
    evidence_reference: Annotated[
        str,
        typer.Option(
            "--evidence-reference",
            help="Balise's reference of held evidence (see `show`), or a document's.",
        ),
    ] = "",
    evidence_title: Annotated[
        str, typer.Option("--evidence-title", help="A document's title.")
    ] = "",
    evidence_url: Annotated[
        str, typer.Option("--evidence-url", help="A document's web address.")
    ] = "",
    output: FormatOption = Format.TEXT,
) -> None:
    """Set one duty's status; bad input exits with 2, naming every field."""
    from balise.cli.common import actor_for, open_container
    from balise.domain.obligations.model import StatusInput
    from balise.services import obligations

    given = StatusInput(
        status=status,
        reason=reason,
        evidence_kind=evidence_kind,
        evidence_reference=evidence_reference,
        evidence_title=evidence_title,
        evidence_url=evidence_url,
    )
    with open_container() as container, container.uow() as uow:
        actor = actor_for(uow, acting_as)
        obligations.set_status(uow, actor=actor, slug=slug, code=code, role=role, given=given)
        document = obligations.get_tracker(uow, actor=actor, slug=slug).to_json()
        uow.commit()
    _print(document, output)
