"""`balise assess`: the impact-assessment templates, and an assessment's export (JSON or PDF).

The container, the services and WeasyPrint are imported inside the commands, so that
`balise --help` stays fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from balise.cli.common import Format, FormatOption, describe, fail, print_json, print_table
from balise.domain.shared.errors import DomainError

assess_app = typer.Typer(
    help="Impact assessments (FRIA, DPIA, ethics): templates and exports.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class ExportFormat(StrEnum):
    JSON = "json"
    PDF = "pdf"


@assess_app.command()
def templates(output_format: FormatOption = Format.TEXT) -> None:
    """List the assessment templates (code, version, languages, number of questions)."""
    from balise.services.assessments import template_documents

    documents = template_documents()
    if output_format is Format.JSON:
        print_json({"templates": documents})
        return
    print_table(
        ["code", "version", "languages", "questions"],
        [
            [d["code"], d["version"], ",".join(d["languages"]), str(len(d["questions"]))]
            for d in documents
        ],
    )


@assess_app.command()
def export(
    assessment_id: Annotated[int, typer.Argument(metavar="ID", help="The assessment's number.")],
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="json (stable keys) or pdf.")
    ] = ExportFormat.JSON,
    notification: Annotated[
        bool,
        typer.Option(
            "--notification",
            help="The Art 27(3) notification pack of a FRIA instead of the report.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="Where to write the PDF (default: ./assessment-ID.pdf or ./notification-ID.pdf).",
        ),
    ] = None,
    language: Annotated[str, typer.Option("--language", help="fr, nl, de or en.")] = "en",
) -> None:
    """Export one assessment: its document as JSON, or its report as a PDF; with
    --notification, the Art 27(3) notification pack for the market-surveillance authority."""
    from balise.cli.common import OPERATOR, open_container
    from balise.domain.shared.i18n import Language
    from balise.web.assessments import documents
    from balise.web.assessments.views import assessment_view

    if language not in {lang.value for lang in Language}:
        fail(["--language: use fr, nl, de or en."])
    build = documents.notification_context if notification else documents.report_context
    with open_container() as container, container.uow(read_only=True) as uow:
        try:
            context = build(uow, OPERATOR, assessment_id)
        except DomainError as error:
            fail(describe(error))
        today = uow.clock.now().date()
    assessment = context["assessment"]
    organisation = context["organisation"]
    if output_format is ExportFormat.JSON:
        if notification:
            print_json(context["pack"])
            return
        print_json(
            {
                "assessment": assessment_view(assessment, today=today),
                "system": context["record"].slug,
                "organisation": organisation.slug if organisation else None,
                "template": {
                    "code": assessment.template.value,
                    "version": assessment.template_version,
                },
            }
        )
        return
    name = documents.NOTIFICATION if notification else documents.REPORT
    html = documents.document_html(name, context, Language(language))
    kind = "notification" if notification else "assessment"
    target = output or Path(f"{kind}-{assessment_id}.pdf")
    target.write_bytes(documents.render_pdf(html))
    typer.echo(str(target))
